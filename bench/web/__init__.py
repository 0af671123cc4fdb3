"""Web benchmark: the dashboard, person search and person page under load, beside datasette."""

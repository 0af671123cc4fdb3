"""Soak benchmark: the web app under a steady mixed load of reads and writes for minutes."""

"""Printable, self-contained exports of the ledger: the brief (``polon report``) and its charts.

Nothing is imported here on purpose: the web app imports ``polon.report.charts`` for its
dashboard, and that should not pull in the brief's template machinery or the analytics.
"""

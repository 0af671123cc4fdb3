"""Who may call which route: one table, read by the app on every request and by the test
that visits every route as every role.

A route that is not in the table is refused (fail closed), so a new page cannot go live
without someone deciding who may see it. An anonymous visitor has no role; with ``--public``
they read as a viewer, and still write nothing.
"""

from __future__ import annotations

OPEN = frozenset({"anonymous", "admin", "editor", "analyst", "viewer"})
EVERYONE = frozenset({"admin", "editor", "analyst", "viewer"})
PERSONAL = frozenset({"admin", "editor", "analyst"})  # may read persons' personal data
EDITORS = frozenset({"admin", "editor"})
ADMINS = frozenset({"admin"})

POLICY: dict[str, frozenset[str]] = {
    # no login needed
    "login_form": OPEN,
    "login": OPEN,
    "logout": OPEN,
    "static": OPEN,
    "openapi": OPEN,  # describes the API, holds no data
    "health": OPEN,
    # pages
    "dashboard": EVERYONE,
    "chart_held": EVERYONE,
    "chart_exchanges": EVERYONE,
    "sources_page": EVERYONE,  # a viewer sees published sources only
    "source_page": EVERYONE,
    "exchanges_page": EVERYONE,
    "figures_page": EVERYONE,
    "promises_page": EVERYONE,
    "places_page": EVERYONE,
    "discrepancies_page": EVERYONE,
    "analysis_page": EVERYONE,  # aggregates: figures, exchanges, promises, group durations
    "persons_page": EVERYONE,  # a viewer finds only what published sources named
    "person_page": EVERYONE,
    "audit_page": PERSONAL,  # entries carry before/after values, persons' data included
    "review_queue": EDITORS,
    "review_source": EDITORS,
    "review_decide": EDITORS,
    "claim_edit": EDITORS,
    "discrepancy_resolve": EDITORS,
    "upload_form": EDITORS,
    "upload": EDITORS,
    "users_page": ADMINS,
    "users_add": ADMINS,
    "users_disable": ADMINS,
    "users_token": ADMINS,
    # JSON API, mirroring the pages
    "api_me": EVERYONE,
    "api_dashboard": EVERYONE,
    "api_sources": EVERYONE,
    "api_source": EVERYONE,
    "api_exchanges": EVERYONE,
    "api_figures": EVERYONE,
    "api_promises": EVERYONE,
    "api_places": EVERYONE,
    "api_discrepancies": EVERYONE,
    "api_analysis_groups": EVERYONE,
    "api_analysis_series": EVERYONE,
    "api_analysis_exchanges": EVERYONE,  # who came home only for roles that read persons
    "api_analysis_promises": EVERYONE,
    "api_analysis_durations": EVERYONE,  # per group, never per person
    "api_persons": EVERYONE,
    "api_person": EVERYONE,
    "api_claims": EDITORS,
    "api_claim": EDITORS,
    "api_claim_edit": EDITORS,
    "api_claim_decide": EDITORS,
    "api_source_decide": EDITORS,
    "api_discrepancy_resolve": EDITORS,
    "api_upload": EDITORS,
    "api_audit": PERSONAL,
    # every person's record, or one table's rows; the handler then refuses a table the role
    # may not export (audit_log: admins only; see polon.interchange.tables)
    "api_export": PERSONAL,
    "api_users": ADMINS,
}


def allowed(route: str, role: str | None) -> bool:
    """May ``role`` (None: anonymous) call ``route``? Unknown routes: nobody may."""
    rule = POLICY.get(route)
    if rule is None:
        return False
    return (role or "anonymous") in rule

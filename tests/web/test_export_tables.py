"""`GET /api/v1/export?table=…`: the same tables, role rules and audit as `polon export`."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from polon.interchange.tables import TABLES
from polon.ledger.models import AuditEntry
from tests.web.conftest import Site


def _exports(site: Site) -> list[dict]:
    with site.ledger._sessions() as session:
        query = select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        return [entry.after for entry in session.scalars(query)]


def test_a_table_as_json_and_csv_with_its_audit_entry(site: Site):
    client = site.client()
    analyst = site.as_role(client, "analyst")
    answer = client.get("/api/v1/export?table=figures&format=json", headers=analyst)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"].endswith('filename="polon-figures.json"')
    figures = answer.json()
    assert figures and list(figures[0]) == TABLES["figures"].columns

    answer = client.get("/api/v1/export?table=person_facts", headers=analyst)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    facts = list(csv.DictReader(io.StringIO(answer.text, newline="")))
    assert "Dnipro" in {f["value"] for f in facts}  # a call sign from the person list
    assert _exports(site) == [
        {"format": "json", "role": "analyst", "tables": {"figures": len(figures)}},
        {"format": "csv", "role": "analyst", "tables": {"person_facts": len(facts)}},
    ]


def test_roles_unknown_tables_and_formats(site: Site):
    client = site.client()
    as_role = {role: site.as_role(client, role) for role in ("admin", "editor", "viewer")}

    def status(role: str, query: str) -> int:
        return client.get(f"/api/v1/export?{query}", headers=as_role[role]).status_code

    assert status("editor", "table=audit_log") == 403
    assert status("admin", "table=audit_log") == 200
    assert status("viewer", "table=figures") == 403  # the route is for roles that see persons
    assert client.get("/api/v1/export?table=figures").status_code == 401
    unknown = client.get("/api/v1/export?table=users", headers=as_role["admin"])
    assert unknown.status_code == 404 and "the tables are: sources" in unknown.text
    assert status("admin", "table=figures&format=pfif") == 422
    assert status("admin", "table=figures&format=xlsx") == 422
    pfif = client.get("/api/v1/export?table=persons&format=pfif", headers=as_role["editor"])
    assert pfif.status_code == 200 and pfif.text.startswith("<?xml")
    assert pfif.headers["content-disposition"].endswith('filename="polon-persons.xml"')
    assert [set(entry) for entry in _exports(site)] == [
        {"format", "role", "tables"},
        {"format", "role", "persons"},
    ]

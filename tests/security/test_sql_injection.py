"""SQL injection in every query parameter of every GET route (walked from the app, so a new
search field is attacked too) and in the CLI's person search, on SQLite and PostgreSQL.

Each text parameter gets classic payloads (a number, date or choice, which FastAPI checks
before any handler runs, three of them) as the least trusted role allowed on the route. None
may cause a 5xx, return more rows than a harmless value of the same parameter does, or
change a table: the ledger is counted table by table before and after.
"""

from __future__ import annotations

import json
import typing
from datetime import date

from httpx import Response
from sqlalchemy import func, inspect, select, table

from polon.ledger import Ledger
from tests.cli.test_cli import polon
from tests.security.walk import concrete, endpoints, least_role
from tests.web.conftest import Site

PAYLOADS = (
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE persons; --',
    "%' UNION SELECT name, password_hash, role FROM users --",
    "1) OR (1=1",
    "admin'--",
    "\\",
    "x\x00' OR 1=1 --",
    "%",
    "_",
    "'" * 3000,
)
TYPED = PAYLOADS[:1] + PAYLOADS[3:4] + PAYLOADS[7:8]  # numbers, dates, choices: validated
HARMLESS = "harmless"


def counts(ledger: Ledger) -> dict[str, int]:
    """Rows per table, every table the database has (a dropped one would be missing)."""
    names = inspect(ledger.engine).get_table_names()
    with ledger._sessions() as session:
        return {n: session.scalar(select(func.count()).select_from(table(n))) for n in names}


def rows(answer: Response) -> int:
    """How much data an answer holds: objects in JSON lists, table rows and list items in
    HTML, lines in CSV."""
    kind = answer.headers.get("content-type", "")
    if answer.status_code != 200:
        return 0
    if kind.startswith("application/json"):
        return _objects(answer.json())
    if kind.startswith("text/html"):
        return answer.text.count("<tr") + answer.text.count("<li")
    return answer.text.count("\n")


def _objects(value: object) -> int:
    if isinstance(value, dict):
        return sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(1 + _objects(v) for v in value)
    return 0


def _harmless(annotation: object) -> str | None:
    """A value of the parameter's own type that matches nothing in particular; None: leave
    the parameter out (its default)."""
    args = typing.get_args(annotation)
    if annotation is str or (str in args and not any(a is date for a in args)):
        return HARMLESS
    return None


def test_every_query_parameter_refuses_injection(site: Site):
    before = counts(site.ledger)
    client = site.client()
    tried, failures = 0, []
    ids = {"source_id": site.list_source, "person_id": site.list_person}
    for endpoint in endpoints(client.app):
        if endpoint.method != "GET" or not endpoint.query:
            continue
        role = least_role(endpoint.name)
        headers = site.as_role(client, role) if role else {}
        url = concrete(endpoint.path, ids)
        for name, annotation in endpoint.query.items():
            harmless = _harmless(annotation)
            params = {name: harmless} if harmless is not None else {}
            baseline = rows(client.get(url, params=params, headers=headers))
            for payload in PAYLOADS if harmless is not None else TYPED:
                answer = client.get(url, params={name: payload}, headers=headers)
                tried += 1
                if answer.status_code >= 500 or rows(answer) > baseline:
                    failures.append(
                        f"{url}?{name}={payload[:30]!r}: {answer.status_code}, "
                        f"{rows(answer)} rows > {baseline}"
                    )
    assert not failures, "\n".join(failures)
    after = counts(site.ledger)
    after.pop("audit_log"), before.pop("audit_log")  # refused exports are not written, views are
    assert after == before
    print(f"SQL injection: {tried} (parameter, payload) requests")


def test_the_cli_person_search_refuses_injection(site: Site, db_url: str):
    before = counts(site.ledger)

    def hits(query: str) -> int:  # as an analyst, who may see every person
        result = polon(db_url, "persons", "search", query, "--json")
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout))

    baseline = hits(HARMLESS)
    for payload in PAYLOADS:
        assert hits(payload) <= baseline, payload
    assert hits("Shevchuk") == 1  # the search itself works
    assert counts(site.ledger) == before

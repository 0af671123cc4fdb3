"""The person lookups that run on every page view and every ingested person claim use
indexes: each was once written so that SQLite walked the whole persons table (3 ms a person
page and 15 ms a person claim at 100,000 persons). The plans are read from SQLite itself,
for the statements the functions really send."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from polon.ledger import Ledger
from polon.ledger.build.persons import find_person
from polon.ledger.models import NameVariant
from polon.registry.merge import members
from polon.registry.search import search
from tests.web.conftest import make_site

BIG = ("persons", "name_variants", "person_keys")


@contextmanager
def plans(ledger: Ledger) -> Iterator[list[str]]:
    """Every step of every query plan of the SELECTs sent inside the block."""
    steps: list[str] = []

    def explain(conn, cursor, statement, parameters, context, many) -> None:  # noqa: ANN001
        if not many and statement.lstrip().upper().startswith("SELECT"):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            steps.extend(row[3] for row in rows)

    event.listen(ledger.engine, "before_cursor_execute", explain)
    try:
        yield steps
    finally:
        event.remove(ledger.engine, "before_cursor_execute", explain)


def scans(steps: list[str]) -> list[str]:
    """Steps that read a whole persons table: a SCAN without an index."""
    return [s for s in steps if s.split()[:2] in (["SCAN", t] for t in BIG) and "INDEX" not in s]


LOOKUPS: dict[str, Callable[[Session, int, str], object]] = {
    "members": lambda session, person_id, _: members(session, person_id),
    "find_person": lambda session, _, key: find_person(session, key),
    "search": lambda session, _, key: search(session, "Denys Prokopenko"),
}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lookup", LOOKUPS)
def test_person_lookups_read_indexes_not_the_table(ledger: Ledger, lookup: str):
    site = make_site(ledger)
    with ledger.engine.begin() as connection:  # statistics, as a grown ledger has them
        connection.exec_driver_sql("ANALYZE")
    with ledger._sessions() as session:
        key = session.scalar(select(NameVariant.key).limit(1))
        with plans(ledger) as steps:
            LOOKUPS[lookup](session, site.article_person, key)
    assert steps and not scans(steps), steps

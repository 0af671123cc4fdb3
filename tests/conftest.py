"""Shared fixtures: real SQLite files and a real PostgreSQL server, never mocks.

Every storage test runs twice, once per backend. The PostgreSQL side creates one database
for the whole test run (and drops it at the end) and gives each test its own schema in it,
which is much faster than a database per test and just as isolated.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

import polon
from polon.ledger import Ledger

EXAMPLES = Path(polon.__file__).parent / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
NV_SEED = EXAMPLES / "000_d73107fb2a416f50.txt"
KI_SEED = EXAMPLES / "003_9316b3fbb6d58c58.txt"
PG_ADMIN_URL = os.environ.get("POLON_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _connect(sqlalchemy_url: str) -> psycopg.Connection:
    url = make_url(sqlalchemy_url)
    return psycopg.connect(
        host=url.host, port=url.port, user=url.username, password=url.password,
        dbname=url.database, autocommit=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this test run, dropped when the run ends."""
    name = f"polon_test_{uuid.uuid4().hex[:10]}"
    with _connect(PG_ADMIN_URL) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN_URL).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _connect(PG_ADMIN_URL) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend: an SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    base = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with _connect(base) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with _connect(base) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    """An initialised, empty ledger on each backend."""
    with Ledger(db_url) as opened:
        opened.init()
        yield opened

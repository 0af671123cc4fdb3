"""Killing `polon ingest` or `polon import` at random moments loses nothing, half-writes nothing.

Each command runs as its own process and is killed with SIGKILL (no handler, no cleanup) more
than twenty times per backend, at seeded random moments: for ingest, once a random number of
sources is stored, plus a random delay of up to two documents' time so the kill lands inside a
transaction as often as between two; for a list import, a random delay after the import has
begun writing its single transaction (or, one time in four, after the command started). After
every kill the ledger is checked: every constraint of the schema holds (integrity_check on
SQLite; rows breaking a foreign, unique, not-null or check constraint counted on both), and
every source is complete with all its claims, accepted, or absent. A last run through a cold
``python -m polon`` finishes the work, and the ledger then equals one built by a clean,
unkilled run of the same input, table by table.

Restarts go through a warm launcher (tests/crash/launcher.py) that forks the already imported
command: a cold start costs about a second of imports, more than twenty restarts per backend
would cost that many seconds, and the kill would land on imports instead of on writes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from bench.corpus import write_reports
from polon.cli import app
from polon.ingest import extract, read_document
from polon.ledger import accounts  # noqa: F401 - its tables are part of every comparison
from polon.ledger.db import make_engine
from polon.ledger.models import Base, Claim, Person, Source
from tests.crash.ledger_checks import Violations, counts, rows, sources_complete
from tests.crash.person_list import write_person_list
from tests.crash.processes import ROOT, Launcher

DOCUMENTS = 500
LIST_ROWS = 1000
KILLS = 20
SEED = 20221021
ACTOR = "crash-test"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "reports"
    write_reports(folder, DOCUMENTS)
    return folder


@pytest.fixture(scope="module")
def expected_claims(reports: Path) -> dict[str, int]:
    """What extraction yields for each report: a stored source must have exactly this many."""
    return {str(p): len(extract(read_document(p)).claims) for p in sorted(reports.iterdir())}


@pytest.fixture(scope="module")
def clean_ledger(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """The same folder ingested once, never killed: what every resumed ledger must equal."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}"
    _polon(url, "init")
    _polon(url, "ingest", "--accept", str(reports))
    engine = make_engine(url)
    with engine.connect() as connection:
        tables = {t.name: rows(connection, t, portable=True) for t in Base.metadata.sorted_tables}
    engine.dispose()
    return tables


def _polon(url: str, *args: str) -> None:
    result = CliRunner().invoke(app, ["--db", url, "--user", ACTOR, *args])
    assert result.exit_code == 0, result.output


def _cold_polon(url: str, *args: str) -> subprocess.CompletedProcess:
    """The command as a user starts it: a fresh interpreter through ``python -m polon``."""
    return subprocess.run(
        [sys.executable, "-m", "polon", "--db", url, "--user", ACTOR, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "COLUMNS": "400"},  # one line per message, however long the path
    )  # fmt: skip


def _count(engine: Engine, entity: type[Base]) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(entity)).scalar_one()


def _wait_for(condition: Callable[[], bool], launcher: Launcher, pid: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        code = launcher.poll(pid)
        if code is not None:
            raise AssertionError(f"polon ended on its own (exit {code}): {log.read_text()}")
        if time.monotonic() > deadline:
            launcher.kill(pid)
            raise AssertionError("polon made no progress in two minutes")
        time.sleep(0.01)


def _sound(engine: Engine, violations: Violations) -> None:
    with engine.connect() as connection:
        assert violations.find(connection) == []


def test_ingest_killed_at_random_then_finished(
    db_url: str,
    reports: Path,
    expected_claims: dict[str, int],
    clean_ledger: dict[str, list],
    tmp_path: Path,
):
    _polon(db_url, "init")
    engine = make_engine(db_url)
    violations = Violations(engine)
    rng = random.Random(SEED)
    log = tmp_path / "polon.log"
    command = ["--db", db_url, "--user", ACTOR, "ingest", "--accept", str(reports)]
    with Launcher(log) as launcher:
        for kill in range(KILLS):
            stored = _count(engine, Source)
            # spread the kills over the whole folder, leaving a tail for the last run
            stride = max(1, 2 * (DOCUMENTS - stored) // (KILLS - kill + 2))
            target = stored + rng.randint(1, stride)
            pid = launcher.run(*command)
            _wait_for(lambda n=target: _count(engine, Source) >= n, launcher, pid, log)
            time.sleep(rng.uniform(0, 0.03))
            assert launcher.kill(pid) == -signal.SIGKILL
            _sound(engine, violations)
            assert stored < sources_complete(engine, expected_claims) < DOCUMENTS
    before_last = _count(engine, Source)
    last = _cold_polon(db_url, "ingest", "--accept", str(reports))
    assert last.returncode == 0, last.stderr
    done = DOCUMENTS - before_last
    assert f"{DOCUMENTS} files: {done} new sources, {before_last} already in the ledger" in (
        last.stderr
    )
    _sound(engine, violations)
    assert sources_complete(engine, expected_claims) == DOCUMENTS
    assert _count(engine, Claim) == sum(expected_claims.values())
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:  # figures, exchanges, audit… as if never killed
            assert rows(connection, table, portable=True) == clean_ledger[table.name], table.name
    engine.dispose()


def _writing(db_url: str, application: str) -> Callable[[], bool]:
    """Whether the import has opened its write transaction (and not yet ended it)."""
    if db_url.startswith("sqlite"):
        import sqlite3

        probe = sqlite3.connect(make_url(db_url).database, timeout=0, isolation_level=None)

        def locked() -> bool:
            try:
                probe.execute("BEGIN IMMEDIATE")  # the write lock: free unless a writer holds it
            except sqlite3.OperationalError:
                return True
            probe.execute("ROLLBACK")
            return False

        return locked
    base = make_url(db_url).set(drivername="postgresql", query={})
    monitor = psycopg.connect(base.render_as_string(hide_password=False), autocommit=True)

    def open_transaction() -> bool:
        row = monitor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s"
            " AND backend_xid IS NOT NULL",
            (application,),
        ).fetchone()
        return bool(row and row[0])

    return open_transaction


def test_list_import_killed_at_random_then_finished(db_url: str, tmp_path: Path):
    persons_csv = write_person_list(tmp_path / "persons.csv", LIST_ROWS, SEED)
    _polon(db_url, "init")
    engine = make_engine(db_url)
    violations = Violations(engine)
    with engine.connect() as connection:
        empty = counts(connection, Base.metadata)
    application = f"polon-crash-{tmp_path.name}"[:60]
    url = db_url
    if not db_url.startswith("sqlite"):
        url = make_url(db_url).update_query_dict({"application_name": application})
        url = url.render_as_string(hide_password=False)
    writing = _writing(db_url, application)
    rng = random.Random(SEED)
    log = tmp_path / "polon.log"
    outcomes = Counter()
    with Launcher(log) as launcher:
        for kill in range(KILLS):
            pid = launcher.run("--db", url, "--user", ACTOR, "import", str(persons_csv))
            if kill % 4 == 0:
                time.sleep(rng.uniform(0, 0.3))  # anywhere: reading, parsing or writing
            else:
                _wait_for(writing, launcher, pid, log)
                time.sleep(rng.uniform(0, 0.6))
            code = launcher.kill(pid)
            _sound(engine, violations)
            with engine.connect() as connection:
                now = counts(connection, Base.metadata)
            if now == empty:
                outcomes["none"] += 1
                assert code == -signal.SIGKILL
            else:  # a kill that came too late finds the whole list, never a part of it
                outcomes["all"] += 1
                _list_complete(engine)
    assert outcomes["none"] >= KILLS // 2, outcomes
    last = _cold_polon(db_url, "import", str(persons_csv))
    assert last.returncode == 0, last.stderr
    if not outcomes["all"]:
        assert f"{LIST_ROWS} persons, 0 notes" in last.stdout
    _sound(engine, violations)
    _list_complete(engine)
    engine.dispose()


def _list_complete(engine: Engine) -> None:
    """The whole list: one source, one accepted claim, one person, one status and one row id
    per row."""
    with engine.connect() as connection:
        found = counts(connection, Base.metadata)
        states = set(connection.execute(select(Claim.state).distinct()).scalars())
        ids = connection.execute(text("SELECT count(DISTINCT value) FROM person_identifiers"))
        distinct_ids = ids.scalar_one()
    assert found["sources"] == 1 and states == {"accepted"}
    for table in ("claims", "persons", "person_statuses", "person_identifiers"):
        assert found[table] == LIST_ROWS, (table, found[table])
    assert distinct_ids == LIST_ROWS
    assert _count(engine, Person) == LIST_ROWS

"""`polon backup` and `polon restore` on real SQLite files and a real PostgreSQL server.

A restore must give back every row of every table; a backup taken while `polon ingest` writes
must hold whole sources only; and a restore must refuse what it cannot do safely.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from bench.corpus import write_reports
from polon.cli import app
from polon.ingest import extract, read_report
from polon.ledger import Ledger, SourceMeta, schema
from polon.ledger.accounts import add_user, issue_token
from polon.ledger.backup import _pg_connection
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, Base, Claim, Source
from polon.registry.registry import Registry
from tests.conftest import FIXTURES, KI_SEED, NV_SEED, PG_ADMIN_URL, _connect
from tests.crash.ledger_checks import Violations, reflect, rows, sources_complete
from tests.crash.processes import ROOT

runner = CliRunner()
DURING = 80  # reports ingested while the backups are taken


def polon(db: str, *args: str):
    return runner.invoke(app, ["--db", db, "--user", "backup-tester", *args])


@pytest.fixture
def twin(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty, initialised ledger of the same backend that a backup of ``db_url`` can go
    into. On PostgreSQL a dump restores into the schema it was taken from, so the twin is a
    database of its own with a schema of the same name."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'twin.db'}"
        assert polon(url, "init").exit_code == 0
        yield url
        return
    source = make_url(db_url)
    schema_name = source.query["options"].split("=", 1)[1]
    database = f"polon_twin_{uuid.uuid4().hex[:10]}"
    with _connect(PG_ADMIN_URL) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    url = source.set(database=database).render_as_string(hide_password=False)
    with _connect(url.split("?")[0]) as connection:
        connection.execute(f'CREATE SCHEMA "{schema_name}"')
    assert polon(url, "init").exit_code == 0
    yield url
    with _connect(PG_ADMIN_URL) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _ingest(ledger: Ledger, path: Path, accept: bool) -> int:
    document = read_report(path)
    extraction = extract(document)
    meta = SourceMeta(published=extraction.published)
    return ledger.add_source(document, extraction.claims, meta, "tester", accept=accept).source_id


def _fill(ledger: Ledger) -> None:
    """Something in every part of the ledger: users and tokens, an accepted and a reviewed
    source, a person list, and the audit entries all of that writes."""
    with transaction(ledger._sessions) as session:
        for role in ("admin", "editor", "viewer"):
            add_user(session, role, role, "a long enough password", None)
            issue_token(session, role, None)
    _ingest(ledger, NV_SEED, accept=True)
    source = _ingest(ledger, KI_SEED, accept=False)
    claim = ledger.claims(state="proposed", source_id=source)[0]
    ledger.edit_claim(claim["id"], claim["version"], {"attributed_to": "a spokesman"}, "editor")
    Registry(ledger).import_list(FIXTURES / "lists" / "en_comma.csv", "editor")


def _tables(url: str) -> dict[str, list[str]]:
    """Every table the database holds, row by row (alembic_version included)."""
    with Ledger(url) as ledger, ledger.engine.connect() as connection:
        metadata = reflect(ledger.engine)
        declared = {t.name: t for t in Base.metadata.sorted_tables}
        # declared types where the code declares the table, so JSON and dates compare as values
        return {
            name: rows(connection, declared.get(name, table))
            for name, table in metadata.tables.items()
        }


def test_round_trip_gives_back_every_row_of_every_table(ledger: Ledger, twin: str, tmp_path):
    _fill(ledger)
    ledger.close()
    backup = tmp_path / "ledger.backup"
    made = polon(ledger.url, "backup", str(backup))
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith(f"Backed up {ledger.display_url} to {backup}: ")
    before = _tables(ledger.url)
    assert set(before) >= {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"}
    assert all(before[name] for name in ("users", "api_tokens", "sources", "claims", "persons",
                                         "person_statuses", "figures", "audit_log"))  # fmt: skip

    put_back = polon(twin, "restore", str(backup))
    assert put_back.exit_code == 0, put_back.output
    assert "recorded in the audit log" in put_back.stdout
    after = _tables(twin)
    assert after.keys() == before.keys()
    with Ledger(twin) as restored, restored.session() as session:
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "restore"))
        assert entry.after["backup"] == backup.name and entry.after["by"] == "backup-tester"
    after["audit_log"] = [row for row in after["audit_log"] if '"restore"' not in row]
    for name in before:
        assert after[name] == before[name], name


def test_backup_while_ingest_writes_holds_whole_sources(db_url: str, tmp_path: Path):
    folder = tmp_path / "reports"
    write_reports(folder, DURING)
    expected = {str(p): len(extract(read_report(p)).claims) for p in sorted(folder.iterdir())}
    assert polon(db_url, "init").exit_code == 0
    writer = subprocess.Popen(
        [sys.executable, "-m", "polon", "--db", db_url, "ingest", "--accept", str(folder)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    ledger = Ledger(db_url)
    try:
        while _count(ledger, Source) < 5:
            assert writer.poll() is None, "ingest ended before the backup"
            time.sleep(0.01)
        backups = []
        for n in range(2):
            path = tmp_path / f"during-{n}.backup"
            done = polon(db_url, "backup", str(path))
            assert done.exit_code == 0, done.output
            backups.append((path, writer.poll() is None))
        assert backups[0][1], "the first backup must be taken while ingest still writes"
        assert writer.wait(timeout=300) == 0
    finally:
        writer.kill()
        ledger.close()
    for path, _ in backups:
        stored = _whole_sources(db_url, path, expected, tmp_path)
        assert 5 <= stored <= DURING


def _count(ledger: Ledger, entity: type[Base]) -> int:
    with ledger.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(entity)).scalar_one()


def _whole_sources(db_url: str, backup: Path, expected: dict[str, int], tmp_path: Path) -> int:
    """Restore the backup into a fresh ledger and check it: every constraint holds, every
    source has all its claims, accepted. Returns how many sources it holds."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / ('check-' + backup.name)}"
    else:  # the same schema name, emptied: the backup replaces it
        url = db_url
    result = polon(url, "restore", "--force", str(backup))
    assert result.exit_code == 0, result.output
    with Ledger(url) as restored:
        with restored.engine.connect() as connection:
            assert Violations(restored.engine).find(connection) == []
        assert _count(restored, Claim) > 0
        return sources_complete(restored.engine, expected)


def test_restore_refuses_a_ledger_with_data_unless_forced(ledger: Ledger, tmp_path: Path):
    _ingest(ledger, NV_SEED, accept=True)
    backup = tmp_path / "ledger.backup"
    assert polon(ledger.url, "backup", str(backup)).exit_code == 0
    refused = polon(ledger.url, "restore", str(backup))
    assert refused.exit_code == 2
    assert "already holds data" in refused.output and "--force" in refused.output
    forced = polon(ledger.url, "restore", "--force", str(backup))
    assert forced.exit_code == 0, forced.output
    assert _count(ledger, Source) == 1


def test_restore_refuses_what_is_not_a_backup_of_this_backend(db_url: str, tmp_path: Path):
    assert polon(db_url, "init").exit_code == 0
    junk = tmp_path / "notes.txt"
    junk.write_text("not a ledger\n")
    empty = tmp_path / "empty.backup"
    empty.write_bytes(b"")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    fake_dump = tmp_path / "fake.dump"
    fake_dump.write_bytes(b"PGDMP" + b"\x00" * 64)
    cases = {junk: "neither an SQLite file nor a pg_dump archive", empty: "an empty file"}
    if db_url.startswith("sqlite"):
        cases[other] = "an SQLite database but not a Polon ledger"
        cases[fake_dump] = "is a PostgreSQL dump (pg_dump custom format), not a backup of"
    else:
        cases[other] = "is an SQLite database, not a backup of this ledger's backend"
        cases[fake_dump] = "pg_restore failed"
    for path, message in cases.items():
        refused = polon(db_url, "restore", str(path))
        assert refused.exit_code == 2, (path, refused.output)
        assert message in " ".join(refused.output.split()), (path, refused.output)


def test_restore_refuses_a_backup_from_a_newer_schema(ledger: Ledger, twin: str, tmp_path):
    backup = tmp_path / "future.backup"
    if ledger.engine.dialect.name == "sqlite":
        assert polon(ledger.url, "backup", str(backup)).exit_code == 0
        with sqlite3.connect(backup) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999'")
    else:
        with ledger.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        assert polon(ledger.url, "backup", str(backup)).exit_code == 0
    refused = polon(twin, "restore", str(backup))
    assert refused.exit_code == 2
    assert "made by a newer Polon (schema 9999" in " ".join(refused.output.split())
    with Ledger(twin) as untouched:
        assert schema.is_current(untouched.engine)


def test_restore_upgrades_an_older_backup(db_url: str, twin: str, tmp_path: Path):
    with Ledger(db_url) as old:
        schema.upgrade(old.engine, "0001")
        with old.engine.begin() as connection:
            connection.execute(text("INSERT INTO places (name, kind) VALUES ('Olenivka', 'camp')"))
    backup = tmp_path / "old.backup"
    assert polon(db_url, "backup", str(backup)).exit_code == 0
    result = polon(twin, "restore", str(backup))
    assert result.exit_code == 0, result.output
    with Ledger(twin) as restored:
        head = schema.head_revision(restored.engine)
        assert f"(schema 0001, upgraded to {head})" in result.stdout
        assert schema.is_current(restored.engine)
        with restored.engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM places")).scalars().all() == [
                "Olenivka"
            ]


def test_sqlite_restore_over_a_live_wal(tmp_path: Path):
    """Committed transactions still in the target's -wal file, and a connection holding it
    open: the restore goes through the backup API, so nothing of the old ledger survives."""
    source, target = f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "b.db"
    for url in (source, f"sqlite:///{target}"):
        assert polon(url, "init").exit_code == 0
    with Ledger(source) as ledger:
        _ingest(ledger, NV_SEED, accept=True)
    backup = tmp_path / "a.backup"
    assert polon(source, "backup", str(backup)).exit_code == 0
    live = sqlite3.connect(target)
    live.execute("PRAGMA wal_autocheckpoint=0")
    live.execute("INSERT INTO places (name, kind) VALUES ('only in the old ledger', 'camp')")
    live.commit()
    assert Path(f"{target}-wal").stat().st_size > 0
    result = polon(f"sqlite:///{target}", "restore", "--force", str(backup))
    assert result.exit_code == 0, result.output
    assert live.execute("SELECT count(*) FROM places WHERE name LIKE 'only%'").fetchone() == (0,)
    live.close()
    assert _tables(f"sqlite:///{target}")["sources"] == _tables(source)["sources"]
    with sqlite3.connect(target) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_pg_password_travels_in_the_environment_only():
    ledger = Ledger("postgresql+psycopg://polon:s3cret-word@127.0.0.1:5432/ledger")
    url, env = _pg_connection(ledger)
    assert "s3cret-word" not in url and url == "postgresql://polon@127.0.0.1:5432/ledger"
    assert env["PGPASSWORD"] == "s3cret-word"
    ledger.close()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite needs no tool
def test_missing_pg_tool_is_a_clear_error_and_leaves_no_file(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    backup = tmp_path / "ledger.backup"
    backup.write_bytes(b"the previous backup")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    result = polon(ledger.url, "backup", str(backup))
    assert result.exit_code == 2
    assert "pg_dump not found: install the PostgreSQL client tools" in result.output
    assert backup.read_bytes() == b"the previous backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.backup"]
    assert inspect(ledger.engine).has_table("sources")

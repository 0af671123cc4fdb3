"""`polon export --table/--all` through the real entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from polon.interchange.tables import PERSONAL, TABLES, exportable
from polon.ledger import Ledger
from polon.ledger.models import AuditEntry
from tests.cli.test_cli import polon
from tests.conftest import EXAMPLES, FIXTURES


@pytest.fixture
def db(db_url: str) -> str:
    """The seed reports accepted and a person list imported: personal rows exist."""
    assert polon(db_url, "init").exit_code == 0
    assert polon(db_url, "ingest", "--accept", str(EXAMPLES)).exit_code == 0
    assert polon(db_url, "import", str(FIXTURES / "lists" / "en_comma.csv")).exit_code == 0
    return db_url


def _exports(db: str) -> list[dict]:
    with Ledger(db) as ledger, ledger._sessions() as session:
        query = select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
        return [entry.after for entry in session.scalars(query)]


def test_one_table_to_stdout_and_to_a_file(db: str, tmp_path: Path):
    result = polon(db, "export", "--format", "json", "--table", "figures")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert [f["value"] for f in figures if f["measure"] == "held"] == [2500, 3574, 700, 2500]
    assert list(figures[0]) == TABLES["figures"].columns

    path = tmp_path / "claims.csv"
    result = polon(db, "export", "--format", "csv", "--table", "claims", "--out", str(path))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert f"wrote {path} ({len(rows)} rows)" in result.stderr
    assert any("Shevchuk" in r["evidence"] for r in rows if r["kind"] == "person")
    assert _exports(db) == [
        {"format": "json", "role": "analyst", "tables": {"figures": len(figures)}},
        {"format": "csv", "role": "analyst", "tables": {"claims": len(rows)}},
    ]


def test_a_viewer_is_refused_personal_tables_and_all_writes_none(db: str, tmp_path: Path):
    refused = polon(db, "export", "--format", "csv", "--table", "persons", "--role", "viewer")
    assert refused.exit_code == 2
    assert refused.stdout == "" and "viewer role may not export persons" in refused.stderr

    folder = tmp_path / "viewer"
    result = polon(db, "export", "--all", "--format", "csv", "--out", str(folder),
                   "--role", "viewer")  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in folder.iterdir())
    assert written == sorted(f"{name}.csv" for name in exportable("viewer"))
    assert not [name for name in written if name.removesuffix(".csv") in PERSONAL | {"audit_log"}]
    for name in exportable("viewer"):
        rows = list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8", newline="")))
        assert f"{folder / name}.csv: {len(rows)} rows" in result.stderr
    assert "Shevchuk" not in "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    (entry,) = _exports(db)
    assert entry["role"] == "viewer" and set(entry["tables"]) == set(exportable("viewer"))


def test_all_as_admin_writes_every_table_including_the_audit_log(db: str, tmp_path: Path):
    folder = tmp_path / "admin"
    result = polon(db, "export", "--all", "--format", "json", "--out", str(folder),
                   "--role", "admin")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.json" for t in TABLES)
    persons = json.loads((folder / "persons.json").read_text(encoding="utf-8"))
    assert "Taras Shevchuk" in {p["name"] for p in persons}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", "--table", "nope"], "the tables are: sources, claims"),
        (["--format", "csv", "--all"], "--all writes one file per table"),
        (["--format", "csv", "--all", "--table", "figures", "--out", "x"], "and no --table"),
        (["--format", "pfif", "--table", "figures"], "csv or json, not 'pfif'"),
        (["--format", "csv", "--table", "audit_log"], "analyst role may not export audit_log"),
    ],
)
def test_bad_requests_exit_2_before_reading(db: str, args: list[str], message: str):
    result = polon(db, "export", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
    assert _exports(db) == []


def test_persons_stay_exported_as_records_and_pfif_only_for_persons(db: str):
    records = polon(db, "export", "--format", "csv")
    assert records.exit_code == 0 and records.stdout.startswith("record_id,full_name,")
    pfif = polon(db, "export", "--format", "pfif", "--table", "persons")
    assert pfif.exit_code == 0, pfif.output
    assert pfif.stdout.startswith("<?xml") and "Shevchuk" in pfif.stdout
    refused = polon(db, "export", "--format", "pfif", "--table", "persons", "--role", "viewer")
    assert refused.exit_code == 2 and refused.stdout == ""
    first, second = _exports(db)  # the refused one is not recorded
    assert first["format"] == "csv" and second["format"] == "pfif"
    assert first["persons"] == second["persons"] > 0

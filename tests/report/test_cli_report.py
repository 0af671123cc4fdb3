"""``polon report`` through its real entry point, on real databases."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polon.cli import app
from polon.ledger import Ledger
from polon.ledger.audit import entries
from polon.ledger.queries import Window
from tests.conftest import EXAMPLES
from tests.report.helpers import assert_offline, section, text

runner = CliRunner()


def polon(db: str, *args: str):
    return runner.invoke(app, ["--db", db, "--user", "report-tester", *args])


@pytest.fixture
def seeded(db_url: str) -> str:
    for args in (["init"], ["ingest", "--accept", str(EXAMPLES)]):
        result = polon(db_url, *args)
        assert result.exit_code == 0, result.output
    return db_url


def test_report_writes_the_brief_and_audits_the_export(seeded: str, tmp_path: Path):
    out = tmp_path / "brief.html"
    result = polon(seeded, "report", "--out", str(out), "--as-of", "2024-06-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Brief as of 2024-06-01, citing 2 sources: {out}\n"
    html = out.read_text(encoding="utf-8")
    assert_offline(html)
    assert "2022-09-21" in text(section(html, "exchanges"))
    with Ledger(seeded) as ledger, ledger._sessions() as session:
        exports = [e for e in entries(session, Window(1000))[0] if e["action"] == "export"]
    assert len(exports) == 1
    assert exports[0]["user"] == "report-tester" and exports[0]["entity_type"] == "brief"
    assert exports[0]["after"]["as_of"] == "2024-06-01"


def test_group_and_bad_date(seeded: str, tmp_path: Path):
    out = tmp_path / "brief.html"
    result = polon(seeded, "report", "--out", str(out), "--group", "Mariupol defenders")
    assert result.exit_code == 0, result.output
    head = text(section(out.read_text(encoding="utf-8"), "headline"))
    assert "Best current estimate of Mariupol defenders: more than 2,500 as of 2022-06-06" in head
    bad = polon(seeded, "report", "--out", str(out), "--as-of", "21.09.2022")
    assert bad.exit_code == 2
    assert "--as-of: not a date (YYYY-MM-DD): '21.09.2022'" in bad.output


def test_an_unwritable_path_is_an_error_not_a_traceback(seeded: str, tmp_path: Path):
    result = polon(seeded, "report", "--out", str(tmp_path / "missing" / "brief.html"))
    assert result.exit_code == 2
    assert "cannot write" in result.output and "No such file or directory" in result.output


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_pdf_beside_the_html(seeded: str, tmp_path: Path):
    if importlib.util.find_spec("weasyprint") is None:
        pytest.skip("WeasyPrint is not installed: pip install 'polon[pdf]'")
    out = tmp_path / "brief.html"
    result = polon(seeded, "report", "--out", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "brief.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000  # text, two charts, several pages
    assert str(tmp_path / "brief.pdf") in result.stdout

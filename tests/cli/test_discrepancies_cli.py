"""``polon discrepancies`` and ``polon discrepancies resolve`` through the real entry point."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import polon
from tests.conftest import FIXTURES


@pytest.fixture
def disputed(db_url: str) -> str:
    """A ledger with one open figure discrepancy (2,000 against about 8,000 held)."""
    assert polon(db_url, "init").exit_code == 0
    low, high = FIXTURES / "held_low.txt", FIXTURES / "held_high.txt"
    result = polon(db_url, "ingest", "--accept", str(low), str(high))
    assert result.exit_code == 0, result.output
    return db_url


def _listed(db: str, *args: str) -> list[dict]:
    result = polon(db, "discrepancies", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_list_still_prints_a_table_and_json(disputed: str):
    table = polon(disputed, "discrepancies", env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "2,000 and about 8,000 cannot both be true" in table.stdout
    assert "│ open " in table.stdout
    [row] = _listed(disputed)
    assert row["status"] == "open" and row["resolution"] is None and row["resolved_by"] is None


def test_resolve_then_filter_by_status(disputed: str):
    [row] = _listed(disputed)
    result = polon(disputed, "discrepancies", "resolve", str(row["id"]),
                   "--reason", "The bulletin counts civilians too.")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Discrepancy {row['id']} resolved by cli-tester" in result.stdout
    assert _listed(disputed, "--status", "open") == []
    [resolved] = _listed(disputed, "--status", "resolved")
    assert resolved["resolution"] == "The bulletin counts civilians too."
    assert resolved["resolved_by"] == "cli-tester"
    table = polon(disputed, "discrepancies", "--status", "resolved", env={"COLUMNS": "200"})
    assert "resolved by cli-tester on" in table.stdout
    assert "No open discrepancies." in polon(disputed, "discrepancies", "--status", "open").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999", "--reason", "checked"], "no discrepancy with id 999"),
        (["1", "--reason", "   "], "needs a reason"),
    ],
)
def test_refusals_exit_2_with_a_message(disputed: str, args: list[str], message: str):
    result = polon(disputed, "discrepancies", "resolve", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert _listed(disputed, "--status", "open")


def test_resolving_twice_exits_2_and_keeps_the_first_reason(disputed: str):
    assert polon(disputed, "discrepancies", "resolve", "1", "--reason", "first").exit_code == 0
    again = polon(disputed, "discrepancies", "resolve", "1", "--reason", "second")
    assert again.exit_code == 2
    assert "already resolved" in again.stderr and "first" in again.stderr
    [row] = _listed(disputed)
    assert row["resolution"] == "first"


def test_the_reason_is_required(disputed: str):
    result = polon(disputed, "discrepancies", "resolve", "1")
    assert result.exit_code == 2
    assert "--reason" in result.output

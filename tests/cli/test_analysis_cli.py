"""``polon analysis`` through its real entry point, on both backends."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import polon
from tests.conftest import EXAMPLES


@pytest.fixture
def seeded(db_url: str) -> str:
    for args in (("init",), ("ingest", "--accept", str(EXAMPLES))):
        result = polon(db_url, *args)
        assert result.exit_code == 0, result.output
    return db_url


def _json(db: str, *args: str):
    result = polon(db, "analysis", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_series_json_and_table(seeded: str):
    found = _json(seeded, "series", "Ukrainian POWs")
    assert [p["value"] for p in found["points"] if not p["subgroup"]] == [2500, 3574]
    assert found["estimate"]["value"] == 3574
    table = polon(seeded, "analysis", "series", "--as-of", "2022-10-01")
    assert table.exit_code == 0, table.output
    assert "Best estimate: 2,500 as of 2022-09-25" in " ".join(table.stdout.split())


def test_groups(seeded: str):
    names = [g["name"] for g in _json(seeded, "groups")]
    assert names[0] == "Ukrainian servicemen held by Russia"


def test_exchanges_promises_durations(seeded: str):
    stats = _json(seeded, "exchanges", "--as-of", "2024-01-15")
    assert stats["months_without_major"] == 15
    found = _json(seeded, "promises", "--as-of", "2024-01-15")
    [promise] = found["promises"]
    assert promise["outcome"] == "broken" and promise["evidence"]
    assert found["conditions"][0]["outcome"] == "broken"
    [azovstal] = _json(seeded, "durations", "--as-of", "2024-01-10")
    assert azovstal["words"] == "almost 20 months"
    wide = {"COLUMNS": "200"}
    table = polon(seeded, "analysis", "durations", "--as-of", "2024-01-10", env=wide)
    assert "almost 20 months" in table.stdout


def test_bad_date_is_a_clear_error(seeded: str):
    result = polon(seeded, "analysis", "exchanges", "--as-of", "January")
    assert result.exit_code == 2
    assert "--as-of" in result.output

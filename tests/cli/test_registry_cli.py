"""The registry's commands through the real entry point, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import polon
from tests.conftest import EXAMPLES

PFIF = Path(__file__).parents[1] / "fixtures" / "pfif"  # Person Finder's samples, see README
PFIF_FILES = sorted(PFIF.glob("*.xml"))
assert len(PFIF_FILES) == 6, PFIF

# An exchange list in the layout Ukrainian lists use, invented persons but for Kozhekin.
EXCHANGE_LIST = """Прізвище;Ім'я;По батькові;Дата народження;Звання;Військова частина
Кожекін;Костянтин;;1989;старший лейтенант;Азов
Мирошниченко;Тарас;Петрович;03.04.1995;солдат;36 ОБрМП
Kovalenko;Ivan;;1990-07;;
"""


@pytest.fixture
def db(db_url: str) -> str:
    assert polon(db_url, "init").exit_code == 0
    return db_url


def _json(db: str, *args: str):
    result = polon(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_exchange_list_marks_persons_returned_and_search_finds_them(db: str, tmp_path: Path):
    assert polon(db, "ingest", "--accept", str(EXAMPLES)).exit_code == 0
    path = tmp_path / "swap-2022-09-21.csv"
    path.write_text(EXCHANGE_LIST, encoding="utf-8")
    result = polon(
        db, "import", str(path), "--exchange-date", "2022-09-21", "--evidence", "official"
    )
    assert result.exit_code == 0, result.output
    assert "3 persons" in result.stdout

    hits = _json(db, "persons", "search", "Konstantin Kozhekin")
    names = [hit["name"] for hit in hits]
    assert "Кожекін Костянтин" in names or "Костянтин Кожекін" in names
    assert any("Kozhekin" in name for name in names)  # the article's Konstantyn Kozhekin
    listed = next(hit for hit in hits if "Кожекін" in hit["name"])
    assert "given name" in listed["reason"]

    record = _json(db, "persons", "show", str(listed["id"]))
    [status] = record["statuses"]
    assert (status["status"], status["date"], status["evidence"]) == (
        "returned", "2022-09-21", "official",
    )  # fmt: skip
    assert status["exchange_id"] is not None
    fields = {f["field"]: [v["value"] for v in f["values"]] for f in record["fields"]}
    assert fields["date_of_birth"] == ["1989"]
    assert fields["rank"] == ["старший лейтенант"]

    again = polon(db, "import", str(path), "--exchange-date", "2022-09-21")
    assert "already in the ledger" in again.stdout


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(db: str, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text(
        "Прізвище,Ім'я,Дата народження\nБондар,Олена,31.02.1988\nМельник,Ігор,1990\n,,1991\n",
        encoding="utf-8",
    )
    result = polon(db, "import", str(path))
    assert result.exit_code == 1
    assert f"{path}:2" in result.output and f"{path}:4" in result.output
    assert _json(db, "sources") == []
    assert _json(db, "persons") == []


def test_unknown_exchange_is_refused_before_anything_is_written(db: str, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text(EXCHANGE_LIST, encoding="utf-8")
    result = polon(db, "import", str(path), "--exchange-date", "2030-01-01")
    assert result.exit_code == 1
    assert "no exchange on 2030-01-01" in result.output
    assert _json(db, "sources") == []


def test_map_option_names_the_columns(db: str, tmp_path: Path):
    path = tmp_path / "odd.csv"
    path.write_text("Хто,Як звати\nКожекін,Костянтин\n", encoding="utf-8")
    result = polon(db, "import", str(path), "--map", "surname=Хто,given_names=Як звати")
    assert result.exit_code == 0, result.output
    [person] = _json(db, "persons")
    assert person["name"] == "Костянтин Кожекін" or person["name"] == "Кожекін Костянтин"


@pytest.mark.parametrize("fixture", PFIF_FILES, ids=lambda p: p.name)
def test_pfif_export_then_import_round_trips(db: str, db_url: str, tmp_path: Path, fixture: Path):
    result = polon(db, "import", str(fixture))
    assert result.exit_code == 0, result.output
    first = polon(db, "export", "--format", "pfif")
    assert first.exit_code == 0, first.output
    exported = tmp_path / "exported.xml"
    exported.write_text(first.stdout, encoding="utf-8")

    second_db = f"sqlite:///{tmp_path / 'second.db'}"
    assert polon(second_db, "init").exit_code == 0
    assert polon(second_db, "import", str(exported)).exit_code == 0
    second = polon(second_db, "export", "--format", "pfif")
    assert second.stdout == first.stdout
    names = [(p["name"], p["variants"]) for p in _json(db, "persons")]
    assert [(p["name"], p["variants"]) for p in _json(second_db, "persons")] == names


def test_all_pfif_samples_together(db: str):
    result = polon(db, "import", *map(str, PFIF_FILES))
    assert result.exit_code == 0, result.output
    persons = _json(db, "persons")
    # The same person_record_id in the 1.1, 1.2 and 1.4 samples is one person.
    assert len(persons) == 2
    record = _json(db, "persons", "show", str(persons[0]["id"]))
    assert [s["status"] for s in record["statuses"]] == ["missing", "died"]
    assert any(f["field"] == "date_of_birth" and f["values"][0]["value"] == "1970-01"
               for f in record["fields"])  # fmt: skip
    viewer = polon(db, "persons", "show", str(persons[0]["id"]), "--role", "viewer")
    assert viewer.exit_code == 2  # nothing about them was published


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_formats(db: str, tmp_path: Path, fmt: str):
    path = tmp_path / "list.csv"
    path.write_text(EXCHANGE_LIST, encoding="utf-8")
    assert polon(db, "import", str(path)).exit_code == 0
    result = polon(db, "export", "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert "Мирошниченко" in text
    viewer = polon(db, "export", "--format", fmt, "--role", "viewer")
    assert "Мирошниченко" not in viewer.stdout


def test_merge_split_and_undo_from_the_command_line(db: str, tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text(
        "ПІБ;Дата народження\nКожекін Костянтин;1989\nКожекин Константин;1989\n"
        "Kozhekin Kostiantyn;1989\n",
        encoding="utf-8",
    )
    assert polon(db, "import", str(path)).exit_code == 0
    ids = [str(i) for i in sorted(p["id"] for p in _json(db, "persons"))]
    merged = polon(db, "persons", "merge", *ids, "--reason", "one officer")
    assert merged.exit_code == 0, merged.output
    assert len(_json(db, "persons")) == 1
    assert polon(db, "persons", "split", ids[2]).exit_code == 0
    assert len(_json(db, "persons")) == 2
    refused = polon(db, "persons", "undo-merge", "1")
    assert refused.exit_code == 2 and "undo that first" in refused.output
    assert polon(db, "persons", "merge", ids[0], ids[2]).exit_code == 0
    assert polon(db, "persons", "undo-merge", "2").exit_code == 0
    assert polon(db, "persons", "split", ids[1]).exit_code == 0
    assert polon(db, "persons", "undo-merge", "1").exit_code == 2
    assert len(_json(db, "persons")) == 3


def test_link_proposes_and_a_reviewer_decides(db: str, tmp_path: Path):
    path = tmp_path / "two-lists-in-one.csv"
    path.write_text(
        "Прізвище;Ім'я;По батькові;Дата народження;Військова частина\n"
        "Кожекін;Костянтин;;02.03.1989;Азов\n"
        "Кожекин;Константин;;02.03.1989;Азов\n"
        "Коваленко;Іван;Петрович;1990;\n"
        "Коваленко;Іван;Миколайович;1975;\n",
        encoding="utf-8",
    )
    assert polon(db, "import", str(path)).exit_code == 0
    result = polon(db, "link", "--threshold", "0.9")
    assert result.exit_code == 0, result.output
    [proposal] = _json(db, "link", "review")
    names = sorted(p["name"] for p in proposal["persons"])
    assert names == ["Константин Кожекин", "Костянтин Кожекін"]
    assert "birth date" in proposal["reason"]
    again = polon(db, "link")
    assert "0 clusters proposed" in again.stdout  # a waiting proposal is not made twice

    assert polon(db, "link", "accept", str(proposal["id"])).exit_code == 0
    assert len(_json(db, "persons")) == 3
    assert _json(db, "link", "review") == []
    [accepted] = _json(db, "link", "review", "--state", "accepted")
    assert accepted["id"] == proposal["id"]
    refused = polon(db, "link", "reject", str(proposal["id"]))
    assert refused.exit_code == 2 and "already accepted" in refused.output

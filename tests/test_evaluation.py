"""The extraction evaluation set is well formed, the scorer counts right, and quality does not
fall below what was measured when it was built (the numbers live in docs/extraction.md)."""

from __future__ import annotations

import re

import pytest

from bench.extraction.__main__ import SETS, evaluate
from bench.extraction.score import Case, Tally, fold_name, load_cases, score
from polon.ingest.extract.measures import MEASURES

DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@pytest.mark.parametrize("name", ["dev", "test"])
def test_gold_files_follow_the_guidelines(name: str):
    cases = load_cases(SETS[name])
    assert len(cases) >= (40 if name == "dev" else 10)
    for case in cases:
        gold = case.gold
        assert set(gold) >= {"published", "published_stated", "exchanges", "figures", "persons"}
        for exchange in gold["exchanges"]:
            assert exchange["date"] is None or DATE.fullmatch(exchange["date"]), case.name
        for figure in gold["figures"]:
            assert figure["measure"] in MEASURES, case.name
            assert isinstance(figure["value"], int), case.name
        text = case.path.read_text(encoding="utf-8")
        for person in gold["persons"]:
            assert person["name"] in text, (case.name, person["name"])


def test_scorer_counts_matches_misses_and_false_finds(tmp_path):
    gold = {
        "published": "2022-10-06", "published_stated": True,
        "exchanges": [{"date": "2022-09-21", "returned": 215}],
        "figures": [{"value": 215, "measure": "returned"}, {"value": 2500, "measure": "held"}],
        "persons": [{"name": "Volodymyr Zelenskyy", "variants": ["Zelensky"]},
                    {"name": "Iryna Vereshchuk"}],
    }  # fmt: skip
    facts = {
        "exchanges": [{"date": "2022-09-21", "returned": 215}, {"date": None, "returned": 5}],
        "figures": [{"value": 215, "measure": "returned"}, {"value": 2500, "measure": "other"}],
        "persons": [{"name": ["President", "Zelensky"][1]}, {"name": "Kyrylo Budanov"}],
    }
    tallies = {kind: Tally() for kind in ("exchanges", "figures", "persons")}
    score(Case(tmp_path / "a.txt", gold), facts, tallies)
    assert [(t.tp, t.fp, t.fn) for t in tallies.values()] == [(1, 1, 0), (1, 1, 1), (1, 1, 1)]
    assert tallies["exchanges"].precision == 0.5 and tallies["exchanges"].recall == 1.0
    assert fold_name("Erdoğan’s") == fold_name("erdogans")


def test_quality_on_the_development_set_holds():
    tallies, dates_right, dates_stated = evaluate(load_cases(SETS["dev"]))
    # the bar is 0.9 for each kind; measured 0.959, 0.950 and 0.986 (docs/extraction.md)
    floors = {"exchanges": 0.94, "figures": 0.93, "persons": 0.97}
    for kind, floor in floors.items():
        assert tallies[kind].f1 >= floor, (kind, tallies[kind].f1)
    assert dates_right == dates_stated

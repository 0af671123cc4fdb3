"""`polon extract --json` on the two seed reports: every fact the issues ask for, as the
facts view gives it, and nothing from the pages' boilerplate."""

from __future__ import annotations

import pytest

from polon.ingest import extract, load_document
from polon.ingest.extract.measures import MEASURES
from polon.ingest.facts import document_facts
from tests.conftest import KI_SEED, NV_SEED


def facts(path) -> dict:
    document = load_document(path.read_bytes(), str(path))
    extraction = extract(document)
    published = extraction.published.iso() if extraction.published else None
    return document_facts(document, published, extraction.claims)


@pytest.fixture(scope="module")
def nv() -> dict:
    return facts(NV_SEED)


@pytest.fixture(scope="module")
def ki() -> dict:
    return facts(KI_SEED)


def test_one_exchange_per_swap_with_its_subgroups(nv: dict, ki: dict):
    [swap] = nv["exchanges"]
    assert (swap["date"], swap["returned"], swap["handed_over"]) == ("2022-09-21", 215, 55)
    assert {"label": "Mariupol defenders", "count": 188} in swap["groups"]
    assert {"label": "Azov commanders", "count": 5, "exchanged_for": 55} in swap["groups"]
    [condition] = swap["conditions"]
    assert "exile in Turkey" in condition["text"] and condition["outcome"] == "broken"
    [other] = ki["exchanges"]
    assert (other["date"], other["returned"]) == ("2022-09-21", 215)
    assert {"label": "Azov Regiment", "count": 108} in other["groups"]


def test_figures_carry_measure_qualifier_as_of_and_speaker(nv: dict, ki: dict):
    held = {(f["value"], f["qualifier"], f["as_of"], f["attributed_to"])
            for f in nv["figures"] + ki["figures"] if f["measure"] == "held"}  # fmt: skip
    assert held == {
        (2500, "more_than", "2022-06-06", "Volodymyr Zelenskyy"),
        (2500, "exact", "2022-09-25", "Iryna Vereshchuk"),
        (3574, "exact", None, "Reintegration Ministry"),
        (700, "more_than", None, "Reintegration Ministry"),
    }
    captured = [(f["value"], f["as_of"]) for f in nv["figures"] if f["measure"] == "captured"]
    assert captured == [(2449, "2022-05-16")]
    assert all(f["measure"] in MEASURES for f in nv["figures"] + ki["figures"])


def test_surrender_person_promise_and_places(nv: dict):
    surrenders = [e for e in nv["events"] if e["kind"] == "surrender" and e["count"] == 2449]
    assert [(e["date"], e["place"]) for e in surrenders] == [("2022-05-16", "Azovstal")]
    prokopenko = next(p for p in nv["persons"] if p["name"] == "Denys Prokopenko")
    assert prokopenko["call_sign"] == "Redis" and "Lieutenant Colonel" in prokopenko["titles"]
    [promise] = nv["promises"]
    assert promise["by"] == "Vladimir Alekseev"
    assert promise["deadline_window"] == ["2022-08-16", "2022-09-16"]
    assert promise["outcome"] == "broken"
    facilities = {p["name"] for p in nv["places"] if p["kind"] == "facility" and p["occupied"]}
    assert facilities == {"Medical facility in Novoazovsk", "Penal colony No. 120 (Olenivka)"}


def test_evidence_indexes_the_cleaned_text(nv: dict):
    for kind in ("exchanges", "figures", "persons", "places", "promises", "events"):
        for item in nv[kind]:
            for start, end in item["evidence"]:
                assert 0 <= start < end <= len(nv["text"])
    for figure in nv["figures"]:
        [[start, end]] = figure["evidence"]
        assert f"{figure['value']:,}" in nv["text"][start:end] or figure["value"] < 100


def test_nothing_from_boilerplate(nv: dict, ki: dict):
    for result in (nv, ki):
        assert "Read also" not in result["text"] and "Subscribe" not in result["text"]
    names = {p["name"] for p in nv["persons"] + ki["persons"]}
    assert not any("Erdogan" in n or "Biden" in n for n in names)

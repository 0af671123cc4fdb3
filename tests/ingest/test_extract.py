"""Extraction on the two seed reports as they are, and on short texts in our own words."""

import datetime as dt

import pytest

from polon.ingest import extract, read_document
from polon.ingest.extract import extract_claims
from polon.ingest.extract.sentences import split_sentences
from tests.conftest import KI_SEED, NV_SEED

BOILERPLATE = ["Subscribe", "Read also", "copyright", "CNN", "Patron", "newsletter",
               "Support independent journalism", "Erdogan", "Hasidic"]  # fmt: skip


def _claims(path):
    document = read_document(path)
    return document, extract(document).claims


@pytest.mark.parametrize("seed", [NV_SEED, KI_SEED])
def test_boilerplate_yields_no_claims(seed):
    document, claims = _claims(seed)
    assert claims
    for claim in claims:
        evidence = document.text[claim.start : claim.end]
        assert evidence.strip() == evidence and evidence
        for word in BOILERPLATE:
            assert word not in evidence


def _find(claims, claim_kind, **values):
    return [
        c for c in claims
        if c.kind == claim_kind and all(c.values.get(k) == v for k, v in values.items())
    ]  # fmt: skip


def test_new_voice_seed_figures():
    document, claims = _claims(NV_SEED)
    [held] = _find(claims, "figure", value=2500)
    assert (held.qualifier, held.values["group"], held.date.iso()) == (
        "more_than", "Mariupol defenders", "2022-06-06")  # fmt: skip
    assert held.attributed_to == "Volodymyr Zelenskyy"
    [left] = _find(claims, "figure", value=2449)
    assert (left.values["measure"], left.date.iso()) == ("left Azovstal", "2022-05-16")
    [total] = _find(claims, "figure", value=3574)
    [azov] = _find(claims, "figure", value=700)
    assert total.attributed_to == azov.attributed_to == "Reintegration Ministry"
    assert azov.qualifier == "more_than" and azov.values["group"] == "Azov servicemen"
    # Not figures: durations, the colony number, "one of the largest".
    assert not {c.values["value"] for c in claims if c.kind == "figure"} & {20, 120, 1, 4}


def test_new_voice_seed_exchange_is_dated_from_context():
    _, claims = _claims(NV_SEED)
    exchanges = [c for c in claims if c.kind == "exchange"]
    assert [c.date.iso() for c in exchanges] == ["2022-09-21", "2022-09-21"]
    assert exchanges[0].values["returned"] == 215
    assert exchanges[0].values["groups"] == [{"label": "Mariupol defenders", "count": 188}]
    assert exchanges[1].values["date_basis"] == "context"
    assert exchanges[1].values["groups"][0] == {
        "label": "Azov commanders", "count": 5, "exchanged_for": 55}  # fmt: skip


def test_kyiv_independent_seed():
    document, claims = _claims(KI_SEED)
    assert document.publisher == "The Kyiv Independent"
    [swap] = [c for c in claims if c.kind == "exchange"]  # not the all-for-all negotiation
    assert swap.date.iso() == "2022-09-21" and swap.values["returned"] == 215
    assert swap.values["groups"] == [{"label": "Azov Regiment", "count": 108}]
    [held] = _find(claims, "figure", value=2500)
    assert held.date.iso() == "2022-09-25" and held.attributed_to == "Iryna Vereshchuk"
    [attempt] = _find(claims, "event", kind="recruitment_attempt")
    assert attempt.attributed_to == "Bohdan Krotevych"
    names = {c.values["name"] for c in claims if c.kind == "person"}
    assert names == {"Bohdan Krotevych", "Kyrylo Budanov", "Iryna Vereshchuk"}


def test_persons_are_merged_within_a_document():
    _, claims = _claims(NV_SEED)
    persons = {c.values["name"]: c.values for c in claims if c.kind == "person"}
    assert set(persons) == {"Konstantyn Kozhekin", "Denys Prokopenko", "Vladimir Alekseev",
                            "Hanna Malyar", "Volodymyr Zelenskyy"}  # fmt: skip
    assert len(persons["Konstantyn Kozhekin"]["mentions"]) == 2  # "... Kozhekin said."
    assert persons["Vladimir Alekseev"]["position"] == "first deputy head of Russia's GRU"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks on an all-for-all prisoner exchange will continue, the minister said.", 0),
        ("There has been no prisoner exchange since March.", 0),
        ("On 3 February 2023, 116 Ukrainians were returned home in a swap.", 1),
        ("Kyiv and Moscow swapped 90 prisoners each on May 25, 2023.", 1),
    ],
)
def test_only_swaps_that_happened_are_exchanges(text, expected):
    claims = extract_claims(text, dt.date(2023, 6, 1))
    assert len([c for c in claims if c.kind == "exchange"]) == expected


def test_partial_dates_take_the_year_from_the_publication_date():
    text = "On Sept. 21, Russia released 215 prisoners of war."
    [swap] = extract_claims(text, dt.date(2023, 1, 5))
    assert swap.date.iso() == "2022-09-21"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Lt. Col. Denys Prokopenko spoke. It was brief.", 2),
        ('"We were held. We were beaten," he said. Then he left.', 2),
        ("On Sept. 21 the swap took place.\n\nA new paragraph", 2),
        ("The U.S. and the U.K. sent observers.", 1),
    ],
)
def test_sentence_splitting(text, sentences):
    found = split_sentences(text)
    assert len(found) == sentences
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text

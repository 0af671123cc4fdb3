"""What each count in a sentence measures, and how counts make up a swap: tables of short
texts in our own words, read through the same facts view `polon extract --json` prints."""

import datetime as dt

import pytest

from polon.ingest.documents import load_document
from polon.ingest.extract import extract_claims
from polon.ingest.facts import document_facts

PUBLISHED = dt.date(2024, 6, 28)  # a Friday


def _facts(text: str) -> dict:
    document = load_document(text.encode(), "report.txt")
    claims = extract_claims(document.text, PUBLISHED)
    return document_facts(document, PUBLISHED.isoformat(), claims)


def _figures(text: str) -> set[tuple[int, str]]:
    return {(f["value"], f["measure"]) for f in _facts(text)["figures"]}


def _exchanges(text: str) -> list[tuple[str | None, int | None, int | None]]:
    return [(e["date"], e["returned"], e["handed_over"]) for e in _facts(text)["exchanges"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb nearest each count gives its measure
        ("Officials said 50 prisoners of war were killed and 73 wounded in the barrack.",
         {(50, "other"), (73, "other")}),
        ("The blast at the camp killed more than 50 Ukrainian prisoners.", {(50, "other")}),
        ("Russia is holding 3,574 Ukrainian servicemen, the ministry says.", {(3574, "held")}),
        ("About 47 residents of the region are still in Russian captivity.", {(47, "held")}),
        # "freed from captivity" is a return, not a count of people held
        ("Since the start of the war, 1,500 Ukrainians have been freed from Russian captivity.",
         {(1500, "returned_total")}),
        ("The swap brought the number of Ukrainians returned from captivity to 3,035.",
         {(3035, "returned_total")}),
        ("In total, 4,306 Ukrainians have come home since February 2022.",
         {(4306, "returned_total")}),
        # bodies, exchanges, captures
        ("Ukraine received the bodies of 757 fallen soldiers.", {(757, "bodies")}),
        ("The remains of more than 6,000 people were handed over.", {(6000, "bodies")}),
        ("The two sides have carried out 49 exchanges since the invasion began.",
         {(49, "exchanges_total")}),
        ("About 200 soldiers were taken prisoner near the town.", {(200, "captured")}),
        ("He was one of eight soldiers of his company captured in that battle.",
         {(8, "captured")}),
        ("More than 300 are officially listed as missing, the prison service said.",
         {(300, "other")}),
        # not about captivity, not people, not figures
        ("Two people were killed and at least 12 wounded in the missile strike on the city.",
         set()),
        ("He spent 20 months in captivity and is 24 years old.", set()),
    ],
)  # fmt: skip
def test_measure_of_each_count(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize(
    ("text", "exchanges", "figures"),
    [
        # a breakdown after a colon or dashes takes its parent's side and is no sum
        ("On Thursday, Ukraine got back 154 people from Russian captivity: 146 servicemen and "
         "eight civilians.",
         [("2024-06-27", 154, None)], {(154, "returned"), (146, "returned"), (8, "returned")}),
        # counts joined by "and" add up to the swap, but the sum is no stated figure
        ("On June 25, Russia received 185 servicemen and 20 civilians in return.",
         [("2024-06-25", None, 205)], {(185, "handed_over"), (20, "handed_over")}),
        ("On June 25, ten Ukrainian soldiers were exchanged for ten Russian servicemen.",
         [("2024-06-25", 10, 10)], {(10, "returned"), (10, "handed_over")}),
        ("On Tuesday Russia and Ukraine each released 90 prisoners of war.",
         [("2024-06-25", 90, 90)], {(90, "returned"), (90, "handed_over")}),
        # a count of what the returned went through is a figure, not a subgroup
        ("On June 25, 75 Ukrainians came home. At least 20 of them needed urgent surgery.",
         [("2024-06-25", 75, None)], {(75, "returned"), (20, "other")}),
        # a later sentence breaks the swap down
        ("On June 25, 75 Ukrainians came home. Eight of the returned are civilians.",
         [("2024-06-25", 75, None)], {(75, "returned"), (8, "returned")}),
        # a total in the same report is no swap
        ("95 Ukrainians came home on Tuesday. Since 2022, 3,500 Ukrainians have been freed.",
         [("2024-06-25", 95, None)], {(95, "returned"), (3500, "returned_total")}),
    ],
)  # fmt: skip
def test_counts_of_a_swap(text, exchanges, figures):
    assert _exchanges(text) == exchanges
    assert _figures(text) == figures


def test_an_earlier_swap_dated_by_since_when():
    text = ("On June 25, 75 Ukrainians returned home. This is the first exchange since "
            "8 February, when 100 defenders returned home.")  # fmt: skip
    expected = [("2024-02-08", 100, None), ("2024-06-25", 75, None)]
    assert sorted(_exchanges(text), key=str) == expected


def test_a_dateline_does_not_date_the_swap():
    text = (
        "KYIV, 26 Jun (Agency) - Russia and Ukraine each released 90 prisoners of war at the "
        "weekend. The exchange on 22 June was mediated by the United Arab Emirates."
    )
    assert _exchanges(text) == [("2024-06-22", 90, 90)]


def test_a_passing_mention_far_from_its_date_is_no_swap():
    text = ("On June 25, 75 Ukrainians came home. The swap came a week after a plane carrying "
            "prisoners to an exchange was shot down on June 18.")  # fmt: skip
    assert _exchanges(text) == [("2024-06-25", 75, None)]

"""Tests for polon.ingest.numbers: parse_number, find_quantities, exclusions and the seeds."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest

from polon.ingest.dates import find_dates
from polon.ingest.numbers import Qualifier, Quantity, find_quantities, parse_number

EXAMPLES = Path(__file__).resolve().parents[2] / "polon" / "examples"
SEED_000 = EXAMPLES / "000_d73107fb2a416f50.txt"
SEED_003 = EXAMPLES / "003_9316b3fbb6d58c58.txt"

EXACT = Qualifier.EXACT
MORE_THAN = Qualifier.MORE_THAN
ABOUT = Qualifier.ABOUT
AT_LEAST = Qualifier.AT_LEAST
UP_TO = Qualifier.UP_TO


def assert_spans(text: str, quantities: list[Quantity]) -> None:
    for quantity in quantities:
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start <= quantity.number_start < quantity.number_end <= quantity.end
    for left, right in zip(quantities, quantities[1:], strict=False):
        assert left.end <= right.start


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,449", 2449),
        ("3 574", 3574),
        ("3\u202f574", 3574),
        ("3\xa0574", 3574),
        ("1,000,000", 1_000_000),
        ("215", 215),
        ("0", 0),
        (" 55 ", 55),
        ("five", 5),
        ("Five", 5),
        ("FIVE", 5),
        ("twelve", 12),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("ninety-nine", 99),
        ("two hundred and seven", 207),
        ("two hundred seven", 207),
        ("a hundred", 100),
        ("one thousand", 1000),
        ("a thousand", 1000),
        ("one thousand and five", 1005),
        ("three thousand five hundred and seventy-four", 3574),
        ("two million", 2_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("1.5 thousand", 1500),
        ("2 thousand", 2000),
        ("1.5 million", 1_500_000),
        ("dozens", None),
        ("hundreds", None),
        ("thousands", None),
        ("a", None),
        ("and", None),
        ("", None),
        ("1.5", None),
        ("1.2345 thousand", None),
        ("twenty twenty", None),
        ("five hundred hundred", None),
        ("thousand million", None),
        ("one and two", None),
        ("2,44", None),
        ("first", None),
        ("21st", None),
        ("many", None),
    ],
)
def test_parse_number(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    ("text", "span", "value", "qualifier"),
    [
        ("more than 2,500", "more than 2,500", 2500, MORE_THAN),
        ("over 200", "over 200", 200, MORE_THAN),
        ("upwards of 300", "upwards of 300", 300, MORE_THAN),
        ("about 20 people", "about 20", 20, ABOUT),
        ("around 40 detainees", "around 40", 40, ABOUT),
        ("approximately 1,000", "approximately 1,000", 1000, ABOUT),
        ("roughly 60", "roughly 60", 60, ABOUT),
        ("some 200 soldiers", "some 200", 200, ABOUT),
        ("nearly 90", "nearly 90", 90, UP_TO),
        ("almost 100", "almost 100", 100, UP_TO),
        ("up to 150", "up to 150", 150, UP_TO),
        ("fewer than 30", "fewer than 30", 30, UP_TO),
        ("less than 10", "less than 10", 10, UP_TO),
        ("under 18", "under 18", 18, UP_TO),
        ("at least 55", "at least 55", 55, AT_LEAST),
        ("no fewer than 12", "no fewer than 12", 12, AT_LEAST),
        ("a total of 2,449", "a total of 2,449", 2449, EXACT),
        ("A total of 2,449", "A total of 2,449", 2449, EXACT),
        ("exactly 108", "exactly 108", 108, EXACT),
        ("215 people", "215", 215, EXACT),
        ("More Than 40", "More Than 40", 40, MORE_THAN),
        ("more  than\n2,500", "more  than\n2,500", 2500, MORE_THAN),
        ("Five Azov commanders", "Five", 5, EXACT),
        ("five guards", "five", 5, EXACT),
        ("about five guards", "about five", 5, ABOUT),
        ("more than twenty-one captives", "more than twenty-one", 21, MORE_THAN),
        ("two hundred and seven civilians", "two hundred and seven", 207, EXACT),
        ("a dozen medics", "a dozen", 12, EXACT),
        ("1.5 thousand people", "1.5 thousand", 1500, EXACT),
        ("nearly 2 thousand", "nearly 2 thousand", 2000, UP_TO),
        ("3 574 servicemen", "3 574", 3574, EXACT),
        ("3\u202f574 servicemen", "3\u202f574", 3574, EXACT),
        ("3\xa0574 servicemen", "3\xa0574", 3574, EXACT),
        ("One soldier came back", "One", 1, EXACT),
        ("more than 2000 prisoners", "more than 2000", 2000, MORE_THAN),
        ("the Russians handed over 200 bodies", "200", 200, EXACT),  # particle, not "more than"
    ],
)
def test_quantities_with_qualifiers(text: str, span: str, value: int, qualifier: Qualifier) -> None:
    quantities = find_quantities(text)
    assert len(quantities) == 1, quantities
    quantity = quantities[0]
    assert (quantity.text, quantity.value, quantity.qualifier) == (span, value, qualifier)
    assert_spans(text, quantities)
    assert parse_number(text[quantity.number_start : quantity.number_end]) == value


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "span", "value", "qualifier"),
    [
        ("three to four", "three to four", 3, ABOUT),
        ("two or three prisoners", "two or three", 2, ABOUT),
        ("one or two guards", "one or two", 1, ABOUT),
        ("200-300 people", "200-300", 200, ABOUT),
        ("200 – 300 people", "200 – 300", 200, ABOUT),
        ("between 200 and 300 people", "between 200 and 300", 200, ABOUT),
        ("between two and three people", "between two and three", 2, ABOUT),
        ("up to 40 or 50 people", "up to 40 or 50", 40, UP_TO),
    ],
)
def test_ranges_give_lower_bound_with_about(
    text: str, span: str, value: int, qualifier: Qualifier
) -> None:
    quantities = find_quantities(text)
    assert [(q.text, q.value, q.qualifier) for q in quantities] == [(span, value, qualifier)]
    assert_spans(text, quantities)


def test_from_to_is_a_change_not_a_range() -> None:
    quantities = find_quantities("the count rose from 2,500 to 3,574")
    assert [(q.value, q.qualifier) for q in quantities] == [(2500, EXACT), (3574, EXACT)]


# --------------------------------------------------------------------------- not counts


@pytest.mark.parametrize(
    "text",
    [
        # dates and years
        "Sept. 21, 2022",
        "on Sept. 21",
        "in 2022",
        "May 16, 2022",
        "2022-09-21",
        "21.09.2022",
        "2019 was a hard year",
        # ordinals
        "21st",
        "the 3rd battalion",
        "first",
        "the second exchange",
        "twenty-first",
        # durations
        "20 months",
        "almost 20 months",
        "four months",
        "three to four months",
        "for 30 days",
        "two years",
        "a two-day visit",
        "24 hours",
        "five more days",
        "1 min read",
        # ages
        "aged 25",
        "a 25-year-old soldier",
        "under 25 years",
        "age of 30",
        "at the age of 30",
        "aged between 18 and 60",
        # money
        "$1",
        "$1,000",
        "1 million hryvnias",
        "€5",
        "USD 100",
        "5 dollars",
        "two thousand dollars",
        # percentages
        "5%",
        "5 percent",
        "5 per cent",
        # labels
        "penal colony #120",
        "No. 120",
        "colony No.120",
        "number 120",
        "№ 120",
        # clock times
        "3:33 PM",
        "at 5 p.m.",
        "at 10 am",
        # the pronoun and idioms with "one"
        "one of the largest",
        "One of them",
        "no one",
        "a one-time donation",
        "one another",
        "one by one",
        "the only one",
        # vague, decimal, codes and compounds
        "dozens of people",
        "hundreds of soldiers",
        "thousands",
        "1.5",
        "F-16",
        "A320",
        "a 200-strong unit",
        "someone",
        "often",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


def test_date_digits_do_not_join_following_count() -> None:
    text = "On Sept. 21 215 people came home."
    assert [(q.text, q.value) for q in find_quantities(text)] == [("215", 215)]


def test_byline_date_and_time_are_not_counts() -> None:
    assert find_quantities("by the news desk October 6, 2022 3:33 PM 1 min read") == []


# --------------------------------------------------------------------------- seeds


def test_seed_000_quantities() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    quantities = find_quantities(text)
    assert_spans(text, quantities)
    assert [(q.text, q.value, q.qualifier) for q in quantities] == [
        ("more than 2,500", 2500, MORE_THAN),
        ("A total of 2,449", 2449, EXACT),
        ("215", 215, EXACT),
        ("188", 188, EXACT),
        ("Five", 5, EXACT),
        ("55", 55, EXACT),
        ("a total of 3,574", 3574, EXACT),
        ("more than 700", 700, MORE_THAN),
    ]
    found = {text[q.number_start : q.number_end] for q in quantities}
    assert not found & {"20", "120", "three", "four", "one", "two"}


def test_seed_003_quantities() -> None:
    text = SEED_003.read_text(encoding="utf-8")
    quantities = find_quantities(text)
    assert_spans(text, quantities)
    assert [(q.text, q.value, q.qualifier) for q in quantities] == [
        ("2,500", 2500, EXACT),
        ("215", 215, EXACT),
        ("108", 108, EXACT),
        ("215", 215, EXACT),
    ]
    assert "$1" not in {text[q.start - 1 : q.end] for q in quantities}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Ukrainian President Volodymyr Zelenskyy said on June 6, 2022 that more than 2,500 "
            "Mariupol defenders were in Russian captivity.",
            [(2500, MORE_THAN)],
        ),
        (
            "Ukraine conducted on Sept. 21, 2022 one of the largest prisoners-of-war swaps since "
            "the beginning of the Russian full-scale invasion. At that time 215 people were "
            "returned home, including 188 Mariupol defenders.",
            [(215, EXACT), (188, EXACT)],
        ),
        (
            "Five Azov commanders were exchanged for 55 Russian service members",
            [(5, EXACT), (55, EXACT)],
        ),
        (
            "had the letter promising release within three to four months at the time of the "
            "surrender",
            [],
        ),
        (
            "Some of the Azovstal defenders have remained in captivity for almost 20 months.",
            [],
        ),
        ("There has been no major prisoner exchange for more than four months.", []),
        ("Support us for as little as $1, and it only takes a minute.", []),
        (
            "We're bringing the voice of Ukraine to the world. Support us with a one-time donation",
            [],
        ),
    ],
)
def test_seed_sentences(sentence: str, expected: list[tuple[int, Qualifier]]) -> None:
    assert [(q.value, q.qualifier) for q in find_quantities(sentence)] == expected


def test_odd_input_never_raises_and_spans_stay_exact() -> None:
    rng = random.Random(20221006)
    alphabet = list("0123456789 ,.-–:#$%№\n\xa0\u202f") + ["May ", "Sept. ", "one ", "to ", "in "]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        quantities = find_quantities(text)
        assert_spans(text, quantities)
        for mention in find_dates(text, datetime.date(2022, 10, 6)):
            assert text[mention.start : mention.end] == mention.text

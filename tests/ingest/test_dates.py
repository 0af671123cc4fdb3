"""Tests for polon.ingest.dates: phrase tables, the two seed reports and span invariants."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from polon.ingest.dates import DateMention, FuzzyDate, Precision, find_dates, parse_date

D = datetime.date
DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
EXAMPLES = Path(__file__).resolve().parents[2] / "polon" / "examples"
SEED_000 = EXAMPLES / "000_d73107fb2a416f50.txt"
SEED_003 = EXAMPLES / "003_9316b3fbb6d58c58.txt"
REF = D(2022, 10, 6)  # a Thursday, the publication date of seed 003


def only(text: str, reference: datetime.date | None = None) -> DateMention:
    mentions = find_dates(text, reference)
    assert len(mentions) == 1, mentions
    return mentions[0]


def assert_spans(text: str, mentions: list[DateMention]) -> None:
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    for left, right in zip(mentions, mentions[1:], strict=False):
        assert left.end <= right.start


# --------------------------------------------------------------------------- FuzzyDate


@pytest.mark.parametrize(
    ("value", "precision", "iso"),
    [
        (D(2022, 9, 21), DAY, "2022-09-21"),
        (D(2022, 9, 1), MONTH, "2022-09"),
        (D(2022, 1, 1), YEAR, "2022"),
        (D(987, 3, 4), DAY, "0987-03-04"),
    ],
)
def test_fuzzy_date_iso_round_trip(value: datetime.date, precision: Precision, iso: str) -> None:
    fuzzy = FuzzyDate(value, precision)
    assert fuzzy.iso() == iso
    assert FuzzyDate.from_iso(iso) == fuzzy


def test_fuzzy_date_normalises_coarse_values_to_first_day() -> None:
    assert FuzzyDate(D(2022, 9, 21), MONTH).value == D(2022, 9, 1)
    assert FuzzyDate(D(2022, 9, 21), YEAR).value == D(2022, 1, 1)
    assert FuzzyDate(D(2022, 9, 21), MONTH) == FuzzyDate(D(2022, 9, 1), MONTH)
    assert FuzzyDate(D(2022, 9, 21), "month").precision is Precision.MONTH  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "22-09-21", "2022-9-21", "2022-02-30", "2022-13", "soon"])
def test_fuzzy_date_from_iso_rejects_other_text(bad: str) -> None:
    with pytest.raises(ValueError):
        FuzzyDate.from_iso(bad)


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("text", "span", "iso", "precision"),
    [
        ("May 16, 2022", "May 16, 2022", "2022-05-16", DAY),
        ("16 May 2022", "16 May 2022", "2022-05-16", DAY),
        ("Sept. 21, 2022", "Sept. 21, 2022", "2022-09-21", DAY),
        ("June 6, 2022", "June 6, 2022", "2022-06-06", DAY),
        ("in May 2022", "May 2022", "2022-05", MONTH),
        ("May 2022", "May 2022", "2022-05", MONTH),
        ("Dec 2023", "Dec 2023", "2023-12", MONTH),
        ("in 2022", "2022", "2022", YEAR),
        ("since 2014", "2014", "2014", YEAR),
        ("by 2024", "2024", "2024", YEAR),
        ("the summer of 2023", "2023", "2023", YEAR),
        ("until 2025", "2025", "2025", YEAR),
        ("2022-09-21", "2022-09-21", "2022-09-21", DAY),
        ("21.09.2022", "21.09.2022", "2022-09-21", DAY),
        ("October 6, 2022 3:33 PM", "October 6, 2022", "2022-10-06", DAY),
        ("July 8th, 2023", "July 8th, 2023", "2023-07-08", DAY),
        ("the 8th of July 2023", "8th of July 2023", "2023-07-08", DAY),
        ("Sept.21, 2022", "Sept.21, 2022", "2022-09-21", DAY),
        ("May 16 2022", "May 16 2022", "2022-05-16", DAY),
        ("Feb. 29, 2024", "Feb. 29, 2024", "2024-02-29", DAY),
        ("MAY 16, 2022", "MAY 16, 2022", "2022-05-16", DAY),
        ("the list dated 2023-01-31T09:00", "2023-01-31", "2023-01-31", DAY),
    ],
)
def test_absolute_dates(text: str, span: str, iso: str, precision: Precision) -> None:
    for reference in (None, REF):
        mention = only(text, reference)
        assert mention.text == span
        assert text[mention.start : mention.end] == span
        assert mention.date is not None
        assert (mention.date.iso(), mention.date.precision) == (iso, precision)
        assert mention.basis == "absolute"


MONTH_WORDS = [
    ("January", 1), ("Jan", 1), ("Jan.", 1), ("February", 2), ("Feb", 2), ("Feb.", 2),
    ("March", 3), ("Mar", 3), ("Mar.", 3), ("April", 4), ("Apr", 4), ("Apr.", 4), ("May", 5),
    ("June", 6), ("Jun", 6), ("Jun.", 6), ("July", 7), ("Jul", 7), ("Jul.", 7), ("August", 8),
    ("Aug", 8), ("Aug.", 8), ("September", 9), ("Sep", 9), ("Sep.", 9), ("Sept", 9),
    ("Sept.", 9), ("October", 10), ("Oct", 10), ("Oct.", 10), ("November", 11), ("Nov", 11),
    ("Nov.", 11), ("December", 12), ("Dec", 12), ("Dec.", 12),
]  # fmt: skip


@pytest.mark.parametrize(("word", "month"), MONTH_WORDS)
def test_every_month_word_full_and_abbreviated(word: str, month: int) -> None:
    mention = only(f"The talks took place on {word} 3, 2023 in Istanbul.")
    assert mention.text == f"{word} 3, 2023"
    assert mention.date == FuzzyDate(D(2023, month, 3), DAY)
    assert (mention.month, mention.day) == (month, 3)
    year_only = only(f"Families met in {word} 2023.")
    assert year_only.date == FuzzyDate(D(2023, month, 1), MONTH)


# --------------------------------------------------------------------------- partial dates


@pytest.mark.parametrize(
    ("text", "reference", "span", "iso"),
    [
        ("Sept. 21", D(2022, 10, 6), "Sept. 21", "2022-09-21"),
        ("Sep 21", D(2022, 10, 6), "Sep 21", "2022-09-21"),
        ("on Oct. 6", D(2022, 10, 6), "Oct. 6", "2022-10-06"),
        ("Dec. 17", D(2023, 1, 10), "Dec. 17", "2022-12-17"),
        ("Dec. 17", D(2023, 12, 18), "Dec. 17", "2023-12-17"),
        ("July 8", D(2023, 12, 18), "July 8", "2023-07-08"),
        ("July 8th", D(2023, 12, 18), "July 8th", "2023-07-08"),
        ("21 September", D(2022, 10, 6), "21 September", "2022-09-21"),
        ("Oct. 7", D(2022, 10, 6), "Oct. 7", "2021-10-07"),  # never after the reference
        ("Feb. 29", D(2023, 3, 1), "Feb. 29", "2020-02-29"),  # latest year where it exists
        ("in March", D(2022, 10, 6), "March", "2022-03"),
        ("by mid-November", D(2022, 10, 6), "November", "2021-11"),
        ("since the end of May", D(2022, 10, 6), "May", "2022-05"),
    ],
)
def test_partial_dates_take_latest_year_not_after_reference(
    text: str, reference: datetime.date, span: str, iso: str
) -> None:
    mention = only(text, reference)
    assert mention.text == span
    assert mention.basis == "partial"
    assert mention.date is not None and mention.date.iso() == iso


@pytest.mark.parametrize(
    ("text", "month", "day"),
    [("Sept. 21", 9, 21), ("on Oct. 6", 10, 6), ("Dec. 17", 12, 17), ("in March", 3, None)],
)
def test_partial_dates_without_reference_keep_month_and_day(
    text: str, month: int, day: int | None
) -> None:
    mention = only(text)
    assert mention.date is None
    assert (mention.month, mention.day, mention.basis) == (month, day, "partial")
    assert parse_date(text) is None


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("text", "span", "iso", "precision"),
    [
        ("yesterday", "yesterday", "2022-10-05", DAY),
        ("Yesterday, officials said", "Yesterday", "2022-10-05", DAY),
        ("today", "today", "2022-10-06", DAY),
        ("on Monday", "Monday", "2022-10-03", DAY),
        ("on Tuesday", "Tuesday", "2022-10-04", DAY),
        ("on Wednesday", "Wednesday", "2022-10-05", DAY),
        ("said on Thursday", "Thursday", "2022-10-06", DAY),  # same weekday: that day
        ("last Thursday", "Thursday", "2022-09-29", DAY),  # "last": a week earlier
        ("late Wednesday", "Wednesday", "2022-10-05", DAY),
        # a count after the weekday is no day of a month
        ("On Tuesday, 107 defenders came home", "Tuesday", "2022-10-04", DAY),
        ("That week, on Monday, 90 returned", "Monday", "2022-10-03", DAY),
        ("last week", "last week", "2022-09", MONTH),
        ("earlier this week", "earlier this week", "2022-10", MONTH),
        ("on Friday", "Friday", "2022-09-30", DAY),
        ("on Saturday", "Saturday", "2022-10-01", DAY),
        ("on Sunday", "Sunday", "2022-10-02", DAY),
        ("last month", "last month", "2022-09", MONTH),
        ("last year", "last year", "2021", YEAR),
        ("earlier this month", "earlier this month", "2022-10", MONTH),
        ("earlier this year", "earlier this year", "2022", YEAR),
    ],
)
def test_relative_dates(text: str, span: str, iso: str, precision: Precision) -> None:
    mention = only(text, REF)
    assert mention.text == span
    assert mention.basis == "relative"
    assert mention.date is not None
    assert (mention.date.iso(), mention.date.precision) == (iso, precision)
    assert find_dates(text) == []


def test_last_month_wraps_to_previous_year() -> None:
    mention = only("last month", D(2023, 1, 10))
    assert mention.date == FuzzyDate(D(2022, 12, 1), MONTH)


def test_weekday_followed_by_explicit_date_defers_to_the_date() -> None:
    mention = only("The convoy arrived on Monday, Oct. 3.", REF)
    assert (mention.text, mention.basis) == ("Oct. 3", "partial")


def test_newspaper_title_is_not_today() -> None:
    assert find_dates("as Ukraine Today reported", REF) == []


# --------------------------------------------------------------------------- period


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "since the beginning of the full-scale invasion",
            "the beginning of the full-scale invasion",
        ),
        ("since the start of the full-scale invasion", "the start of the full-scale invasion"),
        ("since the full-scale invasion began", "the full-scale invasion began"),
        (
            "since the beginning of the Russian full-scale invasion",
            "the beginning of the Russian full-scale invasion",
        ),
        ("since the start of Russia's full-scale war", "the start of Russia's full-scale war"),
    ],
)
def test_period_full_scale_invasion(text: str, span: str) -> None:
    for reference in (None, REF):
        mention = only(text, reference)
        assert mention.text == span
        assert mention.date == FuzzyDate(D(2022, 2, 24), DAY)
        assert mention.basis == "period"


def test_end_of_the_invasion_is_not_a_date() -> None:
    assert find_dates("to stay abroad until the end of the full-scale invasion", REF) == []


# --------------------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "they may be released",
        "Relatives said the men may return soon.",
        "May they all come home.",
        "a march to the border",
        "March",
        "May",
        "2,449",
        "3,574",
        "penal colony #120",
        "20 months",
        "for 30 days",
        "Feb 30, 2022",
        "February 30",
        "31 April 2023",
        "2022-02-30",
        "31.02.2022",
        "2022 was a hard year",  # a bare year needs a preposition or a month
        "the mayor of Mariupol",
        "20 Marines",
        "the Decembrists",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, REF) == []
    assert find_dates(text) == []


def test_day_never_runs_into_a_thousands_separator() -> None:
    mention = only("In May 2,449 defenders left", REF)
    assert (mention.text, mention.day, mention.basis) == ("May", None, "partial")


def test_longest_match_wins_and_spans_are_exact() -> None:
    text = "They surrendered on May 16, 2022, and were moved on 21.09.2022 in 2022."
    mentions = find_dates(text, REF)
    assert [m.text for m in mentions] == ["May 16, 2022", "21.09.2022", "2022"]
    assert_spans(text, mentions)


def test_mentions_are_in_text_order_and_disjoint() -> None:
    text = "Yesterday and on Sept. 21, and in May 2022, and last year, and 2023-05-01."
    mentions = find_dates(text, REF)
    assert [m.basis for m in mentions] == [
        "relative",
        "partial",
        "absolute",
        "relative",
        "absolute",
    ]
    assert_spans(text, mentions)


# --------------------------------------------------------------------------- seeds


def test_seed_003_dates_with_publication_reference() -> None:
    text = SEED_003.read_text(encoding="utf-8")
    mentions = find_dates(text, REF)
    assert_spans(text, mentions)
    assert [(m.text, m.date.iso() if m.date else None) for m in mentions] == [
        ("October 6, 2022", "2022-10-06"),  # the byline, time ignored
        ("Oct. 6", "2022-10-06"),
        ("Sept. 28", "2022-09-28"),
        ("Sept. 25", "2022-09-25"),
        ("Sept. 21", "2022-09-21"),
    ]
    assert [m.basis for m in mentions] == ["absolute"] + ["partial"] * 4


def test_seed_000_dates() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    reference = D(2023, 12, 18)
    mentions = find_dates(text, reference)
    assert_spans(text, mentions)
    assert [(m.text, m.date.iso() if m.date else None, m.basis) for m in mentions] == [
        ("May 2022", "2022-05", "absolute"),
        ("May 2022", "2022-05", "absolute"),
        ("May 2022", "2022-05", "absolute"),
        ("Dec. 17", "2023-12-17", "partial"),
        ("May 16, 2022", "2022-05-16", "absolute"),
        ("June 6, 2022", "2022-06-06", "absolute"),
        ("Sept. 21, 2022", "2022-09-21", "absolute"),
        ("the beginning of the Russian full-scale invasion", "2022-02-24", "period"),
        ("July 8", "2023-07-08", "partial"),
    ]
    without_reference = find_dates(text)
    assert [m.text for m in without_reference] == [m.text for m in mentions]
    assert [(m.month, m.day) for m in without_reference if m.date is None] == [(12, 17), (7, 8)]


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("2022-10-06", None, FuzzyDate(D(2022, 10, 6), DAY)),
        ("October 6, 2022", None, FuzzyDate(D(2022, 10, 6), DAY)),
        ("  October 6, 2022 3:33 PM ", None, FuzzyDate(D(2022, 10, 6), DAY)),
        ("2022-10-06T15:33:00Z", None, FuzzyDate(D(2022, 10, 6), DAY)),
        ("Dec 2023", None, FuzzyDate(D(2023, 12, 1), MONTH)),
        ("in May 2022", None, FuzzyDate(D(2022, 5, 1), MONTH)),
        ("2023", None, FuzzyDate(D(2023, 1, 1), YEAR)),
        ("2022-09", None, FuzzyDate(D(2022, 9, 1), MONTH)),
        ("21.09.2022", None, FuzzyDate(D(2022, 9, 21), DAY)),
        ("Sept. 21", REF, FuzzyDate(D(2022, 9, 21), DAY)),
        ("Sept. 21", None, None),
        ("yesterday", REF, FuzzyDate(D(2022, 10, 5), DAY)),
        ("yesterday", None, None),
        ("", None, None),
        ("soon", None, None),
        ("Feb 30, 2022", None, None),
        ("2022-02-30", None, None),
        ("May 2022 and June 2022", None, None),
        ("they met in May 2022", None, None),
    ],
)
def test_parse_date(text: str, reference: datetime.date | None, expected: FuzzyDate | None) -> None:
    assert parse_date(text, reference) == expected

"""Properties of number and date parsing: any string is safe, and what is read writes back.

The modules promise digits with thousands separators (comma, space, no-break and narrow
no-break space), scale words ("1.5 thousand"), English number words, and the date shapes of
polon.ingest.dates; these tests hold them to that on generated input, not on a list of cases.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from polon.ingest.dates import FuzzyDate, Precision, find_dates, parse_date
from polon.ingest.numbers import MAX_COUNT, find_quantities, parse_number

SEPARATORS = [",", " ", "\xa0", "\u202f"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
UNITS = "zero one two three four five six seven eight nine".split()  # noqa: SIM905
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()  # noqa: SIM905
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905

# Text that looks like a report around numbers and dates, plus anything at all.
PIECES = st.sampled_from([
    "more than", "about", "at least", "nearly", "over", "between", "and", "to", "-", "–",
    "prisoners", "defenders", "days", "years", "%", "$", "No.", "#", "aged", "F-16",
    "Sept.", "May", "in", "since", "on Monday", "yesterday", "2022", "21", "2,449", "3 574",
    "1.5", "thousand", "million", "billion", "dozen", "a", "hundred", "twenty-one",
    "полонених", "вересня", "тис.", ",", ".", "\n", "\xa0", "\u202f", "İ", "ſ",
])  # fmt: skip
REPORTISH = st.lists(
    st.one_of(PIECES, st.integers(0, 10**12).map(str), st.text(max_size=8)), max_size=40
).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=300), REPORTISH)
REFERENCE = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))


def words(n: int) -> str:
    """English words for 0 < n < 1,000,000, the way reports write them."""
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return words(head) + " thousand" + ("" if not rest else " " + words(rest))
    if n >= 100:
        head, rest = divmod(n, 100)
        return UNITS[head] + " hundred" + ("" if not rest else " and " + words(rest))
    if n >= 20:
        head, rest = divmod(n, 10)
        return TENS[head] + ("" if not rest else "-" + UNITS[rest])
    return TEENS[n - 10] if n >= 10 else UNITS[n]


def grouped(n: int, separator: str) -> str:
    return f"{n:,}".replace(",", separator)


# --- numbers ---------------------------------------------------------------------------


@given(ANY_TEXT)
def test_parse_number_takes_any_string(text: str):
    value = parse_number(text)
    assert value is None or 0 <= value <= MAX_COUNT


@given(st.integers(0, MAX_COUNT), st.sampled_from(SEPARATORS))
def test_a_count_written_with_separators_reads_back(n: int, separator: str):
    assert parse_number(str(n)) == n
    assert parse_number(grouped(n, separator)) == n
    assert parse_number(f"  {grouped(n, separator)}\t") == n


# Built as strings: Python refuses to convert ints of over 4,300 digits to text and back.
HUGE = st.integers(MAX_COUNT + 1, 10**30).map(str) | st.builds(
    lambda first, zeros, tail: first + "0" * zeros + tail,
    st.sampled_from("123456789"),
    st.integers(10, 200_000),
    st.text("0123456789", max_size=20),
)


@given(HUGE)
def test_a_number_too_large_to_count_people_is_not_a_count(text: str):
    assert parse_number(text) is None
    assert find_quantities(f"Russia released {text} prisoners.") == []


@given(st.integers(1, 999_999))
def test_a_count_in_words_reads_back(n: int):
    assert parse_number(words(n)) == n
    assert parse_number(words(n).upper()) == n


@given(st.integers(1, 999), st.integers(0, 9), st.sampled_from(["thousand", "million"]))
def test_a_scaled_count_reads_back(whole: int, tenth: int, scale: str):
    factor = 1000 if scale == "thousand" else 1_000_000
    assert parse_number(f"{whole}.{tenth} {scale}") == whole * factor + tenth * factor // 10


@given(ANY_TEXT)
def test_found_quantities_are_spans_of_the_text_that_read_back(text: str):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start <= quantity.number_start < quantity.number_end
        assert quantity.number_end <= quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text
        assert parse_number(text[quantity.number_start : quantity.number_end]) == quantity.value


@given(st.integers(2, MAX_COUNT), st.sampled_from(["", *SEPARATORS]))
def test_a_stated_count_is_found_with_its_value(n: int, separator: str):
    assume(not 1900 <= n < 2100)  # a bare four-digit number of that size is a year
    written = grouped(n, separator) if separator else str(n)
    found = find_quantities(f"On that day Ukraine brought home {written} defenders.")
    assert [(q.value, q.text) for q in found] == [(n, written)]


# --- dates -----------------------------------------------------------------------------

FUZZY = st.builds(
    FuzzyDate, st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(Precision)
)


@given(ANY_TEXT, REFERENCE)
def test_parse_date_takes_any_string(text: str, reference: dt.date | None):
    parsed = parse_date(text, reference)
    assert parsed is None or isinstance(parsed, FuzzyDate)


@given(ANY_TEXT, REFERENCE)
def test_found_dates_are_ordered_disjoint_spans_of_the_text(text: str, reference):
    end = 0
    for mention in find_dates(text, reference):
        assert end <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        end = mention.end
        if mention.date is not None and reference is not None and mention.basis == "partial":
            assert mention.date.value <= reference


@given(FUZZY)
def test_a_fuzzy_date_is_its_first_day_and_round_trips(date: FuzzyDate):
    value = date.value
    if date.precision is Precision.MONTH:
        assert value.day == 1
    if date.precision is Precision.YEAR:
        assert (value.month, value.day) == (1, 1)
    assert len(date.iso()) == {"day": 10, "month": 7, "year": 4}[date.precision]
    assert FuzzyDate.from_iso(date.iso()) == date
    assert FuzzyDate(date.value, date.precision) == date  # normalising twice changes nothing
    if value.year >= 1000:
        assert parse_date(date.iso()) == date


@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.booleans())
def test_the_precision_of_a_date_is_what_its_text_states(day: dt.date, abbreviate: bool):
    month = MONTHS[day.month - 1]
    if abbreviate and len(month) > 4:
        month = ("Sept" if day.month == 9 else month[:3]) + "."
    as_day = FuzzyDate(day, Precision.DAY)
    for text in (
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        day.isoformat(),
        f"on {month} {day.day}, {day.year} at 3:33 PM",
    ):
        assert parse_date(text) == as_day, text
    assert parse_date(f"{month} {day.year}") == FuzzyDate(day, Precision.MONTH)
    assert parse_date(f"in {day.year}") == FuzzyDate(day, Precision.YEAR)
    # a month and day alone take the year that does not put them after the reference
    partial = parse_date(f"{month} {day.day}", day)
    assert partial == as_day

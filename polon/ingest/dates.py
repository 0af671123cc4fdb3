"""Rule-based recognition of dates in news reports about captivity.

Reports name dates in a small number of house styles: AP style ("Sept. 21, 2022", "Dec. 17"),
British style ("16 May 2022"), ISO dates in metadata ("2022-09-21"), Ukrainian dotted dates
("21.09.2022"), bare years after a preposition ("in 2022"), words relative to the publication date
("yesterday", "on Monday", "last month") and one period everybody in this domain dates by, the
start of the full-scale invasion (24 February 2022). The rules below cover exactly those shapes;
everything else is left alone, because a wrong date attached to an exchange or a figure is worse
than a missing one that a reviewer can add.

Why the rules are as they are:

* A month name counts only when it is capitalised ("May 16", never "may be released"), and
  "March"/"May" alone are dates only after a preposition such as "in" or "since" ("in March"),
  so a march to the border and a modal verb are not dates.
* A bare four-digit number is a year only after "in", "since", "by", "of" or "until", or after a
  month ("May 2022"); "2,449" or "3,574" never are (a comma or digit next to the number blocks it).
* A month and day without a year ("Sept. 21") is a *partial* date. Articles talk about the past,
  so the year is the latest one that does not put the date after the reference (publication)
  date: "Dec. 17" in an article of 10 January 2023 is 2022-12-17. Without a reference the
  mention is still returned, with ``date=None``, so the caller keeps the month and day.
* Relative words ("yesterday", "on Monday", "last month", ...) are resolved only against a
  reference date and are not returned without one. "On Monday" is the most recent Monday
  strictly before the reference (a week earlier when the reference is itself a Monday).
* Spans are exact character offsets into the searched text; context words that only trigger a
  rule ("in", "on", "since") are not part of the span. When rules overlap, the longest match
  wins, so "May 16, 2022" is one mention and not "May 16" plus "2022".
* Invalid calendar dates ("Feb 30") are skipped, never raised.
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DateMention", "FuzzyDate", "Precision", "find_dates", "parse_date"]


class Precision(StrEnum):
    """How much of a date the source actually stated."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class FuzzyDate:
    """A calendar date with a precision; coarser dates are stored as their first day."""

    value: datetime.date
    precision: Precision

    def __post_init__(self) -> None:
        precision = Precision(self.precision)
        value = self.value
        if precision is Precision.MONTH:
            value = value.replace(day=1)
        elif precision is Precision.YEAR:
            value = value.replace(month=1, day=1)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "value", value)

    def iso(self) -> str:
        """Return "2022-09-21", "2022-09" or "2022" according to the precision."""
        if self.precision is Precision.DAY:
            return self.value.isoformat()
        if self.precision is Precision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"

    @classmethod
    def from_iso(cls, text: str) -> FuzzyDate:
        """Inverse of :meth:`iso`; raises ``ValueError`` for anything else."""
        match = _ISO_FUZZY_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"not an ISO date, month or year: {text!r}")
        year, month, day = match.group("year", "month", "day")
        if day is not None:
            return cls(datetime.date(int(year), int(month), int(day)), Precision.DAY)
        if month is not None:
            return cls(datetime.date(int(year), int(month), 1), Precision.MONTH)
        return cls(datetime.date(int(year), 1, 1), Precision.YEAR)


@dataclass(frozen=True)
class DateMention:
    """One date found in a text: its span, its resolved value and what the text itself said."""

    start: int
    end: int
    text: str
    date: FuzzyDate | None
    month: int | None
    day: int | None
    basis: str  # "absolute", "partial", "relative" or "period"


FULL_SCALE_INVASION = datetime.date(2022, 2, 24)
_INVALID = "invalid"  # internal basis of date-shaped spans that are not calendar dates

_MONTH_NAMES: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sept": 9,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(_longest_first(words))


def fold_case(text: str) -> str:
    """A copy of ``text`` that lower-case ASCII patterns can search as if with re.IGNORECASE.

    Under re.IGNORECASE Python's regex engine folds every character it compares and cannot skip
    ahead to a literal, which made the date rules cost two to three times more. So they are
    written in lower case, without the flag, and search this copy instead.

    A pattern whose letters are lower-case ASCII, and whose classes are ``\\w``, ``\\d``,
    ``\\s`` or sets of non-letters, matches the copy exactly where it would match ``text``
    with the flag, and at the same offsets: the copy has the same length. ``str.lower`` does
    most of it (other alphabets are lowered too, which such patterns cannot see); the rest
    are the characters re.IGNORECASE equates with an ASCII letter that ``lower`` leaves alone
    (ı, ſ) or lowers to two characters (İ). tests/ingest/test_fast_patterns.py checks all this
    against the regex engine, for every code point.
    """
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


def at_word_start(not_after: str, alternatives: Iterable[str]) -> str:
    """``(?<!not_after)(?:alternatives)``, written so that the regex engine can skip ahead.

    A pattern that opens with a look-behind is tried at every position of the text, one whose
    branches each open with a literal letter only where such a letter is (the engine scans for
    them in C), which is several times faster. So the alternatives are grouped by their first
    letter, and the look-behind comes after that letter and looks past it. Within a group the
    alternatives keep their order, so the same one matches. Each must open with a plain letter.
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(
        rf"{first}(?<!{not_after}{first})(?:{'|'.join(rests)})" for first, rests in groups.items()
    )


_SP = r"[ \t\xa0\u202f]"  # horizontal space only: a date never runs across a line break
_MONTH_PLAIN = rf"(?:(?:{_alternation(_MONTH_NAMES)}|{_alternation(_MONTH_ABBREVIATIONS)})\b)"
_MONTH = (
    rf"(?P<month>(?:{_alternation(_MONTH_NAMES)})\b"
    rf"|(?:{_alternation(_MONTH_ABBREVIATIONS)})\b\.?)"
)
# (?<![\w.]) and then _MONTH, opening a pattern
_MONTH_FIRST = (
    "(?P<month>"
    + at_word_start(
        r"[\w.]",
        [
            *(rf"{name}\b" for name in _longest_first(_MONTH_NAMES)),
            *(rf"{abbreviation}\b\.?" for abbreviation in _longest_first(_MONTH_ABBREVIATIONS)),
        ],
    )
    + ")"
)
_DAY_END = r"(?:st|nd|rd|th)?(?!\w)(?![.,]\d)"
_DAY = rf"(?P<day>\d{{1,2}}){_DAY_END}"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\w)(?![.,]\d)"
_YEAR_SEP = rf"(?:,{_SP}*|{_SP}+)"
_THIS = rf"this{_SP}+(?:month|year|week)"
_INVADER = rf"(?:(?:russian|russia['\u2019]s){_SP}+)?"
_INVASION = rf"full(?:-|{_SP})scale{_SP}+(?:russian{_SP}+)?(?:invasion|war)"

_ISO_FUZZY_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
# The rules below are searched in fold_case(text): lower case only, and no re.IGNORECASE. Each
# opens with a letter or a digit and puts its look-behind after it (see at_word_start);
# "\d(?<![\w-]\d)\d{3}" is "(?<![\w-])\d{4}" written that way.
_MDY_RE = re.compile(rf"{_MONTH_FIRST}{_SP}*{_DAY}(?:{_YEAR_SEP}{_YEAR})?")
_DMY_RE = re.compile(
    rf"(?P<day>\d(?<![\w.,#]\d)\d?){_DAY_END}{_SP}+(?:of{_SP}+)?{_MONTH}"
    rf"(?:{_YEAR_SEP}{_YEAR})?"
)
_MY_RE = re.compile(rf"{_MONTH_FIRST}{_YEAR_SEP}{_YEAR}")
_MONTH_ONLY_RE = re.compile(
    "(?:"
    + at_word_start(
        r"\w",
        [
            *("in", "since", "until", "from", "during", "before", "after", "early", "late", "mid"),
            rf"the{_SP}+(?:end|beginning|start|middle){_SP}+of",
            *(rf"{word}{_SP}+of" for word in ("end", "beginning", "start", "middle")),
        ],
    )
    + rf")(?:{_SP}+|-){_MONTH}"
)
_ISO_RE = re.compile(r"(?P<year>\d(?<![\w-]\d)\d{3})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_DOTTED_RE = re.compile(
    r"(?P<day>\d(?<![\w.]\d)\d?)\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\w)(?!\.\d)"
)
_BARE_YEAR_RE = re.compile(
    "(?:" + at_word_start(r"\w", ["in", "since", "by", "of", "until"]) + rf"){_SP}+{_YEAR}"
)
_RELATIVE_RE = re.compile(
    "(?P<rel>"
    + at_word_start(
        r"\w",
        [
            *("yesterday", "today", "tonight"),
            *(rf"last{_SP}+{period}" for period in ("month", "year", "week")),
            *(rf"earlier{_SP}+{_THIS}", rf"later{_SP}+{_THIS}", _THIS),
        ],
    )
    + r")\b"
)
# Not rewritten: its match may open at the weekday itself (at the start of the text, or after a
# full stop), so there is no one letter it opens with.
_WEEKDAY_RE = re.compile(
    rf"(?<!\w)(?P<prefix>(?:late|early){_SP}+(?:on{_SP}+)?|on{_SP}+|last{_SP}+|this{_SP}+|"
    rf"since{_SP}+|by{_SP}+|until{_SP}+|from{_SP}+|^|(?<=[.!?]{_SP}))"
    rf"(?P<weekday>{'|'.join(_WEEKDAYS)})\b"
    # "on Monday, Oct. 3" or "Monday, 3 October": the explicit date wins; "On Thursday, 107
    # defenders" is the weekday
    rf"(?!,?{_SP}*(?:{_MONTH_PLAIN}|\d{{1,2}}(?:st|nd|rd|th)?{_SP}+{_MONTH_PLAIN}))"
)
_PERIOD_RE = re.compile(
    at_word_start(
        r"\w",
        [
            rf"the{_SP}+(?:(?:beginning|start|outbreak|onset){_SP}+of{_SP}+(?:the{_SP}+)?"
            rf"{_INVADER}{_INVASION}|{_INVADER}{_INVASION}{_SP}+(?:began|started))\b"
        ],
    )
)
_CAPITALISED_WORD_BEFORE_RE = re.compile(rf"(?<![\w.])[A-Z]\w*{_SP}+$")
_PARSE_PREFIX_RE = re.compile(r"(?:(?:on|in|since|by|of|until|from|as\s+of)\s+)?", re.IGNORECASE)
_PARSE_SUFFIX_RE = re.compile(
    r"[\s,]*(?:(?:at\s+|T)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?)?[.\s]*"
)


def _month_number(word: str) -> int | None:
    """Month number of a capitalised month word ("Sept." -> 9); None for "may" or "march"."""
    if not word[:1].isupper():
        return None
    key = word.rstrip(".").lower()
    return _MONTH_NAMES.get(key) or _MONTH_ABBREVIATIONS.get(key)


def _valid_month_day(month: int, day: int | None) -> bool:
    """True when the day exists in that month in some year (29 February counts)."""
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(2000, month)[1]


def _make_date(year: int, month: int, day: int | None) -> FuzzyDate | None:
    try:
        value = datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return FuzzyDate(value, Precision.DAY if day is not None else Precision.MONTH)


def _resolve_year(month: int, day: int | None, reference: datetime.date) -> FuzzyDate | None:
    """Latest year that does not put the month(-day) after the reference date."""
    for year in range(reference.year, reference.year - 9, -1):  # 8 years reach a 29 February
        found = _make_date(year, month, day)
        if found is not None and found.value <= reference:
            return found
    return None


def _mention(
    text: str,
    span: tuple[int, int],
    date: FuzzyDate | None,
    basis: str,
    month: int | None = None,
    day: int | None = None,
) -> DateMention:
    start, end = span
    return DateMention(start, end, text[start:end], date, month, day, basis)


def _invalid(text: str, match: re.Match[str]) -> DateMention:
    """A date-shaped span that is not a calendar date ("Feb 30, 2022").

    It takes part in the longest-match selection, so that "31 April 2023" does not shrink to
    "April 2023", and is dropped afterwards.
    """
    return _mention(text, match.span(), None, _INVALID)


def _word(match: re.Match[str], text: str, group: str) -> str:
    """A group of a match in the case-folded copy, as written in ``text``."""
    return text[match.start(group) : match.end(group)]


def _month_day_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    """A month with a day and/or year: absolute when the year is there, partial otherwise."""
    month = _month_number(_word(match, text, "month"))
    groups = match.re.groupindex
    day = int(match.group("day")) if "day" in groups and match.group("day") else None
    year = match.group("year") if "year" in groups else None
    if month is None:
        return None
    if not _valid_month_day(month, day):
        return _invalid(text, match)
    if year is not None:
        date = _make_date(int(year), month, day)
        if date is None:
            return _invalid(text, match)
        return _mention(text, match.span(), date, "absolute", month, day)
    date = _resolve_year(month, day, reference) if reference is not None else None
    if reference is not None and date is None:
        return _invalid(text, match)
    return _mention(text, match.span(), date, "partial", month, day)


def _month_only_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    """A month after a preposition ("in March"): month precision, the span is the month only."""
    month = _month_number(_word(match, text, "month"))
    if month is None:
        return None
    date = _resolve_year(month, None, reference) if reference is not None else None
    return _mention(text, match.span("month"), date, "partial", month)


def _numeric_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    """ISO "2022-09-21" or dotted "21.09.2022"."""
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    date = _make_date(year, month, day) if 1 <= month <= 12 else None
    if date is None:
        return _invalid(text, match)
    return _mention(text, match.span(), date, "absolute", month, day)


def _bare_year_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    year = int(match.group("year"))
    date = FuzzyDate(datetime.date(year, 1, 1), Precision.YEAR)
    return _mention(text, match.span("year"), date, "absolute")


def _relative_date(phrase: str, reference: datetime.date) -> FuzzyDate:
    words = phrase.lower().split()
    if words == ["yesterday"]:
        return FuzzyDate(reference - datetime.timedelta(days=1), Precision.DAY)
    if words in (["today"], ["tonight"]):
        return FuzzyDate(reference, Precision.DAY)
    if words[-1] == "week":  # no week precision: the month the week (mostly) fell in
        back = 7 if words[0] == "last" else 0
        return FuzzyDate(reference - datetime.timedelta(days=back), Precision.MONTH)
    if words[-2:] == ["last", "month"]:
        last_month = reference.replace(day=1) - datetime.timedelta(days=1)
        return FuzzyDate(last_month, Precision.MONTH)
    if words[-2:] == ["last", "year"]:
        return FuzzyDate(datetime.date(reference.year - 1, 1, 1), Precision.YEAR)
    if words[-1] == "month":
        return FuzzyDate(reference, Precision.MONTH)
    return FuzzyDate(reference, Precision.YEAR)


def _relative_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    if reference is None:
        return None
    phrase = _word(match, text, "rel")
    before = text[max(0, match.start() - 40) : match.start()]
    if phrase == "Today" and _CAPITALISED_WORD_BEFORE_RE.search(before):
        return None  # a title such as "Ukraine Today" or "USA Today"
    return _mention(text, match.span(), _relative_date(phrase, reference), "relative")


def _weekday_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    if reference is None:
        return None
    weekday = _WEEKDAYS.index(_word(match, text, "weekday").lower())
    # "said on Sunday" in a report of a Sunday is that day (wire style); "last Sunday" is not.
    days_back = (reference.weekday() - weekday) % 7
    if days_back == 0 and _word(match, text, "prefix").strip().lower() == "last":
        days_back = 7
    value = reference - datetime.timedelta(days=days_back)
    return _mention(text, match.span("weekday"), FuzzyDate(value, Precision.DAY), "relative")


def _period_mention(
    match: re.Match[str], text: str, reference: datetime.date | None
) -> DateMention | None:
    date = FuzzyDate(FULL_SCALE_INVASION, Precision.DAY)
    return _mention(text, match.span(), date, "period")


# A builder gets a match in the case-folded copy of the text, and the text itself.
_Builder = Callable[[re.Match[str], str, datetime.date | None], DateMention | None]
_RULES: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (_MDY_RE, _month_day_mention),
    (_DMY_RE, _month_day_mention),
    (_MY_RE, _month_day_mention),
    (_MONTH_ONLY_RE, _month_only_mention),
    (_ISO_RE, _numeric_mention),
    (_DOTTED_RE, _numeric_mention),
    (_BARE_YEAR_RE, _bare_year_mention),
    (_RELATIVE_RE, _relative_mention),
    (_WEEKDAY_RE, _weekday_mention),
    (_PERIOD_RE, _period_mention),
)


def _candidates(text: str, reference: datetime.date | None) -> Iterator[DateMention]:
    folded = fold_case(text)
    for pattern, build in _RULES:
        for match in pattern.finditer(folded):
            mention = build(match, text, reference)
            if mention is not None:
                yield mention


def _longest_first(mentions: Iterator[DateMention]) -> list[DateMention]:
    """Keep non-overlapping mentions, longer first; drop invalid ones; return in text order."""
    chosen: list[DateMention] = []  # disjoint, sorted by start (hence also by end)
    starts: list[int] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        index = bisect_left(starts, mention.end)
        if index and chosen[index - 1].end > mention.start:
            continue
        chosen.insert(index, mention)
        starts.insert(index, mention.start)
    return [mention for mention in chosen if mention.basis != _INVALID]


def find_dates(text: str, reference: datetime.date | None = None) -> list[DateMention]:
    """Find date mentions in running text, in text order and without overlaps.

    ``reference`` is the date the text was written (usually the publication date); it fills
    the year of partial dates and anchors relative words.
    """
    return _longest_first(_candidates(text, reference))


def parse_date(text: str, reference: datetime.date | None = None) -> FuzzyDate | None:
    """Parse one whole phrase such as "2022-10-06", "October 6, 2022", "Dec 2023" or "2023".

    A leading preposition ("in May 2022") and a trailing clock time ("October 6, 2022 3:33 PM")
    are allowed; anything else around the date makes the result None, as does a partial or
    relative date without a reference.
    """
    phrase = text.strip()
    if not phrase:
        return None
    try:
        return FuzzyDate.from_iso(phrase)
    except ValueError:
        pass
    for mention in find_dates(phrase, reference):
        prefix = _PARSE_PREFIX_RE.fullmatch(phrase, 0, mention.start)
        suffix = _PARSE_SUFFIX_RE.fullmatch(phrase, mention.end)
        if prefix is not None and suffix is not None:
            return mention.date
    return None


PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


def finer(a: FuzzyDate, b: FuzzyDate) -> FuzzyDate:
    """The more precise of two dates for one thing ("May 2022" vs "May 16, 2022")."""
    return b if PRECISION_RANK[b.precision] > PRECISION_RANK[a.precision] else a

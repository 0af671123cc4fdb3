"""Cell values as lists write them, turned into the forms the registry stores.

Lists from ministries, NGOs and families write the same thing many ways: "01.02.1990",
"1990-02-01", "1990 р."; "ч", "чол.", "M"; "повернутий", "returned", "обміняний". The
registry should see one form, so these functions normalise, and they refuse what cannot be
right (31.02.1990, a month 13) instead of guessing: a wrong date on a prisoner's record is
worse than an empty one.
"""

from __future__ import annotations

import datetime as dt
import re

# The registry's statuses (``polon.ledger.models.STATUSES``; a test keeps the two equal).
# Kept here so that reading a list does not import the database layer.
STATUSES = ("missing", "captured", "held", "transferred", "released", "returned", "died", "alive")

# Cells that mean "nothing here". They are common in exported tables and must not become a
# surname "-" or a bad date.
_PLACEHOLDERS = {
    "-", "--", "–", "—", "?", "н/д", "н/в", "n/a", "невідомо", "неизвестно", "unknown",
    "немає", "немає даних", "нет данных",
}  # fmt: skip

_APOSTROPHES = re.compile("[\u2019\u02bc\u2018`\u00b4\u2032\u02b9]")


def fold(text: str) -> str:
    """Lower case, one apostrophe, one space: the form in which labels are compared."""
    text = _APOSTROPHES.sub("'", text).casefold().replace("ё", "е")
    return " ".join(text.split())


def is_placeholder(text: str) -> bool:
    return fold(text) in _PLACEHOLDERS


# --- dates -----------------------------------------------------------------------------

_YEAR_WORD = re.compile(r"\s*(?:р\.?|рік|року|г\.?|год|года)$", re.IGNORECASE)
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2})?$")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_MY = re.compile(r"(\d{1,2})[./](\d{4})")
_Y = re.compile(r"\d{4}")
_SHORT_YEAR = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2}")


def parse_date(text: str) -> str:
    """A date or partial date as ISO text: "1990-05-01", "1990-05" or "1990".

    Accepts dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd, mm.yyyy, yyyy-mm and yyyy, with
    an optional "р."/"г." after the year. Raises ``ValueError`` saying what is wrong.
    A two-digit year is refused: "01.02.03" could be 1903 or 2003.
    """
    value = _TIME_PART.sub("", _YEAR_WORD.sub("", text.strip()))
    if match := _YMD.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.fullmatch(value):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _YM.fullmatch(value):
        return _partial(int(match[1]), int(match[2]), text)
    elif match := _MY.fullmatch(value):
        return _partial(int(match[2]), int(match[1]), text)
    elif _Y.fullmatch(value):
        return _partial(int(value), None, text)
    elif _SHORT_YEAR.fullmatch(value):
        raise ValueError(f"{text!r} has a two-digit year; write the year in full")
    else:
        raise ValueError(f"{text!r} is not a date (dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy)")
    _check_year(year, text)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def parse_full_date(text: str) -> dt.date:
    """A whole date (day, month and year); a partial one is refused."""
    iso = parse_date(text)
    if len(iso) != 10:
        raise ValueError(f"{text!r} needs a day, a month and a year")
    return dt.date.fromisoformat(iso)


def _partial(year: int, month: int | None, text: str) -> str:
    _check_year(year, text)
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}")
    return f"{year:04d}-{month:02d}"


def _check_year(year: int, text: str) -> None:
    # Wide enough for any living person and any record date, narrow enough to catch typos.
    if not 1850 <= year <= 2100:
        raise ValueError(f"{text!r} has an unlikely year {year}")


# --- sex -------------------------------------------------------------------------------

_SEX = {
    "male": ("ч", "чол", "чоловік", "чоловіча", "м", "муж", "мужской", "мужчина", "m", "male",
             "man"),
    "female": ("ж", "жін", "жінка", "жіноча", "жен", "женский", "женщина", "f", "w", "female",
               "woman"),
    "other": ("other", "інша", "інше", "другой", "другое"),
}  # fmt: skip
_SEX_BY_WORD = {word: sex for sex, words in _SEX.items() for word in words}


def normalise_sex(text: str) -> str:
    """PFIF's values, male, female or other, when the cell says so; else the cell."""
    return _SEX_BY_WORD.get(fold(text).rstrip("."), text.strip())


# --- status ----------------------------------------------------------------------------

# Searched in this order, so that "звільнений з полону" (released from captivity) is
# "released", not "captured", and "загинув у полоні" (died in captivity) is "died".
_STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern))
    for status, pattern in (
        ("died", r"загин|загибл|помер|погиб|умер|убит|вбит|\bdied\b|\bdead\b|deceased|"
                 r"killed|\bkia\b"),
        ("returned", r"поверн|возвращ|вернул|обмін|обмен|\breturned\b|exchanged|repatriat|"
                     r"репатр"),
        ("released", r"звільн|освобожд|\breleased\b|\bfreed\b"),
        ("transferred", r"переведен|переміщ|перемещ|етапов|этапир|\btransferred\b"),
        ("missing", r"зник|безвіст|безвест|пропал|\bmissing\b|\bmia\b"),
        ("held", r"утриму|содерж|ув'язн|\bheld\b|detained"),
        ("captured", r"полон|плен|захопл|\bcaptured\b|\bpow\b|prisoner"),
        ("alive", r"живий|жива|живой|\balive\b"),
    )
)  # fmt: skip
_STATUS_UNKNOWN = re.compile(r"невідом|неизвест|уточн|\bunknown\b|\bunclear\b")


def parse_status(text: str) -> str | None:
    """The registry status a status cell states, or None for "unknown"/"being clarified".

    Raises ``ValueError`` for a value it cannot place, naming the statuses it knows.
    """
    value = fold(text)
    if value in STATUSES:
        return value
    for status, pattern in _STATUS_PATTERNS:
        if pattern.search(value):
            return status
    if _STATUS_UNKNOWN.search(value) or is_placeholder(value):
        return None
    raise ValueError(f"{text!r} is not a status Polon knows ({', '.join(STATUSES)})")


# --- names -----------------------------------------------------------------------------

_PATRONYMIC = re.compile(
    r"(?:ич|івна|ївна|овна|евна|ична|ovych|evych|ovich|evich|ivna|yivna|ovna|evna|ichna)$",
    re.IGNORECASE,
)


def looks_like_patronymic(word: str) -> bool:
    """True for Петрович, Петрівна, Петровна, Petrovych: a Ukrainian or Russian patronymic."""
    return len(word) >= 5 and bool(_PATRONYMIC.search(word))


def split_full_name(text: str) -> tuple[str, str, str] | None:
    """(surname, given, patronymic) of a three-word East Slavic full name, or None.

    Only a third (or second) word that is clearly a patronymic makes the order certain:
    "Петренко Іван Петрович" and "Іван Петрович Петренко" split; "Петренко Іван" or
    "John Smith" stay whole, because either word could be the surname.
    """
    words = text.split()
    if len(words) != 3 or (looks_like_patronymic(words[1]) and looks_like_patronymic(words[2])):
        return None  # "Іван Петрович Шуфрич": a surname in -ич makes the order unclear
    if looks_like_patronymic(words[2]):
        return words[0], words[1], words[2]
    if looks_like_patronymic(words[1]):
        return words[2], words[0], words[1]
    return None


# --- timestamps ------------------------------------------------------------------------

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?"
)


def parse_timestamp(text: str) -> dt.datetime:
    """A PFIF/ISO time such as "2000-01-16T02:07:57Z", as an aware UTC datetime.

    PFIF asks for UTC with a "Z"; an offset is converted, a missing zone is read as UTC,
    and fractions of a second are dropped (PFIF has none). Raises ``ValueError``.
    """
    match = _TIMESTAMP.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time (yyyy-mm-ddThh:mm:ssZ)")
    try:
        stamp = dt.datetime(*(int(g) for g in match.groups()[:6]), tzinfo=dt.UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a real time") from None
    zone = match[7]
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        try:
            stamp -= sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        except OverflowError:  # "0001-01-01T00:00:00+01:00" is in UTC before the year 1
            raise ValueError(f"{text!r} is not a real time") from None
    return stamp


def format_timestamp(stamp: dt.datetime) -> str:
    """The PFIF form, yyyy-mm-ddThh:mm:ssZ in UTC; a naive datetime is taken as UTC."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def as_utc(stamp: dt.datetime) -> dt.datetime:
    """The same instant, aware and in UTC (naive means UTC)."""
    if stamp.tzinfo is None:
        return stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC)

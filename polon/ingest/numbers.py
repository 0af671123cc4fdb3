"""Rule-based recognition of counts ("more than 2,500 defenders") in news reports.

A figure in the ledger is a count of people or things with a qualifier: "more than 2,500",
"about 200", "at least 55". Running text is full of numbers that are not counts, and a wrong
figure in a time series is worse than a missing one, so the rules are deliberately strict:

* Numbers are written as digits with thousands separators ("2,449", "3 574", also with the
  no-break and narrow no-break spaces French-style typesetting leaves behind), as digits with a
  scale word ("1.5 thousand"), or as English number words, in any case ("Five", "twenty-one",
  "two hundred and seven", "a dozen"). Vague plurals ("dozens", "hundreds of") are not counts.
* The qualifier is read from the words right before the number and is part of the span:
  "more than", "over", "upwards of" -> more_than; "about", "around", "approximately",
  "roughly", "some" -> about; "nearly", "almost", "up to", "fewer than", "less than", "under"
  -> up_to; "at least", "no fewer than" -> at_least; "a total of", "exactly" or nothing -> exact.
  "over" right after a verb of handing ("handed over 200 bodies") is a particle, not a qualifier.
* Not counts, and never returned: anything inside a date found by :func:`find_dates` ("Sept. 21,
  2022"), an unseparated four-digit year 1900-2099 without a qualifier, ordinals ("21st",
  "first"), durations (a number followed by a unit of time: "20 months", "for 30 days", "1 min
  read"), ages ("aged 25", "age of 30", "25-year-old"), money ("$1", "USD 100", "5 dollars",
  "1 million hryvnias"), percentages, labels ("#120", "No. 120", "number 120"), clock times
  ("3:33 PM"), decimals, and numbers glued to letters ("F-16", "A320").
* A number followed by a hyphen and a word is a compound modifier ("one-time", "25-year-old",
  "a 200-strong unit") and is skipped as a whole: such a number describes a thing instead of
  counting the people in the report.
* The word "one" alone is usually a pronoun or part of an idiom ("one of the largest", "no one",
  "one another"); it is a count only when none of those patterns applies.
* Ranges ("three to four", "two or three", "200-300", "between 200 and 300") are one quantity.
  When a unit of time follows the range it is a duration and skipped. Otherwise the range is
  reported once, with the first (lower) number as its value and the qualifier ``about`` unless
  an explicit qualifier precedes it; the span covers the whole range. Reporting the lower bound
  keeps a figure conservative, and ``about`` tells the reviewer it is not exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from polon.ingest.dates import find_dates, fold_case

__all__ = ["MAX_COUNT", "Quantity", "Qualifier", "find_quantities", "parse_number"]

# The largest count a report can state: far above any number of people in captivity, and
# inside the ledger's 32-bit integer columns. A longer number is an identifier or noise (and
# int() refuses strings of over 4,300 digits), so it is not a count.
MAX_COUNT = 1_000_000_000
_MAX_COUNT_DIGITS = len(str(MAX_COUNT))


class Qualifier(StrEnum):
    """How a stated count relates to the true one."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    ABOUT = "about"
    AT_LEAST = "at_least"
    UP_TO = "up_to"


@dataclass(frozen=True)
class Quantity:
    """One count found in a text; the span includes the qualifier words."""

    start: int
    end: int
    text: str
    value: int
    qualifier: Qualifier
    number_start: int
    number_end: int


_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DOZEN = 12

_QUALIFIERS: dict[str, Qualifier] = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "nearly": Qualifier.UP_TO,
    "almost": Qualifier.UP_TO,
    "up to": Qualifier.UP_TO,
    "fewer than": Qualifier.UP_TO,
    "less than": Qualifier.UP_TO,
    "under": Qualifier.UP_TO,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "a total of": Qualifier.EXACT,
    "exactly": Qualifier.EXACT,
}

_SP = r"[ \t\xa0\u202f]"
_GROUP_SEP = r"[, \xa0\u202f]"
_VOCABULARY = frozenset([*_UNITS, *_TEENS, *_TENS, "hundred", *_SCALES, "dozen", "a", "and"])
_WORD = "(?:" + "|".join(sorted(_VOCABULARY - {"a", "and"}, key=len, reverse=True)) + r")\b"
_AND_AFTER_SCALE = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))"

# Candidate numbers. The look-behinds reject decimals, labels, money and letter-digit codes;
# they come after the first digit and look past it, so that the pattern opens with a digit and
# the regex engine skips ahead to digits instead of trying every position. The patterns with
# words are searched in fold_case(text), in lower case and without re.IGNORECASE, which is much
# faster (see polon.ingest.dates.fold_case).
_FIRST_DIGIT = r"\d(?<![\w.,#$€£₴/:+№]\d)(?<![A-Za-z]-\d)"
_DIGITS_RE = re.compile(rf"{_FIRST_DIGIT}(?:\d{{0,2}}(?:{_GROUP_SEP}\d{{3}})+|\d*)(?!\w|[.,:/]\d)")
_SCALED_RE = re.compile(
    rf"(?P<number>{_FIRST_DIGIT}\d*(?:\.\d+)?){_SP}*(?P<scale>thousand|million|billion)\b"
)
_WORDS_RE = re.compile(
    rf"(?<![\w-])(?:a{_SP}+(?=(?:dozen|hundred|thousand|million|billion)\b))?{_WORD}"
    rf"(?:(?:{_SP}*-{_SP}*|{_SP}+|{_AND_AFTER_SCALE}{_SP}+and{_SP}+){_WORD})*"
)

# Whole-string forms for parse_number.
_DIGITS_FULL_RE = re.compile(rf"\d{{1,3}}(?:{_GROUP_SEP}\d{{3}})+|\d+")
_SCALED_FULL_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion)", re.IGNORECASE)

# Context rules. "before" patterns are anchored at the start of the number, "after" at its end.
_QUALIFIER_RE = re.compile(
    r"(?<!\w)(?P<q>"
    + "|".join(q.replace(" ", r"\s+") for q in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_PARTICLE_OVER_RE = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|pass|passes|passed|passing"
    r"|take|takes|took|taken|taking|bring|brings|brought|bringing)\s+over\s+$",
    re.IGNORECASE,
)
_BETWEEN_RE = re.compile(r"(?<!\w)between\s+$", re.IGNORECASE)
_FROM_RE = re.compile(r"(?<!\w)from\s+$", re.IGNORECASE)  # "from 2,500 to 3,574" is a change
_LABEL_BEFORE_RE = re.compile(r"(?:[#№]|\b[Nn]os?\.|\b[Nn]umber)\s*$")
_MONEY_BEFORE_RE = re.compile(r"(?:[$€£₴]|\b(?:USD|EUR|UAH|GBP|RUB|US\$))\s*$")
_AGE_BEFORE_RE = re.compile(r"\b(?:aged?|ages|age\s+of)\s+(?:between\s+)?$", re.IGNORECASE)
_ONE_BEFORE_RE = re.compile(
    r"\b(?:no|any|every|each|the|this|that|which|only|last|by)\s+$", re.IGNORECASE
)
_RANGE_SEP_RE = re.compile(rf"{_SP}*(?:[-–—]|{_SP}(?:to|or){_SP}){_SP}*", re.IGNORECASE)
_BETWEEN_SEP_RE = re.compile(rf"{_SP}+and{_SP}+", re.IGNORECASE)
_DURATION_AFTER_RE = re.compile(
    r"[\s-]*(?:(?:more|additional|full|long|whole|consecutive|straight|further)\s+)?"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?"
    r"|decades?)\b",
    re.IGNORECASE,
)
_MONEY_AFTER_RE = re.compile(
    r"\s*(?:(?:thousand|million|billion|mln|bn)\s+)?(?:US\s+)?"
    r"(?:dollars?|euros?|hryvnias?|hryvnyas?|UAH|USD|EUR|GBP|RUB|rubles?|roubles?|pounds?"
    r"|cents?)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER_RE = re.compile(
    r"\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE
)
_CLOCK_AFTER_RE = re.compile(r"\s*(?:[ap]\.?m\.?(?!\w)|o['’]clock\b)", re.IGNORECASE)
_COMPOUND_AFTER_RE = re.compile(r"[-–][A-Za-z]")
_ONE_AFTER_RE = re.compile(r"\s+(?:of|another|by|point|and\s+only)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- parse_number


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        word = tokens[0]
        for table in (_UNITS, _TEENS, _TENS):
            if word in table:
                return table[word]
        return None
    if len(tokens) == 2 and tokens[0] in _TENS and _UNITS.get(tokens[1], 0) > 0:
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def _below_thousand(tokens: list[str], article_ok: bool) -> int | None:
    """Value of a group such as "two hundred and seven"; "a" counts as one before a scale."""
    if tokens == ["a"]:
        return 1 if article_ok else None
    if "hundred" not in tokens:
        return _below_hundred(tokens)
    index = tokens.index("hundred")
    head, tail = tokens[:index], tokens[index + 1 :]
    if head == ["a"] and article_ok:
        hundreds = 1
    elif len(head) == 1 and _UNITS.get(head[0], 0) > 0:
        hundreds = _UNITS[head[0]]
    else:
        return None
    if tail[:1] == ["and"]:
        tail = tail[1:]
        if not tail:
            return None
    if not tail:
        return hundreds * 100
    rest = _below_hundred(tail)
    return None if not rest else hundreds * 100 + rest


def _words_value(tokens: list[str]) -> int | None:
    """Value of number words: "twenty one", "two hundred and seven", "a thousand", "a dozen"."""
    if tokens and tokens[-1] == "dozen":
        multiplier = 1 if tokens[:-1] in ([], ["a"]) else _words_value(tokens[:-1])
        return None if multiplier is None else multiplier * _DOZEN
    total, group, last_scale = 0, [], 0
    for token in tokens:
        scale = _SCALES.get(token)
        if scale is None:
            group.append(token)
            continue
        if last_scale and scale >= last_scale:
            return None
        value = _below_thousand(group, article_ok=not last_scale)
        if not value:
            return None
        total, group, last_scale = total + value * scale, [], scale
    if group[:1] == ["and"] and last_scale:
        group = group[1:]
        if not group:
            return None
    if not group:
        return total if last_scale else None
    if group == ["a"]:
        return None
    value = _below_thousand(group, article_ok=not last_scale)
    return None if value is None else total + value


def _scaled_value(number: str, scale: str) -> int | None:
    value = Decimal(number) * _SCALES[scale.lower()]
    if value != value.to_integral_value() or value > MAX_COUNT:
        return None
    return int(value)


def _digits_value(digits: str) -> int | None:
    """The count written in ``digits`` (separators allowed), or None beyond MAX_COUNT."""
    digits = re.sub(r"\D", "", digits).lstrip("0") or "0"
    if len(digits) > _MAX_COUNT_DIGITS:
        return None
    value = int(digits)
    return value if value <= MAX_COUNT else None


def parse_number(text: str) -> int | None:
    """Parse one whole number phrase: "2,449", "3 574", "five", "two hundred and seven",
    "a dozen", "1.5 thousand". Vague ("dozens") or malformed phrases, and numbers over
    MAX_COUNT, give None."""
    phrase = text.strip()
    if _DIGITS_FULL_RE.fullmatch(phrase):
        return _digits_value(phrase)
    scaled = _SCALED_FULL_RE.fullmatch(phrase)
    if scaled:
        return _scaled_value(scaled.group(1), scaled.group(2))
    tokens = re.split(r"[\s\-–]+", phrase.lower())
    if not all(token in _VOCABULARY for token in tokens):
        return None
    value = _words_value(tokens)
    return value if value is None or value <= MAX_COUNT else None


# --------------------------------------------------------------------------- find_quantities


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    value: int
    words: str  # lower-cased text when written in words, "" for digits


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out the given spans, keeping every other offset unchanged."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _digit_numbers(masked: str, folded: str) -> list[_Number]:
    """Numbers in digits; ``folded`` is fold_case(masked), where scale words are searched."""
    found = []
    for match in _DIGITS_RE.finditer(masked):
        value = _digits_value(match.group())
        if value is not None:
            found.append(_Number(match.start(), match.end(), value, ""))
    for match in _SCALED_RE.finditer(folded):
        scale = masked[match.start("scale") : match.end("scale")]
        value = _scaled_value(match.group("number"), scale)
        if value is not None:
            found.append(_Number(match.start(), match.end(), value, ""))
    return found


def _word_numbers(masked: str, folded: str) -> list[_Number]:
    """Numbers in words, searched in ``folded`` (fold_case(masked)) and read from ``masked``."""
    found = []
    for match in _WORDS_RE.finditer(folded):
        words = masked[match.start() : match.end()]
        value = parse_number(words)
        if value is not None:
            found.append(_Number(match.start(), match.end(), value, words.lower()))
    return found


def _candidates(text: str, date_spans: list[tuple[int, int]] | None) -> list[_Number]:
    """All numbers outside date mentions, in text order, the longer one winning overlaps."""
    if date_spans is None:
        date_spans = [(m.start, m.end) for m in find_dates(text)]
    masked = _mask(text, date_spans)
    folded = fold_case(masked)
    numbers = sorted(
        _digit_numbers(masked, folded) + _word_numbers(masked, folded),
        key=lambda n: (n.start, -n.end),
    )
    kept: list[_Number] = []
    for number in numbers:
        if not kept or number.start >= kept[-1].end:
            kept.append(number)
    return kept


def _range_end(text: str, first: _Number, second: _Number | None, between: bool) -> bool:
    """True when ``second`` completes a range that starts with ``first``."""
    if second is None or _FROM_RE.search(text, max(0, first.start - 40), first.start):
        return False
    separator = _BETWEEN_SEP_RE if between else _RANGE_SEP_RE
    match = separator.match(text, first.end)
    return match is not None and match.end() == second.start


def _is_context_excluded(text: str, start: int, end: int) -> bool:
    """Labels, money, ages before the number; units, money, percent, clock, compounds after."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    return bool(
        _LABEL_BEFORE_RE.search(before)
        or _MONEY_BEFORE_RE.search(before)
        or _AGE_BEFORE_RE.search(before)
        or _DURATION_AFTER_RE.match(after)
        or _MONEY_AFTER_RE.match(after)
        or _PERCENT_AFTER_RE.match(after)
        or _CLOCK_AFTER_RE.match(after)
        or _COMPOUND_AFTER_RE.match(after)
    )


def _is_pronoun_one(text: str, number: _Number) -> bool:
    if number.words != "one":
        return False
    before = text[max(0, number.start - 40) : number.start]
    after = text[number.end : number.end + 40]
    return bool(_ONE_BEFORE_RE.search(before) or _ONE_AFTER_RE.match(after))


def _is_year(text: str, number: _Number) -> bool:
    digits = text[number.start : number.end]
    return (
        not number.words and digits.isdigit() and len(digits) == 4 and 1900 <= number.value < 2100
    )


def _qualifier(text: str, start: int) -> tuple[Qualifier | None, int]:
    """Qualifier right before ``start`` and where its words begin."""
    before_start = max(0, start - 40)
    match = _QUALIFIER_RE.search(text, before_start, start)
    if match is None:
        return None, start
    if match.group("q").lower() == "over" and _PARTICLE_OVER_RE.search(text, before_start, start):
        return None, start
    words = " ".join(match.group("q").lower().split())
    return _QUALIFIERS[words], match.start()


def _quantity(text: str, first: _Number, end: int, is_range: bool) -> Quantity | None:
    qualifier, start = _qualifier(text, first.start)
    if is_range:
        between = _BETWEEN_RE.search(text, max(0, first.start - 40), first.start)
        start = between.start() if between else start
        qualifier = qualifier or Qualifier.ABOUT
    elif qualifier is None and _is_year(text, first):
        return None
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=first.value,
        qualifier=qualifier or Qualifier.EXACT,
        number_start=first.start,
        number_end=first.end,
    )


def find_quantities(text: str, date_spans: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Find counts of people or things in running text, in text order.

    See the module docstring for what is excluded and how ranges are reported. A caller that
    has already found the text's dates passes their spans, so they are not searched twice.
    """
    numbers = _candidates(text, date_spans)
    quantities: list[Quantity] = []
    index = 0
    while index < len(numbers):
        first = numbers[index]
        second = numbers[index + 1] if index + 1 < len(numbers) else None
        between = bool(_BETWEEN_RE.search(text, max(0, first.start - 40), first.start))
        is_range = _range_end(text, first, second, between)
        last = second if is_range and second is not None else first
        index += 2 if is_range else 1
        if _is_context_excluded(text, first.start, last.end):
            continue
        if not is_range and _is_pronoun_one(text, first):
            continue
        quantity = _quantity(text, first, last.end, is_range)
        if quantity is not None:
            quantities.append(quantity)
    return quantities

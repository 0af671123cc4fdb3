"""The rewritten search patterns match exactly where their plain forms do.

Dates, counts, names and gazetteer entries are searched with patterns written for speed: in a
case-folded copy of the text instead of with re.IGNORECASE, and opening with a literal
character instead of a look-behind. These tests hold each trick to the plain pattern it
replaces, on every report of the evaluation set and on hostile spellings.
"""

from __future__ import annotations

import re
import string
import sys
from functools import cache

import pytest

from bench.extraction.__main__ import SETS
from bench.extraction.score import load_cases
from polon.ingest import load_document
from polon.ingest.dates import at_word_start, find_dates, fold_case, parse_date
from polon.ingest.extract import gazetteer
from polon.ingest.extract.persons import _PARTICLE, _WORD_RE
from polon.ingest.extract.sentences import split_sentences
from polon.ingest.numbers import _DIGITS_RE, find_quantities

# Every code point a str can hold (surrogates cannot be encoded, and never reach a report).
ALL_CHARACTERS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@cache
def _texts() -> list[str]:
    """The evaluation reports as Polon reads them, in their own case and shouted."""
    texts = [load_document(c.path.read_bytes(), str(c.path)).text for s in SETS for c in _cases(s)]
    return texts + [text.upper() for text in texts]


def _cases(name: str):
    return load_cases(SETS[name])


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def test_fold_case_keeps_offsets_and_character_classes():
    folded = fold_case(ALL_CHARACTERS)
    assert len(folded) == len(ALL_CHARACTERS)
    for original, lowered in zip(ALL_CHARACTERS, folded, strict=True):
        if original == lowered:
            continue
        for cls in (r"\w", r"\d", r"\s"):
            assert bool(re.match(cls, original)) == bool(re.match(cls, lowered)), original
        if lowered.isascii():  # only ever the letter re.IGNORECASE takes the original for
            assert lowered in string.ascii_lowercase, original
            assert re.fullmatch(lowered, original, re.IGNORECASE), original


@pytest.mark.parametrize("letter", string.ascii_lowercase)
def test_fold_case_lowers_all_that_ignorecase_takes_for_an_ascii_letter(letter: str):
    equal = "".join(re.findall(letter, ALL_CHARACTERS, re.IGNORECASE))
    assert len(equal) >= 2
    assert fold_case(equal) == letter * len(equal)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ſince 2021 the camp has held them", "2021"),  # long s
        ("released İN MAY 2022", "MAY 2022"),  # dotted capital I
        ("since Sept. 21, 2022", "Sept. 21, 2022"),
    ],
)
def test_dates_are_found_in_any_case(text: str, found: str):
    assert [mention.text for mention in find_dates(text)] == [found]


def test_counts_in_words_are_found_in_any_case():
    (quantity,) = find_quantities("They freed TWENTY-ONE men.")
    assert quantity.value == 21
    assert quantity.text == "TWENTY-ONE"


def test_parse_date_reads_a_shouted_date():
    assert parse_date("OCTOBER 6, 2022").iso() == "2022-10-06"


ALTERNATIVES = [
    ["in", "since", "by", "of", "until"],
    ["sept", "sep", "september", "may", "march"],  # shorter first: order decides, not length
    [r"last\s+week", "later", "lately", r"late\s+on"],
]


@pytest.mark.parametrize("alternatives", ALTERNATIVES)
@pytest.mark.parametrize("not_after", [r"\w", r"[\w.]", r"[\w.,#]"])
def test_at_word_start_matches_like_a_look_behind_before_an_alternation(
    alternatives: list[str], not_after: str
):
    plain = re.compile(rf"(?<!{not_after})(?:{'|'.join(alternatives)})")
    fast = re.compile(at_word_start(not_after, alternatives))
    samples = ["in since.by x-of until", "sept september sep.tember may.march", "lately later"]
    for text in [*samples, *(fold_case(text) for text in _texts())]:
        assert [(m.span(), m.group()) for m in fast.finditer(text)] == [
            (m.span(), m.group()) for m in plain.finditer(text)
        ]


def test_digits_pattern_matches_like_its_plain_form():
    plain = re.compile(
        r"(?<![\w.,#$€£₴/:+№])(?<![A-Za-z]-)(?:\d{1,3}(?:[, \xa0\u202f]\d{3})+|\d+)"
        r"(?!\w|[.,:/]\d)"
    )
    samples = ["1 2 12 123 1,234 12,345,678 F-16 $5 #3 1.5 4/5 x-9 2022", "1234567 1 234 567"]
    for text in [*samples, *_texts()]:
        assert _spans(_DIGITS_RE, text) == _spans(plain, text)


def test_name_words_know_when_the_next_name_word_follows():
    plain = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯІЇЄҐЁ][^\W\d_]*(?:['’-][^\W\d_]+)*")
    for text in ["Ursula von der Leyen met Mohammed bin Salman and O'Neil-Smith.", *_texts()]:
        for sentence in split_sentences(text):
            words = list(_WORD_RE.finditer(sentence.text))
            assert [w.span() for w in words] == _spans(plain, sentence.text)
            for index, word in enumerate(words):
                following = words[index + 1] if index + 1 < len(words) else None
                gap = sentence.text[word.end() : following.start()] if following else "x"
                adjacent = (not gap.strip() or bool(_PARTICLE.fullmatch(gap))) and "\n" not in gap
                assert (word.group("next") is not None) == adjacent, (sentence.text, word)


def test_gazetteer_pattern_matches_like_a_plain_alternation():
    table = gazetteer.load()
    for entries in (table.organizations, table.places, table.mediator_states):
        alternatives = "|".join(re.escape(a).replace("'", "['’]") for a, _ in entries)
        plain = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
        for text in _texts():
            hits = gazetteer.find(text, entries)
            assert [(h.start, h.end) for h in hits] == _spans(plain, text)

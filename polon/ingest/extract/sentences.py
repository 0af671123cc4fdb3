"""Splitting cleaned text into sentences with their offsets.

Every claim's evidence is a span of the cleaned text, so sentences keep their exact offsets.
Abbreviations common in these reports ("Lt. Col.", "Sept. 21", "U.S.") do not end a
sentence; a closing quote after the full stop belongs to the sentence it closes, and a
quotation of several sentences stays one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_ABBREVIATIONS = {
    "lt", "col", "gen", "maj", "capt", "sgt", "cpl", "pvt", "mr", "mrs", "ms", "dr", "st",
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.g", "i.e", "vs", "approx", "est", "inc", "corp",
}  # fmt: skip
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+|$)")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_LONGEST_WORD = 24  # an abbreviation is looked for this far back from its full stop
_LONGEST_QUOTE = 2000  # an unclosed quotation mark stops holding sentences together here


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - _LONGEST_WORD), dot)
    if word is None:
        return False
    token = word.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # an initial: "J. Smith"


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for block in _PARAGRAPH.finditer(text):
        yield block.start(), block.end()


def _inside_quote(text: str) -> bool:
    straight = text.count('"') % 2 == 1
    curly = text.count("“") > text.count("”")
    return straight or curly


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in text order; a paragraph break always ends a sentence."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text)):
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            if match.group().startswith(".") and _is_abbreviation(text, match.start()):
                continue
            if match.end() - start < _LONGEST_QUOTE and _inside_quote(text[start : match.end()]):
                continue
            following = text[match.end() : match.end() + 3].lstrip()
            if following and following[0].islower():
                continue
            _add(sentences, text, start, match.end(), number)
            start = match.end()
        _add(sentences, text, start, p_end, number)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], paragraph))

"""The loop shared by every romanisation system: words, neighbours and capitals.

Each system is a rule ``(word, i) -> str`` that reads the lower-case Cyrillic word and the
index of one letter, so positional rules (word start, after a vowel, before a letter, word end)
are plain Python instead of a rule language. The engine finds the words, calls the rule for
each Cyrillic letter and restores capitals: ``Юрій`` -> ``Yurii``, ``ЮРІЙ`` -> ``YURII``.
"""

from __future__ import annotations

from collections.abc import Callable

Rule = Callable[[str, int], str]

APOSTROPHES = "'’ʼ`"
# ' ’ ʼ ` all write the Ukrainian apostrophe; the engine turns them into "'" inside a word.


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Runs of letters, with apostrophes kept only between two letters (Знам'янка)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if not text[i].isalpha():
            i += 1
            continue
        start = i
        while i < n and (
            text[i].isalpha()
            or (text[i] in APOSTROPHES and i + 1 < n and text[i + 1].isalpha() and i > start)
        ):
            i += 1
        spans.append((start, i))
    return spans


def _cased(out: str, original: str, word: str, i: int) -> str:
    if not out or not original.isupper():
        return out
    # A capital inside an all-capitals word gives an all-capitals digraph (ЩУКІН -> SHCHUKIN);
    # a capital before small letters gives a title-case one (Щукін -> Shchukin).
    neighbour = next((c for c in word[i + 1 :] if c.isalpha()), None)
    if neighbour is None:
        neighbour = next((c for c in reversed(word[:i]) if c.isalpha()), None)
    if neighbour is not None and neighbour.isupper():
        return out.upper()
    return out[0].upper() + out[1:]


def apply(text: str, rule: Rule) -> str:
    """Romanise every Cyrillic letter of ``text`` with ``rule``; leave everything else."""
    pieces: list[str] = []
    last = 0
    for start, end in _word_spans(text):
        pieces.append(text[last:start])
        original = "".join("'" if c in APOSTROPHES else c for c in text[start:end])
        word = original.lower()
        for i, ch in enumerate(word):
            if is_cyrillic(ch) or ch == "'":
                pieces.append(_cased(rule(word, i), original[i], original, i))
            else:
                pieces.append(original[i])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)

"""Spellings of one name: surname stems and consonant skeletons across scripts.

A report may spell one person "Zelensky", "Zelenskyy" and "Зеленський"; these keys let the
person rules treat such mentions as one person without a full transliteration table (the
registry has those).
"""

from __future__ import annotations

import re
from functools import lru_cache

_SURNAME_END = re.compile(r"(?:yy|iy|yi|ii|y|i)$")
_NON_CONSONANTS = re.compile(r"[aeiouyjь'’\s-]")
_DOUBLED = re.compile(r"(.)\1+")
_CYRILLIC_LOWER = re.compile(r"[а-яіїєґё]", re.IGNORECASE)
_CYRILLIC_LETTERS = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёэы",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", "io", "e",
     "y"],
    strict=True,
))  # fmt: skip


def skeleton(name: str) -> str:
    """Consonants of a name in Latin letters: "Джелял" and "Dzhelyal" both give "dzhl".

    Vowels and soft signs are where romanisations of one Cyrillic name differ most, so a
    Cyrillic mention is matched to a Latin one on what is left.
    """
    latin = "".join(_CYRILLIC_LETTERS.get(c, c) for c in name.casefold())
    consonants = _NON_CONSONANTS.sub("", latin).replace("g", "h")
    return _DOUBLED.sub(r"\1", consonants)


@lru_cache(maxsize=4096)  # asked for every capitalised word of a document, most of them repeats
def surname_stem(surname: str) -> str:
    """Spelling variants of one surname share a stem: Zelensky, Zelenskyy, Zelenskiy."""
    folded = surname.casefold().removesuffix("'s").removesuffix("’s")
    return _SURNAME_END.sub("", folded)


def script_of(name: str) -> str:
    return "cyrillic" if _CYRILLIC_LOWER.search(name) else "latin"

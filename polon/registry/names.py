"""Matching keys for person names.

A key folds what differs between two spellings of one name and does not tell persons apart:
case, diacritics, apostrophes, word order (lists put the surname first) and the alphabet
(Cyrillic is romanised by a simple letter table so "Кожекін" and "Kozhekin" share a key).
Full transliteration systems and the Ukrainian↔Russian given-name table belong to the
registry's linkage work; this key is what the ledger uses to avoid duplicating a person
mentioned twice.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ё": "e", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
_FOLD = [("kh", "h"), ("g", "h"), ("yy", "y"), ("iy", "y"), ("ii", "i"), ("j", "i")]
_APOSTROPHES = re.compile(r"['’ʼ`\"]")
_NON_LETTER = re.compile(r"[^a-z ]+")


def script_of(text: str) -> str:
    """'cyrillic', 'latin' or 'mixed', from the letters present."""
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in text)
    latin = any("a" <= ch.lower() <= "z" for ch in text)
    if cyrillic and latin:
        return "mixed"
    return "cyrillic" if cyrillic else "latin"


def _romanise(text: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def _fold_token(token: str) -> str:
    # Spellings of one Slavic name in Latin letters differ mostly in h/kh/g, -yy/-iy and i/j.
    for old, new in _FOLD:
        token = token.replace(old, new)
    return token


def name_key(name: str) -> str:
    """A key equal for spellings of one name that differ only in the ways listed above."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", _romanise(text))
    text = _NON_LETTER.sub(" ", text.replace("-", " "))
    return " ".join(sorted(_fold_token(token) for token in text.split()))

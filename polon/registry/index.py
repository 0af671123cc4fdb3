"""The search and blocking keys of a name, as stored in ``person_keys``.

Every word of a name is normalised to what stays the same across alphabets, romanisation
systems and the Ukrainian/Russian forms of given names (``keys.given_key``). A person is
stored under each normalised word (kind ``w``), each pair of them (kind ``p``: a pair is
selective enough to answer "Konstantin Kozhekin" among a million persons from one index
range) and the call sign (kind ``c``). Word order never matters: pairs are sorted.
"""

from __future__ import annotations

import re
from itertools import combinations

from polon.registry.keys import given_key

WORD = "w"
PAIR = "p"
CALL_SIGN = "c"

_QUOTED = re.compile(r"[\"«“„']([^\"«»“”„']{2,40})[\"»”“']")
_SPLIT = re.compile(r"[\s,;()/]+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
MAX_WORDS = 5


def words(text: str) -> list[str]:
    """The name words of ``text``, quoted call signs left out."""
    text = _QUOTED.sub(" ", text)
    found = []
    for raw in _SPLIT.split(text):
        word = _EDGE.sub("", raw)
        if len(word) >= 2 and not word.isdigit():
            found.append(word)
    return found[:MAX_WORDS]


def quoted_call_signs(text: str) -> list[str]:
    return [match.group(1).strip() for match in _QUOTED.finditer(text)]


def normal(word: str) -> str:
    return given_key(word)


def name_keys(text: str, call_signs: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    """(kind, key) pairs under which a person named ``text`` is found."""
    normals = list(dict.fromkeys(normal(word) for word in words(text)))
    keys = {(WORD, key) for key in normals if key}
    keys |= {(PAIR, pair_key(a, b)) for a, b in combinations(normals, 2) if a and b}
    for sign in (*quoted_call_signs(text), *call_signs):
        key = call_sign_key(sign)
        if key:
            keys.add((CALL_SIGN, key))
    return keys


def pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def call_sign_key(sign: str) -> str:
    return normal(sign.strip().strip("\"'«»“”")) if sign.strip() else ""

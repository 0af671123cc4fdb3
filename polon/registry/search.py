"""Finding a person under any spelling, ranked, with the reason each hit was found.

The query's words are normalised the way stored names were (``index.normal``), looked up by
pair and by word in ``person_keys`` (one index range each), and the few candidates are then
scored word by word against their name variants so the reason can say which key matched:
the same spelling, the same word under another transliteration, or a Ukrainian/Russian
given-name equivalent from the table. Persons merged into another are answered as the person
they were merged into.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.models import NameVariant, Person, PersonKey
from polon.registry import index
from polon.registry.keys import given_class, token_key
from polon.registry.merge import roots

# How much each kind of word match is worth; the reason names the best one per word.
SPELLING, TRANSLIT, GIVEN_TABLE, CLOSE, PREFIX = 1.0, 0.95, 0.9, 0.75, 0.6
CANDIDATES = 400
FEW = 20  # fewer pair matches than this and single-word matches are looked at too
RARE = 100  # a word shared by at most this many persons narrows a search on its own


@dataclass
class Hit:
    person_id: int
    name: str
    score: float
    reason: str
    matched: list[str] = field(default_factory=list)  # the variants that matched


def search(session: Session, query: str, limit: int = 20) -> list[Hit]:
    """Persons whose names match ``query``, best first."""
    words = index.words(query)
    if not words:
        return []
    normals = [index.normal(word) for word in words]
    candidates = _candidates(session, normals, query)
    if not candidates and words:
        candidates = _prefix_candidates(session, normals[-1])
    if not candidates:
        return []
    by_root = roots(session, candidates)
    variants = _variants(session, set(by_root.values()) | set(by_root))
    hits: dict[int, Hit] = {}
    for person_id, root in by_root.items():
        for text in variants.get(person_id, []):
            score, reason = score_name(words, text)
            hit = hits.get(root)
            if hit is None or score > hit.score:
                hits[root] = Hit(root, "", score, reason, [text])
            elif score == hit.score and text not in hit.matched:
                hit.matched.append(text)
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(hits))).all())
    ranked = sorted(
        hits.values(), key=lambda h: (-h.score, names.get(h.person_id, ""), h.person_id)
    )
    for hit in ranked:
        hit.name = names.get(hit.person_id, "")
        hit.score = round(hit.score, 3)
    return [hit for hit in ranked if hit.score > 0][:limit]


def _candidates(session: Session, normals: list[str], query: str) -> list[int]:
    wanted: list[tuple[str, str]] = []
    if len(normals) >= 2:
        wanted = [(index.PAIR, index.pair_key(a, b)) for a, b in combinations(normals, 2)]
    else:
        wanted = [(index.WORD, normals[0]), (index.CALL_SIGN, normals[0])]
    wanted += [(index.CALL_SIGN, index.call_sign_key(s)) for s in index.quoted_call_signs(query)]
    found: dict[int, int] = defaultdict(int)
    for kind, key in wanted:
        rows = session.scalars(
            select(PersonKey.person_id)
            .where(PersonKey.key == key, PersonKey.kind == kind)
            .limit(CANDIDATES)
        )
        for person_id in rows:
            found[person_id] += 1
    if len(found) < FEW and len(normals) >= 2:
        # Few pairs matched, so one word may be misspelt: take persons sharing any one word,
        # as long as that word is rare enough to narrow the search (not "Oleksandr").
        for key in normals:
            rows = list(
                session.scalars(
                    select(PersonKey.person_id)
                    .where(PersonKey.key == key, PersonKey.kind == index.WORD)
                    .limit(RARE + 1)
                )
            )
            if len(rows) <= RARE:
                for person_id in rows:
                    found[person_id] += 0  # present, but ranked after every pair match
    ordered = sorted(found, key=lambda p: (-found[p], p))
    return ordered[:CANDIDATES]


def _prefix_candidates(session: Session, prefix: str) -> list[int]:
    """As-you-type: the last word may be unfinished, so it is looked up as a key prefix."""
    if len(prefix) < 3:
        return []
    rows = session.scalars(
        select(PersonKey.person_id)
        .where(
            PersonKey.key >= prefix,
            PersonKey.key < prefix + "\U0010ffff",
            PersonKey.kind == index.WORD,
        )
        .limit(CANDIDATES)
    )
    return list(dict.fromkeys(rows))


def _variants(session: Session, person_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(NameVariant.person_id, NameVariant.text).where(NameVariant.person_id.in_(person_ids))
    )
    for person_id, text in rows:
        found[person_id].append(text)
    return found


def score_name(query_words: list[str], text: str) -> tuple[float, str]:
    """How well ``text`` matches the query words, and why, word by word."""
    name_words = [_forms(word) for word in index.words(text)]
    if not name_words:
        return (0.0, "")
    total = 0.0
    reasons = []
    for word in query_words:
        query = _forms(word)
        best, why = 0.0, ""
        for candidate in name_words:
            value, because = _word_match(query, candidate, best)
            if value > best:
                best, why = value, because
                if best == SPELLING:  # nothing beats the same spelling: stop looking
                    break
        total += best
        if why:
            reasons.append(why)
    score = total / len(query_words)
    unmatched = max(0, len(name_words) - len(query_words))
    score -= 0.01 * unmatched  # "Kozhekin Kostiantyn" before "Kozhekin Kostiantyn Serhiiovych"
    return (max(score, 0.0), "; ".join(reasons))


@dataclass(frozen=True)
class _Forms:
    """A word with the forms it is compared by, worked out once per word (a search scores
    dozens of variants against the same few query words)."""

    text: str
    folded: str
    key: str
    given: str | None


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> _Forms:
    return _Forms(word, _fold(word), token_key(word), given_class(word))


def _word_match(word: _Forms, candidate: _Forms, floor: float = 0.0) -> tuple[float, str]:
    """The best kind of match, checked from the strongest down; ``floor`` is the best match
    already found for this word, so the costly edit distance is skipped when it cannot win."""
    shown = candidate.text
    if word.folded == candidate.folded:
        return (SPELLING, f"{shown}: same spelling")
    if word.key == candidate.key:
        return (TRANSLIT, f"{word.text} ~ {shown}: same name in another alphabet or romanisation")
    if word.given is not None and word.given == candidate.given:
        return (GIVEN_TABLE, f"{word.text} = {shown}: Ukrainian/Russian forms of one given name")
    if floor >= CLOSE:
        return (0.0, "")
    a, b = word.key, candidate.key
    if len(word.text) >= 3 and b.startswith(a):
        return (PREFIX, f"{word.text}…: beginning of {shown}")
    if min(len(a), len(b)) >= 4 and edit_distance(a, b, limit=2) <= (1 if len(a) < 7 else 2):
        return (CLOSE, f"{word.text} ≈ {shown}: close spelling (a typo?)")
    return (0.0, "")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions (optimal string alignment), or
    ``limit + 1`` once it is over. RapidFuzz computes it in C: a search measures it against
    hundreds of name words, and the Python loop was a third of a search's time."""
    return min(OSA.distance(a, b, score_cutoff=limit), limit + 1)


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("'", "")

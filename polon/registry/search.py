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
from sqlalchemy import TextClause, func, select, text
from sqlalchemy.orm import Session

from polon.ledger.models import NameVariant, Person, PersonKey
from polon.registry import index
from polon.registry.keys import given_class, token_key

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
    hits: dict[int, Hit] = {}
    for root, variant in _variants(session, candidates):
        score, reason = score_name(words, variant)
        hit = hits.get(root)
        if hit is None or score > hit.score:
            hits[root] = Hit(root, "", score, reason, [variant])
        elif score == hit.score and variant not in hit.matched:
            hit.matched.append(variant)
    # Names order equal scores, so only the hits that can still make the first ``limit`` need
    # theirs: hundreds of candidates share a common pair of names, and fetching every name
    # was a tenth of a search's time.
    scored = sorted((h for h in hits.values() if round(h.score, 3) > 0), key=lambda h: -h.score)
    if len(scored) > limit > 0:
        scored = [h for h in scored if h.score >= scored[limit - 1].score]
    shown = [h.person_id for h in scored]
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(shown))).all())
    ranked = sorted(scored, key=lambda h: (-h.score, names.get(h.person_id, ""), h.person_id))
    for hit in ranked:
        hit.name = names.get(hit.person_id, "")
        hit.score = round(hit.score, 3)
    return ranked[:limit]


def _candidates(session: Session, normals: list[str], query: str) -> list[int]:
    wanted: list[tuple[str, str]] = []
    if len(normals) >= 2:
        wanted = [(index.PAIR, index.pair_key(a, b)) for a, b in combinations(normals, 2)]
    else:
        wanted = [(index.WORD, normals[0]), (index.CALL_SIGN, normals[0])]
    wanted += [(index.CALL_SIGN, index.call_sign_key(s)) for s in index.quoted_call_signs(query)]
    found: dict[int, int] = defaultdict(int)
    for _, person_id in _lookup(session, wanted, CANDIDATES):
        found[person_id] += 1
    if len(found) < FEW and len(normals) >= 2:
        # Few pairs matched, so one word may be misspelt: take persons sharing any one word,
        # as long as that word is rare enough to narrow the search (not "Oleksandr").
        by_word: dict[str, list[int]] = defaultdict(list)
        for key, person_id in _lookup(session, [(index.WORD, k) for k in normals], RARE + 1):
            by_word[key].append(person_id)
        for person_ids in by_word.values():
            if len(person_ids) <= RARE:
                for person_id in person_ids:
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


def _lookup(session: Session, wanted: list[tuple[str, str]], most: int) -> list[tuple[str, int]]:
    """(key, person id) for up to ``most`` persons under each (kind, key), in one statement:
    each key stays its own index range, and a search is one round trip, not one per key."""
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return []
    values = {"most": most}
    for number, (kind, key) in enumerate(wanted):
        values |= {f"kind{number}": kind, f"key{number}": key}
    return [(key, person_id) for key, person_id in session.execute(_union(len(wanted)), values)]


@lru_cache(maxsize=64)
def _union(keys: int) -> TextClause:
    """The lookup of ``keys`` keys as SQL text: built from SQLAlchemy's constructs it cost
    more to assemble (subqueries and their column proxies) than to run."""
    one = (
        'SELECT * FROM (SELECT "key", person_id FROM person_keys '
        'WHERE "key" = :key{n} AND kind = :kind{n} LIMIT :most) AS k{n}'
    )
    return text(" UNION ALL ".join(one.format(n=n) for n in range(keys)))


def _variants(session: Session, person_ids: list[int]) -> list[tuple[int, str]]:
    """(the person it now belongs to, a name variant) for each candidate's variants: a merged
    person is found under its own names and answered as the one it was merged into."""
    root = func.coalesce(Person.merged_into, Person.id)
    rows = session.execute(
        select(root, NameVariant.text)
        .join(NameVariant, NameVariant.person_id == Person.id)
        .where(Person.id.in_(person_ids))
        .order_by(Person.id, NameVariant.id)
    )
    return [(root_id, text) for root_id, text in rows]


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

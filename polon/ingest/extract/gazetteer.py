"""Reference names shipped with Polon: organizations, places, given names, titles and ranks.

Rules need to know that "Reintegration Ministry" is an agency and "Olenivka" a settlement in
Donetsk Oblast; a small curated table does that without a model download. It is loaded on
first use, not at import time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    parent: str | None
    country: str | None


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    entry: Entry


@dataclass(frozen=True)
class Gazetteer:
    organizations: tuple[tuple[str, Entry], ...]
    places: tuple[tuple[str, Entry], ...]
    mediator_states: tuple[tuple[str, Entry], ...]
    given_names: frozenset[str]
    titles: tuple[str, ...]
    ranks: frozenset[str]
    rank_expansions: dict[str, str]

    def place(self, name: str) -> Entry | None:
        return next((e for alias, e in self.places if alias == name or e.name == name), None)


def _aliases(items: list[dict[str, Any]], default_kind: str) -> tuple[tuple[str, Entry], ...]:
    pairs = []
    for item in items:
        entry = Entry(
            item["name"], item.get("kind", default_kind), item.get("parent"), item.get("country")
        )
        for alias in item.get("aliases") or [item["name"]]:
            pairs.append((alias, entry))
    # Longest alias first so "Azov Regiment" wins over "Azov".
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@cache
def load() -> Gazetteer:
    raw = json.loads(resources.files("polon.ingest").joinpath("data/gazetteer.json").read_text())
    return Gazetteer(
        organizations=_aliases(raw["organizations"], "organization"),
        places=_aliases(raw["places"], "settlement"),
        mediator_states=_aliases(raw["mediator_states"], "state"),
        given_names=frozenset(raw["given_names"]),
        titles=tuple(sorted(raw["titles"], key=len, reverse=True)),
        ranks=frozenset(raw["ranks"]),
        rank_expansions=raw["rank_expansions"],
    )


def _straight(text: str) -> str:
    return text.replace("’", "'")


@dataclass(frozen=True, eq=False)
class _Index:
    """A table's search pattern and its entries by alias, built once per table."""

    table: tuple[tuple[str, Entry], ...]
    pattern: re.Pattern[str]
    by_alias: dict[str, Entry]


# Indexes by the identity of their table: hashing a whole table on every call would cost more
# than the search. An index holds its table, so the id cannot pass to another table meanwhile.
_INDEXES: dict[int, _Index] = {}


def _alternative(alias: str) -> str:
    # Reports mix straight and curly apostrophes ("Russia’s GRU"); either matches.
    return re.escape(alias).replace("'", "['’]")


def _pattern(aliases: list[str]) -> re.Pattern[str]:
    """Any alias, as a word; where several match at one place, the first in ``aliases`` wins.

    The aliases are grouped under their first character, and the test that no word character
    comes before looks back past that character. Every branch then starts with a literal, so
    the regex engine skips straight to the characters an alias can start with instead of
    trying every alias at every position (about five times faster). Within a group the aliases
    keep their order, so the same alias wins as in a plain alternation.
    """
    groups: dict[str, list[str]] = {}
    for alias in aliases:
        groups.setdefault(alias[0], []).append(alias)
    branches = []
    for first, members in groups.items():
        head = _alternative(first)
        tails = "|".join(_alternative(alias[1:]) for alias in members)
        branches.append(rf"{head}(?<![\w-]{head})(?:{tails})")
    return re.compile(rf"(?:{'|'.join(branches)})(?![\w-])")


def _index(table: tuple[tuple[str, Entry], ...]) -> _Index:
    index = _INDEXES.get(id(table))
    if index is None or index.table is not table:
        index = _Index(table, _pattern([alias for alias, _ in table]), dict(table))
        _INDEXES[id(table)] = index
    return index


def find(text: str, table: tuple[tuple[str, Entry], ...], offset: int = 0) -> list[Hit]:
    """Non-overlapping mentions of the table's aliases in ``text``, longest first."""
    index = _index(table)
    by_alias = index.by_alias
    return [
        Hit(offset + m.start(), offset + m.end(), m.group(), by_alias[_straight(m.group())])
        for m in index.pattern.finditer(text)
    ]

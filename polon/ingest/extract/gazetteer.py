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


@cache
def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    # Reports mix straight and curly apostrophes ("Russia’s GRU"); either matches.
    alternatives = "|".join(re.escape(alias).replace("'", "['’]") for alias in aliases)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def find(text: str, table: tuple[tuple[str, Entry], ...], offset: int = 0) -> list[Hit]:
    """Non-overlapping mentions of the table's aliases in ``text``, longest first."""
    by_alias = dict(table)
    pattern = _pattern(tuple(alias for alias, _ in table))
    return [
        Hit(offset + m.start(), offset + m.end(), m.group(), by_alias[_straight(m.group())])
        for m in pattern.finditer(text)
    ]

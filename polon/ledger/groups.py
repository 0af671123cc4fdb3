"""Which words name the same group of people, and which group lies within which.

Sources word a group their own way ("Ukrainian POWs", "Ukrainian servicemen"); the ledger
keeps their words, and this vocabulary (``groups.toml``) is what lets a series gather them.
A group "within" another is a subgroup: its figures bound the larger group from below but
never stand for it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_VOCABULARY = Path(__file__).with_name("groups.toml")
_DROPPED = re.compile(r"^(?:the |members of (?:the )?)+")
_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    within: str | None = None
    known: bool = True  # False for a label the vocabulary does not list


def normalize(label: str) -> str:
    """A label lower-cased, punctuation folded, "the"/"members of" dropped: the lookup key."""
    folded = _NOT_WORD.sub(" ", label.lower().replace("’", "'").replace("'s ", " ")).strip()
    return _DROPPED.sub("", folded + " ").strip()


@cache
def _vocabulary() -> tuple[dict[str, Group], dict[str, str]]:
    table = tomllib.loads(_VOCABULARY.read_text(encoding="utf-8"))
    groups, aliases = {}, {}
    for key, entry in table.items():
        groups[key] = Group(key, entry["name"], entry.get("within"))
        for alias in [entry["name"], *entry.get("aliases", [])]:
            aliases[normalize(alias)] = key
        aliases[normalize(key)] = key
    return groups, aliases


def group_of(label: str) -> Group:
    """The group a source's words name; unknown words are a group of their own."""
    groups, aliases = _vocabulary()
    key = aliases.get(normalize(label))
    if key is not None:
        return groups[key]
    return Group(normalize(label), label, None, known=False)


def within(group: Group) -> list[Group]:
    """The group and every group it lies within, nearest first."""
    groups, _ = _vocabulary()
    chain, seen = [group], {group.key}
    while chain[-1].within and chain[-1].within not in seen:
        seen.add(chain[-1].within)
        chain.append(groups[chain[-1].within])
    return chain


def is_within(inner: Group, outer: Group) -> bool:
    """Whether ``inner`` is ``outer`` or lies (at any depth) within it."""
    return any(g.key == outer.key for g in within(inner))

"""Who a count counts: "188 Mariupol defenders", "108 members of the Azov Regiment".

A number is a figure about people only when a group noun follows it; the label keeps the
words the source used, without articles, so "more than 700 Azov servicemen" stays "Azov
servicemen". A bare noun ("2,449 defenders") borrows the qualifier the same document gave
that noun before ("Mariupol defenders"), because reports shorten a group once named.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from polon.ingest.extract.context import Context
from polon.ingest.numbers import Quantity

_NOUNS = (
    r"servicemen|servicewomen|service members|soldiers|defenders|prisoners of war|prisoners|"
    r"POWs|civilians|people|persons|fighters|children|women|men|troops|marines|guardsmen|"
    r"commanders|officers|detainees|captives|medics|bodies|citizens|fighters|inmates|"
    r"Ukrainians|Russians|military personnel|military|personnel|POW|prisoner|soldier|serviceman|"
    r"defender|civilian|person|captive|sailors|border guards|guards|nationals|foreigners|"
    r"journalists|priests|patients|wounded|injured|sergeants|privates|conscripts|teenagers|"
    r"volunteers|members|combatants|fallen|residents|workers|activists|employees|pilots|"
    r"paratroopers|seamen|nurses|doctors|mothers|fathers|sons|daughters|boys|girls|minors"
)
_MODIFIERS = (
    r"[A-Z][\w'’-]*|freed|released|returned|exchanged|own|captured|military|civilian|wounded|"
    r"seriously|severely|injured|fellow|new|former|detained|media|elderly|young|female|male"
)
# "144 of its service members", "140 of our people", "95 of the freed soldiers"
_OF_OWN = re.compile(
    rf"\s+(?:more\s+)?of\s+(?:its|our|their|his|her|the|those|them|these|whom)\b"
    rf"((?:\s+(?:{_MODIFIERS}))*)(?:\s+({_NOUNS}))?\b"
)
# "108 of those released", "43 of those", "eight of the returned", "eight of the 106"
_OF_THOSE = re.compile(
    r"\s+(?:more\s+)?of\s+(?:(?:them|whom|those|these)\b(?:\s+(freed|released|returned|"
    r"exchanged|rescued)\b)?|the\s+(?:(freed|released|returned|exchanged|rescued)\b|\d[\d,]*\b))"
)
# "35 were taken prisoner", "more than 300 are listed as missing": the people are the subject
_BARE_SUBJECT = re.compile(r"\s+(?:are|were|have been|had been|had|have|remain)\s")
_MEMBERS = re.compile(r"\s+members of (?:the )?((?:[A-Z][\w'’-]*\s?)+)")
_GROUP = re.compile(rf"\s+(?:more\s+)?((?:(?:{_MODIFIERS})\s+)*)({_NOUNS})\b")
_NOUN = re.compile(rf"\b((?:[A-Z][\w'’-]*\s+)+)({_NOUNS})\b")


@dataclass(frozen=True)
class CountedGroup:
    """Who a count counts, where those words end, and whether they call them returned."""

    label: str
    end: int
    returned: bool = False


def counted_group(context: Context, quantity: Quantity) -> CountedGroup | None:
    """The group that follows ``quantity``, or None when it counts something else."""
    found = context.memo.setdefault("counted groups", {})
    if quantity.start not in found:
        found[quantity.start] = _counted_group(context, quantity)
    return found[quantity.start]


def _counted_group(context: Context, quantity: Quantity) -> CountedGroup | None:
    text, at = context.text, quantity.end
    members = _MEMBERS.match(text, at)
    if members:
        return CountedGroup(members.group(1).strip(), members.end())
    own = _OF_OWN.match(text, at)
    if own and own.group(2):
        label = " ".join(filter(None, [own.group(1).strip(), own.group(2)]))
        returned = bool(re.search(r"\b(?:freed|released|returned|rescued)\b", own.group(1)))
        return CountedGroup(label, own.end(), returned=returned)
    those = _OF_THOSE.match(text, at)
    if those:
        returned = bool(those.group(1) or those.group(2))
        return CountedGroup("people", those.end(), returned=returned)
    match = _GROUP.match(text, at)
    if match is None:
        return None
    modifiers, noun = match.group(1).strip(), match.group(2)
    label = f"{modifiers} {noun}" if modifiers else _earlier_label(context, at, noun) or noun
    return CountedGroup(label, match.end())


def bare_subject(context: Context, quantity: Quantity) -> CountedGroup | None:
    """People counted without a noun, as the subject of a verb ("35 were taken prisoner")."""
    if _BARE_SUBJECT.match(context.text, quantity.end):
        return CountedGroup("people", quantity.end)
    return None


def group_after(context: Context, quantity: Quantity) -> str | None:
    """The group label that follows ``quantity``, or None when it counts something else."""
    group = counted_group(context, quantity)
    return group.label if group else None


# The counted noun phrase ends at punctuation, a clause word or a preposition of place or time.
_PHRASE_END = re.compile(
    r"[,;.():]|\s[-–—]\s|\b(?:who|whom|while|and|that|which|as|in|from|with|after|to|on|since|"
    r"near|at|during|by|under|when|for|were|was|had|have|has|are|is|had been|returned|came|"
    r"held)\b"
)


def phrase_after(context: Context, quantity: Quantity) -> str:
    """The words right after a count, up to where its noun phrase ends ("Russian servicemen")."""
    after = context.text[quantity.end : quantity.end + 70]
    return _PHRASE_END.split(after, maxsplit=1)[0]


def _earlier_label(context: Context, before: int, noun: str) -> str | None:
    """The last qualified label of ``noun`` ending before ``before`` ("Mariupol defenders")."""
    if "group labels" not in context.memo:
        found = list(_NOUN.finditer(context.text))
        context.memo["group labels"] = (found, [m.end() for m in found])
    labels, ends = context.memo["group labels"]
    earlier = labels[: bisect_right(ends, before)]
    match = next((m for m in reversed(earlier) if m.group(2) == noun), None)
    return f"{match.group(1).strip()} {noun}" if match else None

"""Who a count counts: "188 Mariupol defenders", "108 members of the Azov Regiment".

A number is a figure about people only when a group noun follows it; the label keeps the
words the source used, without articles, so "more than 700 Azov servicemen" stays "Azov
servicemen". A bare noun ("2,449 defenders") borrows the qualifier the same document gave
that noun before ("Mariupol defenders"), because reports shorten a group once named.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from polon.ingest.extract.context import Context
from polon.ingest.numbers import Quantity

_NOUNS = (
    r"servicemen|servicewomen|service members|soldiers|defenders|prisoners of war|prisoners|"
    r"POWs|civilians|people|persons|fighters|children|women|men|troops|marines|guardsmen|"
    r"commanders|officers|detainees|captives|medics|bodies|citizens|fighters|"
    r"Ukrainians|Russians|military personnel|military|personnel|POW|prisoner|soldier|serviceman|"
    r"defender|civilian|person|captive|sailors|border guards|guards|nationals|foreigners|"
    r"journalists|priests|patients|wounded|sergeants|privates|conscripts|women|teenagers|"
    r"volunteers|members|combatants|troops|fallen"
)
# "144 of its service members", "140 of our people", "95 of the freed soldiers"
_OF_OWN = re.compile(
    rf"^\s+(?:more\s+)?of\s+(?:its|our|their|his|her|the|those|them|these|whom)\b"
    rf"((?:\s+(?:[A-Z][\w'’-]*|freed|released|returned|exchanged|own|captured|military|"
    rf"civilian|wounded|fellow|new))*)(?:\s+({_NOUNS}))?\b"
)
_MEMBERS = re.compile(r"^\s+members of (?:the )?((?:[A-Z][\w'’-]*\s?)+)")
_GROUP = re.compile(
    rf"^\s+((?:(?:[A-Z][\w'’-]*|military|civilian|wounded|seriously|injured|captured)\s+)*)"
    rf"({_NOUNS})\b"
)
_NOUN = re.compile(rf"\b((?:[A-Z][\w'’-]*\s+)+)({_NOUNS})\b")


def group_after(context: Context, quantity: Quantity) -> str | None:
    """The group label that follows ``quantity``, or None when it counts something else."""
    after = context.text[quantity.end : quantity.end + 120]
    members = _MEMBERS.match(after)
    if members:
        return members.group(1).strip()
    own = _OF_OWN.match(after)
    if own and (own.group(2) or own.group(0).rstrip().endswith(("them", "whom", "those"))):
        return " ".join(filter(None, [own.group(1).strip(), own.group(2)])) or "people"
    match = _GROUP.match(after)
    if match is None:
        return None
    modifiers, noun = match.group(1).strip(), match.group(2)
    if modifiers:
        return f"{modifiers} {noun}"
    return _earlier_label(context, quantity.start, noun) or noun


def _earlier_label(context: Context, before: int, noun: str) -> str | None:
    """The last qualified label of ``noun`` ending before ``before`` ("Mariupol defenders")."""
    if "group labels" not in context.memo:
        found = list(_NOUN.finditer(context.text))
        context.memo["group labels"] = (found, [m.end() for m in found])
    labels, ends = context.memo["group labels"]
    earlier = labels[: bisect_right(ends, before)]
    match = next((m for m in reversed(earlier) if m.group(2) == noun), None)
    return f"{match.group(1).strip()} {noun}" if match else None

"""Exchanges: the sentences that describe one swap become one claim each, dated.

A sentence about a swap without its own date ("At that time 215 people were returned home")
belongs to the swap the document dated last; consecutive sentences of that kind are joined
into one claim whose evidence spans them. Talk of a future or hoped-for exchange
("negotiating an all-for-all exchange", "no major exchange for four months") is not one.
"""

from __future__ import annotations

import re

from polon.ingest.claims import CandidateClaim
from polon.ingest.extract import gazetteer
from polon.ingest.extract.context import Context
from polon.ingest.extract.groups import group_after
from polon.ingest.extract.sentences import Sentence

_CUE = re.compile(
    r"\b(?:swaps?|swapped|(?:prisoner|prisoners-of-war|POW) exchanges?|exchanged|"
    r"returned home|came home|were returned|brought (?:back )?home|returned from captivity|"
    r"handed over|"
    r"released \S+ (?:prisoners|POWs|servicemen|soldiers|people|defenders))\b"
)
_NO_SWAP = re.compile(r"\bno (?:major |new )?(?:prisoner )?(?:exchange|swap)")
_INTENT = re.compile(r"\b(?:negotiat\w*|plans?|will|would|could|propos\w*|talks|all-for-all)\b")
_INCLUDING = re.compile(r"\b(?:including|among them|among whom|of them|of whom)\s*$", re.I)
_HANDED_OVER = re.compile(r"\b(?:handed over|gave back|sent back)\s*$")
# A sentence that only breaks a swap down ("Among them were 20 Azovstal defenders.").
_BREAKDOWN = re.compile(r"^(?:Among them|Among those (?:returned|freed)|Of them|They included)\b")
_EXCHANGED_FOR = re.compile(r"\bexchanged for\s+$|\bin exchange for\s+$|\bfor\s+$")
_MEDIATION = re.compile(
    r"\b(?:mediated by|mediation of|brokered by|with the help of|thanks to)\b([^.]*)"
)
_CONDITION = re.compile(r"\bon (?:the )?condition that ([^.]+)")
_BROKEN = re.compile(r"^However\b|\bviolat\w+|\bbroke\b|\bbreach\w*")


def is_exchange(sentence: Sentence) -> bool:
    """A sentence telling of a swap that happened (intent words before the cue rule it out)."""
    cue = _CUE.search(sentence.text)
    if cue is None or _NO_SWAP.search(sentence.text):
        return False
    return not _INTENT.search(sentence.text, 0, cue.start())


def mediators(sentence: Sentence) -> list[str]:
    match = _MEDIATION.search(sentence.text)
    if match is None:
        return []
    clause = match.group(1)
    table = gazetteer.load()
    hits = gazetteer.find(clause, table.organizations) + gazetteer.find(
        clause, table.mediator_states
    )
    return list(dict.fromkeys(hit.entry.name for hit in sorted(hits, key=lambda h: h.start)))


def _counts(context: Context, sentence: Sentence, breakdown: bool = False) -> dict:
    values: dict = {"returned": None, "handed_over": None, "groups": []}
    quantities = context.quantities_in(sentence)
    for index, quantity in enumerate(quantities):
        before = context.text[sentence.start : quantity.start]
        label = group_after(context, quantity)
        if _EXCHANGED_FOR.search(before) and index > 0:
            continue  # the other side of "five commanders were exchanged for 55 …"
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        between = context.text[quantity.end : following.start] if following else ""
        if following and "exchanged for" in between:
            values["groups"].append(
                {"label": label or "people", "count": quantity.value,
                 "exchanged_for": following.value}
            )  # fmt: skip
        elif _HANDED_OVER.search(before):
            values["handed_over"] = quantity.value
        elif breakdown or _INCLUDING.search(before) or values["returned"] is not None:
            if label:
                values["groups"].append({"label": label, "count": quantity.value})
        elif label:
            values["returned"] = quantity.value
    return values


def _conditions(context: Context, sentence: Sentence) -> list[dict]:
    match = _CONDITION.search(sentence.text)
    if match is None:
        return []
    condition = {"text": match.group(1).strip(), "outcome": "unknown"}
    following = [s for s in context.sentences if s.start > sentence.start][:3]
    for later in following:
        if _BROKEN.search(later.text):
            condition.update(
                outcome="broken", outcome_note=later.text, outcome_span=[later.start, later.end]
            )
            break
    return [condition]


def exchange_claims(context: Context, sentence: Sentence) -> list[CandidateClaim]:
    """The exchange told by ``sentence``, or a breakdown of the swap told just before it."""
    breakdown = bool(_BREAKDOWN.match(sentence.text)) and context.last_exchange_date is not None
    if not (is_exchange(sentence) or breakdown):
        return []
    stated = context.sentence_date(sentence)
    date, basis = (stated.date, "stated") if stated else (context.last_exchange_date, "context")
    if stated is not None:
        context.last_exchange_date = stated.date
    values = _counts(context, sentence, breakdown)
    values.update(
        mediators=mediators(sentence),
        conditions=_conditions(context, sentence),
        date_basis=basis if date else "unknown",
    )
    said_something = (
        values["returned"] or values["handed_over"] or values["groups"] or values["conditions"]
    )
    if basis == "context" and not said_something and not values["mediators"]:
        return []  # a passing mention ("the terms of the exchange deal") adds no fact
    return [
        CandidateClaim(
            kind="exchange",
            values=values,
            start=sentence.start,
            end=sentence.end,
            date=date,
            attributed_to=context.attribution(sentence),
        )
    ]


def join_undated(claims: list[CandidateClaim], text: str) -> list[CandidateClaim]:
    """Fold a context-dated exchange sentence into the dated one right before it.

    "Ukraine conducted on Sept. 21, 2022 one of the largest swaps. At that time 215 people
    were returned home" is one statement about one swap, so it becomes one claim.
    """
    joined: list[CandidateClaim] = []
    for claim in claims:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and claim.values.get("date_basis") == "context"
            and previous.values.get("returned") is None
            and not previous.values.get("groups")
            and not text[previous.end : claim.start].strip()
        ):
            merged = dict(previous.values)
            for key in ("returned", "handed_over", "groups", "mediators", "conditions"):
                merged[key] = claim.values.get(key) or previous.values.get(key)
            previous.values = merged
            previous.end = claim.end
            continue
        joined.append(claim)
    return joined

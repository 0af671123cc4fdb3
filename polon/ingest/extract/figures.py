"""Figures: stated counts of people, with what they measure, as of when, and who said so.

One sentence often carries counts of different kinds ("50 prisoners were killed and 73
wounded"; "95 came home in the swap, bringing the total freed since 2022 to 2,598"), so the
measure is read per count, from the cue word nearest to it: the verb before the count
("killed more than 50"), or the one after its counted group ("50 prisoners were killed").
Counts an exchange claim already carries (returned, handed over, subgroups) are left to it.

The as-of date is, in order: an explicit "as of", the date the sentence gives (for "X said on
June 6 that …" the day of the statement), the date of the event the count belongs to ("2,449
left Azovstal" — the Azovstal surrender), else the publication date.
"""

from __future__ import annotations

import re

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate
from polon.ingest.extract.context import Context
from polon.ingest.extract.groups import CountedGroup, bare_subject, counted_group
from polon.ingest.extract.sentences import Sentence
from polon.ingest.numbers import Quantity

# Cue words, by the measure they give a count near them. Order breaks ties of distance.
_CUES = [
    ("died in captivity", r"\b(?:died|killed|tortured to death) in captivity\b"),
    ("killed", (
        r"\b(?:killed|died|dead|deaths?|executed|shot dead|shot down|crashed|crash)\b"
    )),
    ("wounded", (
        r"\b(?:wounded|injured|ill|sick|surgery|treatment|hospitali[sz]ed)\b"
    )),
    ("missing", r"\bmissing\b"),
    ("captured", (
        r"\b(?:captured|taken (?:prisoner|captive)|went into (?:\w+ )?captivity|"
        r"came out of|surrendered|laid down (?:their|his) arms)\b"
    )),
    ("left", r"\bleft (?:the territory of |the )?"),
    ("returned", (
        r"\b(?:returned|freed|released|came home|come home|coming home|brought (?:back )?home|"
        r"brought back|back home|free from|repatriated|got back|received|handed (?:over|back)|"
        r"brought|bringing|crossed back|traded for|in exchange for|in return for)\b"
    )),
    ("held", (
        r"\b(?:held|holding|holds|hold|keeps|kept|detained|imprisoned|jailed|remain(?:s|ed)?|"
        r"still|in (?:\w+ )?(?:captivity|custody|prisons?|jails?|detention))\b"
    )),
    ("other", (
        r"\b(?:lists?|listed|documented|interviewed|registered|convicted|sentenced|charged|"
        r"trying|tried|cases|visited|accounted for|identified|answers about)\b"
    )),
]  # fmt: skip
# One pattern for all cues: where two start at one place, the first listed wins.
_ANY_CUE = re.compile("|".join(f"(?P<c{rank}>{p})" for rank, (_, p) in enumerate(_CUES)))
_CUE_NAMES = {f"c{rank}": name for rank, (name, _) in enumerate(_CUES)}
_BODIES_BEFORE = re.compile(r"\b(?:bodies|remains|body)\s+of\s+(?:the\s+)?$", re.I)
# Not a swap of prisoners, and a count of its own: remains.
BODIES = re.compile(r"\b(?:bodies|remains|fallen)\b", re.I)
_EXCHANGES_AFTER = re.compile(r"\s+(?:more\s+|prisoner\s+|POW\s+|such\s+)*(?:exchanges|swaps)\b")
# "brought the number of Ukrainians returned to 3,035", "put the number at 2,430"
_NUMBER_OF = re.compile(
    r"\b(?:number|total|tally|count)(?: of ([\w ]{3,60}?))?\b[^.;]{0,80}?"
    r"\b(?:to|at|reached|is|was|stands at|stood at|of)\s+$",
    re.I,
)
_CUMULATIVE = re.compile(
    r"\b(?:since (?:\d{1,2} )?(?:the |Feb|March|202\d|its |it |then)|so far|to date|in total|"
    r"a total of|cumulative|(?:have|has|had) since|the total|total number|brought the number|"
    r"brought the total|counting (?:this|yesterday|today|the latest)|already)",
    re.I,
)
_HELD_SINCE = re.compile(r"\b(?:held|detained|imprisoned|jailed|missing)\b[^,;]*$")
_SUPERLATIVE = re.compile(r"\b(?:largest|biggest|first|latest|longest|most|\w+est)\b[^,;]*$")
# A count of people killed or wounded is a figure only in a sentence about captivity.
_CAPTIVITY = re.compile(
    r"\b(?:prisoners?|POWs?|captiv\w*|custody|detain\w*|detention|exchanges?|swaps?|"
    r"colony|camp|prisons?|jail\w*|released|freed|missing|inmates|barracks?|Olenivka|"
    r"surrender\w*|captured|court|trial|came home|come home|returned)\b",
    re.I,
)
_PREVIOUS = 200
_AS_OF = re.compile(r"\bas of\s*$")
# Cue distances: a cue in the same clause is near; one across a clause boundary is far.
_CLAUSE_BREAK = re.compile(r"[;:()—]|,\s+(?:and |but |while |who |which |whose |as )")
_FAR = 200


def _distance(text: str) -> int:
    """Characters between a count and a cue, with a clause boundary counted as far."""
    return len(text) + (_FAR if _CLAUSE_BREAK.search(text) else 0)


def _nearest_cue(
    context: Context, sentence: Sentence, quantity: Quantity, group_end: int
) -> str | None:
    """The measure whose cue word stands nearest the count, in the same clause if any.

    Cues after the count are measured from the end of its group ("50 Ukrainian prisoners of
    war were killed"); words inside the group ("174 released prisoners") are not cues, nor are
    words beyond a neighbouring count and its group ("31 wounded Ukrainian captives and 15 …").
    """
    start, end = sentence.start, sentence.end
    for other in context.quantities_in(sentence):
        if other.end <= quantity.start:
            group = counted_group(context, other)
            start = max(start, group.end if group else other.end)
        elif other.start >= group_end:
            end = min(end, other.start)
    text = context.text
    # the last cue before the count is the nearest one before it
    nearest = next(reversed(list(_ANY_CUE.finditer(text, start, quantity.start))), None)
    following = _ANY_CUE.search(text, group_end, end) if group_end < end else None
    best: tuple[int, str] | None = None
    if nearest is not None:
        best = (_distance(text[nearest.end() : quantity.start]), _CUE_NAMES[nearest.lastgroup])
    if following is not None:
        distance = _distance(text[group_end : following.start()])
        if best is None or distance < best[0]:
            best = (distance, _CUE_NAMES[following.lastgroup])
    return best[1] if best else None


def is_cumulative(text: str) -> bool:
    """A sentence counting over a period; "the largest swap since 2022" and "held since the
    first weeks of the war" are not ones."""
    for match in _CUMULATIVE.finditer(text):
        if _SUPERLATIVE.search(text, max(0, match.start() - 60), match.start()):
            continue
        if _HELD_SINCE.search(text, max(0, match.start() - 25), match.start()):
            continue
        return True
    return False


def _left_place(context: Context, sentence: Sentence, quantity: Quantity) -> str | None:
    """ "2,449 left Azovstal": the surrender is told as leaving a named place."""
    for place in context.places_in(sentence):
        if place.start > quantity.end:
            return f"left {place.entry.name}"
    return None


def _about_captivity(context: Context, sentence: Sentence) -> bool:
    """The sentence, or the one it follows ("75 came home. 20 of them needed surgery")."""
    start = max(0, sentence.start - _PREVIOUS)
    return bool(_CAPTIVITY.search(context.text, start, sentence.end))


# Measures that say what became of people, so a count with one is no count of a swap.
NOT_SWAPPED = frozenset({"killed", "died in captivity", "wounded", "missing", "other", "bodies"})


def read_count(context: Context, sentence: Sentence, quantity: Quantity) -> tuple[str, str] | None:
    """(measure, group) for a count of people, or None when it counts something else."""
    readings = context.memo.setdefault("count readings", {})
    if quantity.start not in readings:  # both the swap rules and the figure rules ask
        readings[quantity.start] = _read_count(context, sentence, quantity)
    return readings[quantity.start]


def _read_count(context: Context, sentence: Sentence, quantity: Quantity) -> tuple[str, str] | None:
    before = context.text[max(sentence.start, quantity.start - 200) : quantity.start]
    group = counted_group(context, quantity)
    if _BODIES_BEFORE.search(before) or (group and BODIES.search(group.label)):
        return "bodies", group.label if group else "bodies"
    if _EXCHANGES_AFTER.match(context.text, quantity.end):
        return "exchanges_total", "exchanges"
    total = None
    if group is None:
        total = _NUMBER_OF.search(before)
        if total is not None:
            group = CountedGroup((total.group(1) or "people").strip(), quantity.end)
        else:
            group = bare_subject(context, quantity)
    if group is None:
        return None
    measure = _nearest_cue(context, sentence, quantity, group.end)
    if measure is None or (group.returned and measure not in NOT_SWAPPED):
        measure = "returned" if group.returned else measure
    if measure is None:
        return None
    if measure in ("killed", "wounded", "other") and not _about_captivity(context, sentence):
        return None  # casualties of a strike on a city are not about captivity
    if measure == "left":
        measure = _left_place(context, sentence, quantity) or "captured"
    if measure == "returned" and (total is not None or is_cumulative(sentence.text)):
        measure = "returned_total"
    return measure, group.label


def _as_of(context: Context, sentence: Sentence, measure: str) -> tuple[FuzzyDate | None, str]:
    for mention in context.dates_in(sentence):
        before = context.text[sentence.start : mention.start]
        if mention.date is not None and _AS_OF.search(before):
            return mention.date, "as of"
    stated = context.sentence_date(sentence)
    if stated is not None:
        return stated.date, "stated"
    if measure.startswith("left "):
        event_date = context.event_date("surrender", measure.removeprefix("left "))
        if event_date is not None:
            return event_date, "event"
    published = context.published()
    return published, "published" if published else "unknown"


def figure_claims(
    context: Context, sentence: Sentence, counted: set[int] | frozenset[int] = frozenset()
) -> list[CandidateClaim]:
    """Figure claims for the counts of ``sentence`` not in ``counted`` (the starts of counts
    an exchange claim carries)."""
    claims = []
    for quantity in context.quantities_in(sentence):
        if quantity.start in counted:
            continue
        reading = read_count(context, sentence, quantity)
        if reading is None:
            continue
        measure, group = reading
        as_of, basis = _as_of(context, sentence, measure)
        claims.append(
            CandidateClaim(
                kind="figure",
                values={
                    "value": quantity.value,
                    "measure": measure,
                    "group": group,
                    "as_of": as_of.iso() if as_of else None,
                    "as_of_basis": basis,
                    "number": [quantity.start, quantity.end],
                },
                start=sentence.start,
                end=sentence.end,
                date=as_of,
                qualifier=str(quantity.qualifier),
                attributed_to=context.attribution(sentence),
            )
        )
    return claims


def settle_totals(figures: list[CandidateClaim], exchanges: list[CandidateClaim]) -> None:
    """A count the report gives elsewhere as a total is that total: a headline's "More than
    2,200 Ukrainians returned" repeats the body's "2,200 freed since February 2022", so it is
    neither one swap's count nor a swap of its own."""
    totals = {c.values["value"] for c in figures if c.values["measure"] == "returned_total"}
    if not totals:
        return
    for claim in figures:
        if claim.values["measure"] == "returned" and claim.values["value"] in totals:
            claim.values["measure"] = "returned_total"
    for claim in list(exchanges):
        values = claim.values
        if values.get("returned") in totals and "returned" not in values.get("summed", []):
            values["returned"] = None
            if not (values.get("handed_over") or values.get("groups")):
                exchanges.remove(claim)

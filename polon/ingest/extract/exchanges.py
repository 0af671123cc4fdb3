"""Exchanges: the sentences that describe one swap become one claim each, dated.

A sentence about a swap without its own date ("At that time 215 people were returned home")
belongs to the swap the document dated last; consecutive sentences of that kind are joined
into one claim whose evidence spans them. Talk of a future or hoped-for exchange
("negotiating an all-for-all exchange", "no major exchange for four months") is not one.
"""

from __future__ import annotations

import re

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate, Precision
from polon.ingest.extract import gazetteer
from polon.ingest.extract.context import Context
from polon.ingest.extract.groups import group_after
from polon.ingest.extract.sentences import Sentence
from polon.ingest.numbers import Quantity

_CUE = re.compile(
    r"\b(?:swaps?|swapped|exchanges?|exchanged|returned|came home|coming home|come home|"
    r"brought (?:back )?home|back home|handed over|handed|got back|freed|released|"
    r"release of|freedom of|repatriated|in return|in exchange)\b",
    re.IGNORECASE,
)
_NO_SWAP = re.compile(r"\bno (?:major |new |large |big )?(?:prisoner )?(?:exchange|swap)", re.I)
_INTENT = re.compile(
    r"\b(?:negotiating|plans?|planned|will|would|could|should|propos\w*|talks|all-for-all|"
    r"agreed|agree|expects?|expected|hopes?|hoped|ready|called off|postponed|demand\w*|"
    r"promis\w*|wants?|may|might|intends?|list|lists)\b",
    re.IGNORECASE,
)
# Not a swap of prisoners: remains, or counts over a whole period.
_BODIES = re.compile(r"\b(?:bodies|remains|fallen)\b", re.I)
_CUMULATIVE = re.compile(
    r"\b(?:since (?:the |February|March|2022|its |it |then)|so far|to date|in total|altogether|"
    r"overall|in all\b|all told|already|cumulative|this year|last year|in 202\d)",
    re.I,
)
_SUPERLATIVE = re.compile(r"\b(?:largest|biggest|first|latest|longest|most|\w+est)\b[^,;]*$")
# A count of people still held is a figure even in a sentence about a swap.
_STILL_HELD = re.compile(
    r"^[^,;.]{0,60}?\b(?:remain(?:s|ed)?|still|are held|were held|is holding|are being held)\b"
)
_EACH = re.compile(r"^[^,;.]{0,40}?\b(?:each|apiece)\b|^[^,;.]{0,40}?\bby each side\b")
_INCLUDING = re.compile(
    r"\b(?:including|among them|among whom|among those|of them|of whom|of those|incl\.|"
    r"of which|which included|among the \w+)[\s:,]*$",
    re.I,
)
_SUBGROUP_AFTER = re.compile(r"^\s+(?:more\s+)?of\s+(?:them|whom|those|the|these)\b", re.I)
# A sentence that only breaks a swap down ("Among them were 20 Azovstal defenders.").
_BREAKDOWN = re.compile(
    r"^(?:Among them|Among those (?:returned|freed|released)|Of them|Of those|They included|"
    r"These included|This included|The group included)\b"
)
_OTHER_SIDE_BEFORE = re.compile(
    r"\b(?:in exchange for|in return for|exchanged for|swapped for|traded for|for)\s+"
    r"(?:(?:more than|over|about|some|nearly|almost|around)\s+)?$",
    re.I,
)
_AND = re.compile(
    r"\b(?:and|as well as|plus|along with)\b[^,;]*$|^[^.;]*\b(?:and|as well as|plus)\s+$"
)
_SYMMETRIC = re.compile(r"^(?:\s*[-–]?\s*for\s*[-–]?\s*)$", re.I)
_MEDIATION = re.compile(
    r"\b(?:mediated by|mediation of|brokered by|with the help of|thanks to|mediation)\b([^.]*)"
)
_SINCE = re.compile(r"\b(?:since|until|till|from|held for|in captivity)\s+(?:late |early |mid-)?$")
_CONDITION = re.compile(r"\bon (?:the )?condition that ([^.]+)")
_BROKEN = re.compile(r"^However\b|\bviolat\w+|\bbroke\b|\bbreach\w*")

_UA = re.compile(
    r"\b(?:Ukrain\w*|Kyiv|Kiev|our|Zelensk\w*|Mariupol|Azovstal|Azov)\b", re.IGNORECASE
)
_RU = re.compile(r"\b(?:Russia\w*|Moscow|Kremlin|Kursk|Belgorod)\b|\bRussians?\b", re.I)
_GETS = re.compile(
    r"\b(?:returned|brought|got back|received|secured|repatriated|welcomed|freed from|"
    r"came home|coming home|won)\b",
    re.I,
)
_GIVES = re.compile(r"\b(?:released|freed|handed(?: over)?|transferred|gave|sent)\b", re.I)


_BOTH = re.compile(r"\s+(?:and|&)\s+")
_EITHER_SIDE = re.compile(rf"{_UA.pattern}|{_RU.pattern}", re.IGNORECASE)
_EITHER_VERB = re.compile(rf"{_GETS.pattern}|{_GIVES.pattern}", re.IGNORECASE)
_PRISONERS = re.compile(r"\b(?:prisoners|POWs|captives)\b")


def is_exchange(sentence: Sentence) -> bool:
    """A sentence telling of a swap that happened (intent words before the cue rule it out)."""
    cue = _CUE.search(sentence.text)
    if cue is None or _NO_SWAP.search(sentence.text):
        return False
    clause_start = max(sentence.text.rfind(c, 0, cue.start()) for c in ",;:—")
    return not _INTENT.search(sentence.text, clause_start + 1, cue.start())


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


# The counted noun phrase ends at punctuation, a clause word or a preposition of place or time.
_PHRASE_END = re.compile(
    r"[,;.()]|\b(?:who|whom|while|and|that|which|as|in|from|with|after|to|on|since|near|at|"
    r"during|by|under|when|for|were|was|had|have|has|are|is|had been|returned|came|held)\b"
)


def _side_of_phrase(phrase: str) -> str | None:
    ua, ru = _UA.search(phrase), _RU.search(phrase)
    if ua and ru:
        return "ua" if ua.start() < ru.start() else "ru"
    return "ua" if ua else "ru" if ru else None


def _side(context: Context, sentence: Sentence, quantity: Quantity, label: str | None) -> str:
    """Which side the counted people went home to: "ua" (returned) or "ru" (handed over).

    The counted group says it when it can ("55 Russian servicemen", "116 prisoners of war of
    the Armed Forces of Ukraine"); otherwise the subject and its verb do: Russia *released*
    people goes to Ukraine, Russia *got back* people goes to Russia.
    """
    after = context.text[quantity.end : min(sentence.end, quantity.end + 70)]
    after = _PHRASE_END.split(after)[0]
    side = _side_of_phrase(after) or _side_of_phrase(label or "")
    if side is not None:
        return side
    before = context.text[sentence.start : quantity.start]
    subject, subject_end, previous = None, 0, None
    for match in _EITHER_SIDE.finditer(before):
        side = _side_of_phrase(match.group())
        joined = previous is not None and _BOTH.fullmatch(before[previous.end() : match.start()])
        # "Ukraine and Russia swapped prisoners": no one side
        subject = None if joined and side != subject else side
        subject_end, previous = match.end(), match
    if subject is None:
        return "ua"
    verb = None
    for match in _EITHER_VERB.finditer(before[subject_end:]):
        verb = match.group()
    if verb is not None and _GIVES.fullmatch(verb) and not _GETS.fullmatch(verb):
        return "ru" if subject == "ua" else "ua"
    return subject


def _counts(context: Context, sentence: Sentence, breakdown: bool = False) -> dict:
    values: dict = {"returned": None, "handed_over": None, "groups": []}
    quantities = [q for q in context.quantities_in(sentence) if not _is_period_count(context, q)]
    sides: dict[int, str] = {}
    for index, quantity in enumerate(quantities):
        before = context.text[sentence.start : quantity.start]
        after = context.text[quantity.end : quantity.end + 40]
        label = group_after(context, quantity)
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        between = context.text[quantity.end : following.start] if following else ""
        if following and _SYMMETRIC.match(between):  # "75 for 75", "1,000-for-1,000"
            values["returned"] = values["returned"] or quantity.value
            values["handed_over"] = values["handed_over"] or following.value
            sides[index] = sides[index + 1] = "both"
            continue
        if index in sides:
            continue
        if _STILL_HELD.match(after):
            continue
        if _EACH.match(context.text[quantity.end : sentence.end]):  # "exchanged 25 each"
            values["returned"] = values["returned"] or quantity.value
            values["handed_over"] = values["handed_over"] or quantity.value
            sides[index] = "both"
            continue
        if label is None and not _OTHER_SIDE_BEFORE.search(before):
            continue  # counts something other than people: days, months, brigades
        if index > 0 and _OTHER_SIDE_BEFORE.search(before) and (index - 1) in sides:
            side = "ru" if sides[index - 1] == "ua" else "ua"
        else:
            side = _side(context, sentence, quantity, label)
        subgroup = breakdown or _INCLUDING.search(before) or _SUBGROUP_AFTER.match(after)
        if subgroup and sides.get(index - 1) in ("ua", "both"):
            side = "ua"  # "50 Ukrainians came home, among them 33 officers"
        sides[index] = side
        key = "returned" if side == "ua" else "handed_over"
        joined = (
            index > 0
            and sides.get(index - 1) == side
            and _AND.search(context.text[quantities[index - 1].end : quantity.start])
        )
        if joined and not subgroup and values[key] is not None and label:
            # "33 servicemen and 51 civilians have been freed": 84 in all, two groups
            if side == "ua":
                previous = quantities[index - 1]
                if not values["groups"]:
                    first_label = group_after(context, previous) or "people"
                    values["groups"].append({"label": first_label, "count": previous.value})
                values["groups"].append({"label": label, "count": quantity.value})
            values[key] += quantity.value
            continue
        if following and "exchanged for" in between and side == "ua":
            values["groups"].append(
                {"label": label or "people", "count": quantity.value,
                 "exchanged_for": following.value}
            )  # fmt: skip
            sides[index + 1] = "ru"
        elif subgroup or values[key] is not None:
            if label and side == "ua":
                values["groups"].append({"label": label, "count": quantity.value})
        else:
            values[key] = quantity.value
    return values


def _is_cumulative(text: str) -> bool:
    """A sentence counting over a period; "the largest swap since 2022" is not one."""
    for match in _CUMULATIVE.finditer(text):
        if not _SUPERLATIVE.search(text, max(0, match.start() - 60), match.start()):
            return True
    return False


def _is_period_count(context: Context, quantity: Quantity) -> bool:
    return bool(_CUMULATIVE.search(context.text[max(0, quantity.start - 40) : quantity.start]))


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
    if _BODIES.search(sentence.text) and not _PRISONERS.search(sentence.text):
        return []
    if _is_cumulative(sentence.text):
        return []  # "since 2022, 3,767 have come home" is a total, not a swap
    stated = context.sentence_date(sentence)
    if stated is not None and _SINCE.search(context.text[sentence.start : stated.start]):
        stated = None  # "held since May 2022" dates the captivity, not the swap
    date, basis = (stated.date, "stated") if stated else (context.last_exchange_date, "context")
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
    if not said_something and (date is None or date.precision != Precision.DAY):
        return []  # "freed in September" without a count names no one swap
    if stated is not None:
        context.last_exchange_date = stated.date
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


def settle_dates(claims: list[CandidateClaim], published: FuzzyDate | None) -> None:
    """Date the swap sentences that come before any dated one.

    A report often opens with the swap ("Another 140 of our people are coming home") and dates
    it later ("Today's exchange …"), so an undated claim takes the first date that follows;
    with none, the publication date, since a report tells of a swap when it happens.
    """
    # One pass from the end keeps, for each claim, the first stated claim after it and the
    # first stated one without counts, so a long report is not scanned once per claim.
    first_stated: CandidateClaim | None = None
    first_mention: CandidateClaim | None = None
    for claim in reversed(claims):
        if claim.date is None:
            # A later dated mention without counts ("The exchange, carried out Sept. 21 …")
            # names this swap; one with counts of its own is another swap.
            if first_mention is not None:
                claim.date, claim.values["date_basis"] = first_mention.date, "context"
            elif published is not None:
                claim.date, claim.values["date_basis"] = published, "published"
            elif first_stated is not None:
                claim.date, claim.values["date_basis"] = first_stated.date, "context"
        elif claim.values.get("date_basis") == "stated":
            first_stated = claim
            if not _has_counts(claim):
                first_mention = claim


def _has_counts(claim: CandidateClaim) -> bool:
    values = claim.values
    return bool(values.get("returned") or values.get("handed_over") or values.get("groups"))


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

"""Exchanges: the sentences that describe one swap become one claim each, dated.

A sentence about a swap without its own date ("At that time 215 people were returned home")
belongs to the swap the document dated last; consecutive sentences of that kind are joined
into one claim whose evidence spans them. Talk of a future or hoped-for exchange
("negotiating an all-for-all exchange", "no major exchange for four months") is not one.
"""

from __future__ import annotations

import re

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import (
    PRECISION_RANK,
    DateMention,
    FuzzyDate,
    Precision,
    at_word_start,
    fold_case,
)
from polon.ingest.extract import gazetteer
from polon.ingest.extract.context import Context
from polon.ingest.extract.figures import BODIES, NOT_SWAPPED, is_cumulative, read_count
from polon.ingest.extract.groups import bare_subject, group_after, phrase_after
from polon.ingest.extract.sentences import Sentence
from polon.ingest.numbers import Quantity

# Searched in the case-folded sentence (see dates.fold_case): lower case, no re.IGNORECASE,
# each word opening with its letter so that the engine can skip ahead.
_CUE = re.compile(
    "(?:"
    + at_word_start(
        r"\w",
        [
            *("swaps", "swap", "swapped", "exchanges", "exchange", "exchanged", "returned"),
            *("came home", "coming home", "come home", "brought back home", "brought home"),
            *(r"brought [^.;]{1,60}? home", "bringing back home", "bringing home", "back home"),
            *("handed over", "handed", "got back", "freed", "released", "release of"),
            *("freedom of", "repatriated", "in return", "in exchange", "traded", "free from"),
            *("are free", "crossed back"),
            r"received (?:(?:more than|over|about|some|another) )?\d+",
        ],
    )
    + r")\b"
)
_NO_SWAP = re.compile(r"\bno (?:major |new |large |big )?(?:prisoner )?(?:exchange|swap)", re.I)
_INTENT = re.compile(
    r"\b(?:negotiating|plans?|planned|will|would|could|should|propos\w*|talks|all-for-all|"
    r"agreed|agree|expects?|expected|hopes?|hoped|ready|called off|postponed|demand\w*|"
    r"prepar\w*|broader|future|possible|potential|upcoming|next|"
    r"promis\w*|wants?|may|might|intends?|list|lists)\b",
    re.IGNORECASE,
)
# A count of people still held is a figure even in a sentence about a swap.
_STILL_HELD = re.compile(
    r"^[^,;.]{0,60}?\b(?:remain(?:s|ed)?|still|are held|were held|is holding|are being held)\b"
)
_EACH_BEFORE = re.compile(r"\beach(?: side)?(?: \w+)? $")  # "each released 115", "each side freed"
_EACH = re.compile(r"^[^,;.]{0,40}?\b(?:each|apiece)\b|^[^,;.]{0,40}?\bby each side\b")
_INCLUDING = re.compile(
    r"\b(?:including|among them|among whom|among those|of them|of whom|of those|incl\.|"
    r"of which|which included|among the \w+)[\s:,]*$",
    re.I,
)
_SUBGROUP_AFTER = re.compile(r"^\s+(?:more\s+)?of\s+(?:them|whom|those|the|these)\b", re.I)
# A sentence that only breaks a swap down ("Among them were 20 Azovstal defenders.").
_BREAKDOWN = re.compile(
    r"^(?:Among them|Among (?:the |those )?(?:[\w-]+ ){0,2}(?:returned|freed|released|who came)|"
    r"Of them|Of those|They included|These included|This included)\b|"
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|"
    r"\w+ty)) of them\b|"
    r"\b(?:of those (?:released|freed|returned)|of the (?:released|freed|returned|\d)|"
    r"among (?:those|the) (?:released|freed|returned)|"
    r"(?:the |freed |released |returned )group (?:included|includes|was made up of|consisted of|"
    r"consists of|comprised))\b"
)
_OTHER_SIDE_BEFORE = re.compile(
    r"\b(?:in exchange for|in return for|exchanged for|swapped for|traded for|for)\s+"
    r"(?:(?:more than|over|about|some|nearly|almost|around)\s+)?$",
    re.I,
)
_AND = re.compile(
    r"\b(?:and|as well as|plus|along with)\b[^,;]*$|^[^.;]*\b(?:and|as well as|plus)\s+$"
)
# "154 came home: 146 servicemen and eight civilians", "205 people - 185 soldiers and 20 …"
_BREAKS_DOWN = re.compile(r"(?::|\s[-–—])\s*$")
_SYMMETRIC = re.compile(r"^(?:\s*[-–]?\s*for\s*[-–]?\s*)$", re.I)
_MEDIATION = re.compile(
    r"\b(?:mediated by|mediation of|brokered by|with the help of|thanks to|mediation)\b([^.]*)"
)
_SINCE = re.compile(r"\b(?:since|until|till|from|held for|in captivity)\s+(?:late |early |mid-)?$")
# "the first exchange since 8 February, when 100 defenders returned": that date is a swap's
_WHEN = re.compile(r",? when\b")
_DATELINE = re.compile(r"[A-Z]{3,}[A-Z ,.'’-]*,[^.–—]{0,30}?(?:\([^)]{1,20}\))?\s+[-–—]")
_NEAR = 80
_OTHER_EVENT = re.compile(
    r"\b(?:agreed|agreement|talks|negotiat\w*|promised|began|started|launched|invaded|captured|"
    r"detained|arrested|abducted|sentenced|taken prisoner)\b[^,;]*$"
)
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


def is_exchange(context: Context, sentence: Sentence) -> bool:
    """A sentence telling of a swap that happened (intent words before the cue rule it out)."""
    answers = context.memo.setdefault("swap sentences", {})
    if sentence.start not in answers:  # the event rules ask too
        answers[sentence.start] = _tells_of_swap(sentence.text, _first_cue(context, sentence))
    return answers[sentence.start]


def _first_cue(context: Context, sentence: Sentence) -> re.Match[str] | None:
    """The first word for a swap in the sentence; its offsets are the sentence's."""
    if "folded" not in context.memo:
        context.memo["folded"] = fold_case(context.text)
    return _CUE.search(context.memo["folded"][sentence.start : sentence.end])


def _tells_of_swap(text: str, cue: re.Match[str] | None) -> bool:
    if cue is None or _NO_SWAP.search(text):
        return False
    clause_start = max(text.rfind(c, 0, cue.start()) for c in ",;:—")
    return not _INTENT.search(text, clause_start + 1, cue.start())


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
    side = _side_of_phrase(phrase_after(context, quantity)) or _side_of_phrase(label or "")
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


def _counts(
    context: Context, sentence: Sentence, breakdown: bool = False, part: bool = False
) -> tuple[dict, set[int]]:
    """The sentence's counts of a swap, and the starts of the counts it used.

    A count is the number returned or handed over, or a subgroup of the count before it
    ("215, including 108 Azov fighters"; "154 came home: 146 servicemen and eight civilians"),
    which takes that count's side. Counts joined by "and" outside a breakdown add up. A
    ``part`` sentence tells more of a swap already told, so "N exchanged for M" is one group.
    """
    values: dict = {"returned": None, "handed_over": None, "groups": [], "handed_over_groups": []}
    quantities = [
        q for q in context.quantities_in(sentence) if not _is_period_count(context, sentence, q)
    ]
    sides: dict[int, str] = {}
    subgroups: set[int] = set()
    for index, quantity in enumerate(quantities):
        before = context.text[sentence.start : quantity.start]
        after = context.text[quantity.end : quantity.end + 40]
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        between = context.text[quantity.end : following.start] if following else ""
        if following and _SYMMETRIC.match(between):  # "75 for 75", "1,000-for-1,000"
            values["returned"] = values["returned"] or quantity.value
            values["handed_over"] = values["handed_over"] or following.value
            sides[index] = sides[index + 1] = "both"
            continue
        if index in sides or _STILL_HELD.match(after):
            continue
        reading = read_count(context, sentence, quantity)
        if reading is not None and reading[0] in NOT_SWAPPED:
            continue  # "20 of them needed surgery", "50 prisoners were killed"
        if _EACH.match(context.text[quantity.end : sentence.end]) or _EACH_BEFORE.search(before):
            values["returned"] = values["returned"] or quantity.value
            values["handed_over"] = values["handed_over"] or quantity.value
            sides[index] = "both"
            continue
        label = group_after(context, quantity)
        if label is None and breakdown and bare_subject(context, quantity):
            label = "people"  # "87 of those released are …, and 35 were taken prisoner"
        other_side = _OTHER_SIDE_BEFORE.search(before)
        if label is None and not other_side:
            continue  # counts something other than people: days, months, brigades
        previous = index - 1 if index - 1 in sides else None
        link = context.text[quantities[index - 1].end : quantity.start] if index else ""
        if previous is not None and other_side:
            side = "ru" if sides[previous] == "ua" else "ua"
        else:
            side = _side(context, sentence, quantity, label)
        joined = previous is not None and bool(_AND.search(link))
        subgroup = bool(
            breakdown
            or _INCLUDING.search(before)
            or _SUBGROUP_AFTER.match(after)
            or (previous is not None and _BREAKS_DOWN.search(link))
            or (joined and previous in subgroups)
        )
        if subgroup and previous is not None:
            side = "ua" if sides[previous] == "both" else sides[previous]
        sides[index] = side
        key = "returned" if side == "ua" else "handed_over"
        group = {"label": label or "people", "count": quantity.value}
        groups = values["groups"] if side == "ua" else values["handed_over_groups"]
        if subgroup:
            subgroups.add(index)
            groups.append(group)
        elif joined and values[key] is not None and label:
            # "33 servicemen and 51 civilians have been freed": 84 in all, two groups
            if not groups:
                first = quantities[index - 1]
                groups.append({"label": group_after(context, first) or "people",
                               "count": first.value})  # fmt: skip
            groups.append(group)
            values[key] += quantity.value
            summed = values.setdefault("summed", [])  # a total no one stated: no figure
            if key not in summed:
                summed.append(key)
        elif following and "exchanged for" in between and side == "ua":
            # "ten Ukrainian soldiers were exchanged for ten Russian servicemen" is the swap;
            # "five commanders for 55 Russian servicemen" after a total is one part of it
            if not part and values["returned"] is None and values["handed_over"] is None:
                values["returned"], values["handed_over"] = quantity.value, following.value
            else:
                groups.append({**group, "exchanged_for": following.value})
            sides[index + 1] = "ru"
        elif values[key] is not None:
            if label:
                groups.append(group)
        else:
            values[key] = quantity.value
    return values, {quantities[index].start for index in sides}


def _is_period_count(context: Context, sentence: Sentence, quantity: Quantity) -> bool:
    return is_cumulative(context.text[max(sentence.start, quantity.start - 40) : quantity.start])


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


def _swap_date(context: Context, sentence: Sentence) -> DateMention | None:
    """The finest date the sentence gives its swap, leaving out dates of something else:
    the captivity ("held since May 2022"), the report ("KYIV, 26 Aug (CPA) - …") and the
    agreement ("the exchange agreed at talks on May 16")."""
    dateline = _DATELINE.match(sentence.text)
    best = None
    for mention in context.dates_in(sentence):
        if mention.date is None or mention.basis == "period":
            continue
        before = context.text[sentence.start : mention.start]
        if _SINCE.search(before) and not _WHEN.match(context.text, mention.end):
            continue
        if dateline and mention.end <= sentence.start + dateline.end():
            continue
        if _OTHER_EVENT.search(before):
            continue
        rank = PRECISION_RANK[mention.date.precision]
        if best is None or rank > PRECISION_RANK[best.date.precision]:
            best = mention
    return best


def _near_cue(context: Context, sentence: Sentence, stated: DateMention) -> bool:
    """A swap mentioned without counts is dated only by a date close to the word for it."""
    cue = _first_cue(context, sentence)
    return cue is not None and abs(cue.start() - (stated.start - sentence.start)) <= _NEAR


def exchange_claims(context: Context, sentence: Sentence) -> list[CandidateClaim]:
    """The exchange told by ``sentence``, or a breakdown of the swap told just before it."""
    breakdown = (  # a breakdown needs a swap told before it
        context.last_exchange_date is not None and _BREAKDOWN.search(sentence.text) is not None
    )
    if not (is_exchange(context, sentence) or breakdown):
        return []
    if BODIES.search(sentence.text) and not _PRISONERS.search(sentence.text):
        return []
    if is_cumulative(sentence.text):
        return []  # "since 2022, 3,767 have come home" is a total, not a swap
    stated = None if breakdown else _swap_date(context, sentence)
    date, basis = (stated.date, "stated") if stated else (context.last_exchange_date, "context")
    values, used = _counts(context, sentence, breakdown, part=basis == "context" and bool(date))
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
    if not said_something and stated is not None and not _near_cue(context, sentence, stated):
        return []  # "The swap came a week after … was shot down on Jan. 24" dates something else
    if stated is not None:
        context.last_exchange_date = stated.date
    context.memo.setdefault("counted", set()).update(used)
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
    stated_counts: dict[int, CandidateClaim] = {}
    for claim in reversed(claims):
        if claim.date is None:
            # A later dated sentence with the same count ("said on June 11 that ninety-five
            # … had crossed back") or without counts ("The exchange, carried out Sept. 21")
            # names this swap; one with other counts is another swap.
            same = stated_counts.get(claim.values.get("returned") or 0)
            if same is not None:
                claim.date, claim.values["date_basis"] = same.date, "context"
            elif first_mention is not None:
                claim.date, claim.values["date_basis"] = first_mention.date, "context"
            elif published is not None:
                claim.date, claim.values["date_basis"] = published, "published"
            elif first_stated is not None:
                claim.date, claim.values["date_basis"] = first_stated.date, "context"
        elif claim.values.get("date_basis") == "stated":
            first_stated = claim
            if not _has_counts(claim):
                first_mention = claim
            if claim.values.get("returned"):
                stated_counts[claim.values["returned"]] = claim


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
            and not _has_counts(previous)
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

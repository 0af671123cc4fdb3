"""Events (surrenders, captures, transfers, releases, deaths, recruitment attempts), the
places they happened at, and the organizations a report names.

Each event claim is one sentence. A sentence that only adds to an event told just before
("The evacuation was mediated by the ICRC and the UN") repeats that event's kind, place and
date, so the ledger attaches it to the same event rather than inventing a new one.
"""

from __future__ import annotations

import re
from typing import Any

from polon.ingest.claims import CandidateClaim
from polon.ingest.extract import gazetteer
from polon.ingest.extract.context import Context
from polon.ingest.extract.exchanges import is_exchange, mediators
from polon.ingest.extract.figures import read_count
from polon.ingest.extract.sentences import Sentence
from polon.ingest.numbers import Quantity

_KINDS = [
    ("surrender", re.compile(r"\bsurrender(?:ed)?\b")),
    ("capture", re.compile(r"\b(?:were|was) (?:captured|taken (?:prisoner|captive))\b")),
    ("transfer", re.compile(r"\b(?:taken|transferred|moved|transported|deported) to\b")),
    ("death", re.compile(r"\b(?:died|killed) in captivity\b")),
    ("recruitment_attempt", re.compile(
        r"\b(?:attempted|tried|sought) to (?:enlist|recruit)\b|\brecruitment attempt")),
]  # fmt: skip
_ANY_KIND = re.compile("|".join(p.pattern for _, p in _KINDS))
# Who is named in a surrender or recruitment sentence is usually its narrator, not a party.
_NO_PARTICIPANTS = {"surrender", "recruitment_attempt"}
_FACILITY = re.compile(
    r"\b(?:the (?:territory of (?:the )?)?)?"
    r"(penal colony|correctional colony|pre-trial detention (?:center|centre)|"
    r"detention (?:center|centre)|filtration camp|medical facility|hospital|prison)"
    r"(?:\s*(?:#|No\.\s?|number\s)(\d+))?"
    r"(?: in (occupied )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?))?"
    r"(?:, ([A-Z][\w'’-]+ (?:Oblast|region|Krai)))?"
)


def _place_spec(hit: gazetteer.Hit, context: Context) -> dict[str, Any]:
    spec = _named_place(hit.entry.name)
    if context.text[max(0, hit.start - 9) : hit.start].endswith("occupied "):
        spec["occupied"] = True
    return spec


def facility_specs(sentence: Sentence) -> list[tuple[int, int, dict[str, Any]]]:
    """Detention and medical facilities described in the sentence, with their settlement."""
    found = []
    for match in _FACILITY.finditer(sentence.text):
        kind, number, occupied, settlement, region = match.groups()
        if settlement is None and number is None:
            continue
        label = kind.capitalize() + (f" No. {number}" if number else "")
        name = f"{label} ({settlement})" if number and settlement else label
        if settlement and not number:
            name = f"{label} in {settlement}"
        spec: dict[str, Any] = {"name": name, "kind": "facility"}
        if occupied:
            spec["occupied"] = True
        if settlement:
            parent: dict[str, Any] = {"name": settlement, "kind": "settlement"}
            if occupied:
                parent["occupied"] = True
            if region:
                parent["parent"] = {"name": region.replace(" region", " Oblast"), "kind": "region"}
            spec["parent"] = parent
        found.append((sentence.start + match.start(1), sentence.start + match.end(), spec))
    return found


def place_claims(context: Context) -> list[CandidateClaim]:
    """One claim per place the document names, at its first mention."""
    claims: dict[str, CandidateClaim] = {}
    for sentence in context.sentences:
        for _, _, spec in facility_specs(sentence):
            claims.setdefault(spec["name"], _place_claim(spec, sentence))
        for hit in context.places_in(sentence):
            if hit.entry.kind == "country":
                continue
            claims.setdefault(hit.entry.name, _place_claim(_place_spec(hit, context), sentence))
    return list(claims.values())


def _place_claim(spec: dict[str, Any], sentence: Sentence) -> CandidateClaim:
    return CandidateClaim(kind="place", values=spec, start=sentence.start, end=sentence.end)


_PART_OF = re.compile(r"\b(?:which is )?(?:a )?part of ((?:Ukraine's |Russia's )?[A-Z][\w' ]+)")


def organization_claims(context: Context) -> list[CandidateClaim]:
    claims: dict[str, CandidateClaim] = {}
    for sentence in context.sentences:
        hits = context.organizations_in(sentence)
        for hit in hits:
            values: dict[str, Any] = {
                "name": hit.entry.name,
                "kind": hit.entry.kind,
                "country": hit.entry.country,
                "aliases": [hit.text] if hit.text != hit.entry.name else [],
            }
            part = _PART_OF.search(context.text, hit.end, sentence.end)
            if part and part.start() - hit.end < 20:
                parent = gazetteer.find(part.group(1), gazetteer.load().organizations)
                values["parent"] = parent[0].entry.name if parent else part.group(1).strip()
            if hit.entry.name not in claims or "parent" in values:
                claims[hit.entry.name] = CandidateClaim(
                    kind="organization", values=values, start=sentence.start, end=sentence.end
                )
    return sorted(claims.values(), key=lambda c: c.start)


def event_claims(context: Context, sentence: Sentence) -> list[CandidateClaim]:
    claims = []
    if _ANY_KIND.search(sentence.text):  # one search rules out most sentences
        claims = [
            c for kind, p in _KINDS if p.search(sentence.text)
            for c in _events(context, sentence, kind)
        ]  # fmt: skip
    if not claims:
        claims = _follow_up(context, sentence)
    return claims


def _events(context: Context, sentence: Sentence, kind: str) -> list[CandidateClaim]:
    if kind == "transfer":
        targets = [spec for _, _, spec in facility_specs(sentence)]
    elif kind == "recruitment_attempt":
        targets = [None]  # the places near such a verb describe the people, not the act
    else:
        place = context.place_for(sentence)
        targets = [_place_spec(place, context)] if place else [None]
    stated = context.sentence_date(sentence)
    date = stated.date if stated else None
    claims = []
    for place in targets:
        if place is None and date is None and kind in ("surrender", "capture"):
            continue  # "at the time of the surrender": a reference back, not a new event
        values: dict[str, Any] = {"kind": kind, "place": place}
        values["mediators"] = mediators(sentence)
        values["persons"] = [] if kind in _NO_PARTICIPANTS else [
            p.name for p in context.persons
            if any(sentence.start <= s < sentence.end for s, _ in p.mentions)
        ]  # fmt: skip
        if kind == "recruitment_attempt":
            values["description"] = sentence.text.split(",")[0]
        if date is not None and place is not None:
            context.tell_event(kind, place, date)
        claims.append(
            CandidateClaim(
                kind="event", values=values, start=sentence.start, end=sentence.end, date=date,
                attributed_to=context.attribution(sentence),
            )
        )  # fmt: skip
    return claims


def _follow_up(context: Context, sentence: Sentence) -> list[CandidateClaim]:
    """A mediation or a count that adds to the event last told ("2,449 left Azovstal")."""
    if not context.events_told or is_exchange(context, sentence):
        return []
    told = list(context.events_told.values())[-1]
    values: dict[str, Any] = {"kind": told.kind, "place": told.place, "date_basis": "context"}
    found = mediators(sentence)
    quantities = context.quantities_in(sentence)
    qualifier = None
    if found:
        values["mediators"] = found
    elif quantities and _measure(context, sentence, quantities[0]) == f"left {told.place['name']}":
        values["count"] = quantities[0].value
        qualifier = str(quantities[0].qualifier)
    else:
        return []
    return [
        CandidateClaim(
            kind="event", values=values, start=sentence.start, end=sentence.end,
            date=told.date, qualifier=qualifier,
        )
    ]  # fmt: skip


def _named_place(name: str) -> dict[str, Any]:
    entry = gazetteer.load().place(name)
    if entry is None:
        return {"name": name, "kind": "facility"}
    spec: dict[str, Any] = {"name": entry.name, "kind": entry.kind}
    parent = gazetteer.load().place(entry.parent) if entry.parent else None
    if parent is not None:
        spec["parent"] = {"name": parent.name, "kind": parent.kind}
    return spec


def _measure(context: Context, sentence: Sentence, quantity: Quantity) -> str | None:
    reading = read_count(context, sentence, quantity)
    return reading[0] if reading else None

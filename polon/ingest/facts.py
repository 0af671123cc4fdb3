"""Facts: one document's claims gathered per thing, in the shape `polon extract --json` prints.

Claims are the unit of review (one assertion, one evidence span). A reader of one report wants
the things instead: one exchange however many sentences describe it, every count of people with
a measure from a fixed vocabulary, one person however many times named. This module builds that
view from the claims; it adds nothing the claims do not say, so the ledger and this output
cannot disagree.
"""

from __future__ import annotations

import hashlib
from typing import Any

from polon.ingest.claims import CandidateClaim
from polon.ingest.documents import Document
from polon.ingest.extract.measures import figure_measure

Span = list[int]


def document_facts(document: Document, published: str | None, claims: list[CandidateClaim]) -> dict:
    """The JSON object `polon extract --json` prints for one document."""
    by_kind: dict[str, list[CandidateClaim]] = {}
    for claim in claims:
        by_kind.setdefault(claim.kind, []).append(claim)
    exchanges = _exchanges(by_kind.get("exchange", []))
    return {
        "source": {
            "name": document.name,
            "title": document.title,
            "publisher": document.publisher,
            "author": document.author,
            "published": published,
            "url": document.url,
            "sha256": hashlib.sha256(document.raw).hexdigest(),
            "media_type": document.media_type,
        },
        "text": document.text,
        "exchanges": exchanges,
        "figures": _figures(by_kind.get("figure", []), by_kind.get("exchange", [])),
        "persons": [_person(c) for c in by_kind.get("person", [])],
        "places": [_place(c) for c in by_kind.get("place", [])],
        "promises": [_promise(c) for c in by_kind.get("promise", [])],
        "events": [_event(c) for c in by_kind.get("event", [])],
        "organizations": [_organization(c) for c in by_kind.get("organization", [])],
    }


def _span(claim: CandidateClaim) -> Span:
    return [claim.start, claim.end]


def _exchanges(claims: list[CandidateClaim]) -> list[dict[str, Any]]:
    """One entry per swap: the document's claims of one date describe one swap."""
    merged: dict[str | None, dict[str, Any]] = {}
    for claim in claims:
        values = claim.values
        date = claim.date.iso() if claim.date else None
        entry = merged.setdefault(
            date,
            {"date": date, "returned": None, "handed_over": None, "groups": [],
             "mediators": [], "conditions": [], "evidence": []},
        )  # fmt: skip
        for key in ("returned", "handed_over"):
            if entry[key] is None and values.get(key) is not None:
                entry[key] = values[key]
        for group in values.get("groups", []):
            item = {"label": group["label"], "count": group.get("count")}
            if group.get("exchanged_for") is not None:
                item["exchanged_for"] = group["exchanged_for"]
            if item not in entry["groups"]:
                entry["groups"].append(item)
        for name in values.get("mediators", []):
            if name not in entry["mediators"]:
                entry["mediators"].append(name)
        for condition in values.get("conditions", []):
            if condition not in entry["conditions"]:
                entry["conditions"].append(condition)
        if _span(claim) not in entry["evidence"]:
            entry["evidence"].append(_span(claim))
    for entry in merged.values():
        traded = [g["exchanged_for"] for g in entry["groups"] if g.get("exchanged_for")]
        if entry["handed_over"] is None and traded:
            entry["handed_over"] = sum(traded)  # "five commanders for 55 Russian servicemen"
    return list(merged.values())


def _figures(figures: list[CandidateClaim], exchanges: list[CandidateClaim]) -> list[dict]:
    """Stated figures, then the counts exchange claims carry (returned, handed over, subgroups)."""
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()

    def add(
        claim: CandidateClaim,
        value: int | None,
        measure: str,
        group: str | None,
        as_of: str | None,
        qualifier: str | None = None,
    ) -> None:
        if value is None:
            return
        key = (value, measure, group, as_of)
        if key in seen:
            return
        seen.add(key)
        out.append(
            {"value": value, "qualifier": qualifier or "exact", "measure": measure,
             "group": group, "as_of": as_of, "attributed_to": claim.attributed_to,
             "evidence": [_span(claim)]}
        )  # fmt: skip

    for claim in figures:
        values = claim.values
        measure = figure_measure(values["measure"])
        add(claim, values["value"], measure, values.get("group"), values.get("as_of"),
            claim.qualifier)  # fmt: skip
    for claim in exchanges:
        values = claim.values
        date = claim.date.iso() if claim.date else None
        summed = values.get("summed", [])  # "185 servicemen and 20 civilians": 205 unstated
        if "returned" not in summed:
            add(claim, values.get("returned"), "returned", values.get("returned_group"), date,
                claim.qualifier)  # fmt: skip
        if "handed_over" not in summed:
            add(claim, values.get("handed_over"), "handed_over", values.get("handed_over_group"),
                date)  # fmt: skip
        for group in values.get("groups", []):
            add(claim, group.get("count"), "returned", group["label"], date)
            add(claim, group.get("exchanged_for"), "handed_over", None, date)
        for group in values.get("handed_over_groups", []):
            add(claim, group.get("count"), "handed_over", group["label"], date)
    return out


def _person(claim: CandidateClaim) -> dict[str, Any]:
    values = claim.values
    titles = [t for t in (values.get("rank"), values.get("position")) if t]
    mentions = values.get("mentions") or [_span(claim)]
    return {
        "name": values["name"],
        "titles": titles,
        "call_sign": values.get("call_sign"),
        "affiliation": values.get("organization"),
        "status": values.get("status"),
        "variants": values.get("variants", []),
        "evidence": [list(m) for m in mentions],
    }


def _place(claim: CandidateClaim) -> dict[str, Any]:
    values = claim.values
    parent = values.get("parent")
    return {
        "name": values["name"],
        "kind": values.get("kind"),
        "occupied": values.get("occupied"),
        "parent": parent.get("name") if parent else None,
        "evidence": [_span(claim)],
    }


def _promise(claim: CandidateClaim) -> dict[str, Any]:
    values = claim.values
    window = [values.get("deadline_from"), values.get("deadline_to")]
    return {
        "by": values.get("made_by"),
        "to": values.get("made_to"),
        "made_on": values.get("made_on"),
        "content": values.get("content"),
        "deadline": values.get("deadline_to") or values.get("deadline_from"),
        "deadline_window": window if any(window) else None,
        "outcome": values.get("outcome"),
        "evidence": [_span(claim)],
    }


def _event(claim: CandidateClaim) -> dict[str, Any]:
    values = claim.values
    place = values.get("place")
    return {
        "kind": values.get("kind"),
        "date": claim.date.iso() if claim.date else None,
        "count": values.get("count"),
        "place": place.get("name") if place else None,
        "mediators": values.get("mediators", []),
        "evidence": [_span(claim)],
    }


def _organization(claim: CandidateClaim) -> dict[str, Any]:
    values = claim.values
    return {
        "name": values["name"],
        "kind": values.get("kind"),
        "country": values.get("country"),
        "evidence": [_span(claim)],
    }

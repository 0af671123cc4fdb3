"""Read queries shared by the CLI, the web pages and the API.

Each returns plain JSON-ready dicts, so one function serves a table on the terminal, an HTML
page and ``--json`` output alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polon.ledger.build.common import supporting_claims
from polon.ledger.models import (
    Claim,
    Discrepancy,
    DiscrepancyClaim,
    Event,
    Exchange,
    Figure,
    Organization,
    Person,
    Place,
    Promise,
    Source,
)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _fuzzy(value: dt.date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    return {"year": value.strftime("%Y"), "month": value.strftime("%Y-%m")}.get(
        precision or "day", value.isoformat()
    )


def source_ref(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "name": source.name,
        "url": source.url,
        "published": _fuzzy(source.published_on, source.published_precision),
    }


def claim_ref(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "source_id": claim.source_id,
        "state": claim.state,
        "evidence": claim.evidence,
        "span": [claim.evidence_start, claim.evidence_end],
    }


def _evidence(session: Session, entity: Any) -> dict[str, Any]:
    claims = supporting_claims(session, entity)
    sources = {c.source_id: c.source for c in claims}
    return {
        "sources": [source_ref(s) for s in sources.values()],
        "claims": [claim_ref(c) for c in claims],
    }


def sources(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(select(Claim.source_id, func.count()).group_by(Claim.source_id)).all()
    )
    rows = []
    for source in session.scalars(select(Source).order_by(Source.id)):
        row = source_ref(source)
        row.update(
            kind=source.kind,
            sha256=source.sha256,
            reliability=source.reliability,
            credibility=source.credibility,
            claims=counts.get(source.id, 0),
            ingested_at=_iso(source.ingested_at),
        )
        rows.append(row)
    return rows


def claims(
    session: Session, state: str | None = None, source_id: int | None = None
) -> list[dict[str, Any]]:
    query = select(Claim).order_by(Claim.id)
    if state:
        query = query.where(Claim.state == state)
    if source_id is not None:
        query = query.where(Claim.source_id == source_id)
    return [
        {
            **claim_ref(claim),
            "kind": claim.kind,
            "values": claim.values,
            "date": _fuzzy(claim.date, claim.date_precision),
            "qualifier": claim.qualifier,
            "attributed_to": claim.attributed_to,
        }
        for claim in session.scalars(query)
    ]


def exchanges(session: Session) -> list[dict[str, Any]]:
    rows = []
    for exchange in session.scalars(select(Exchange).order_by(Exchange.date, Exchange.id)):
        rows.append(
            {
                "id": exchange.id,
                "date": _fuzzy(exchange.date, exchange.date_precision),
                "returned": exchange.returned,
                "handed_over": exchange.handed_over,
                "mediators": exchange.mediators,
                "groups": [
                    {
                        "label": g.label,
                        "count": g.count,
                        "exchanged_for": g.exchanged_for,
                        "source": source_ref(g.claim.source),
                        "claim_id": g.claim_id,
                    }
                    for g in exchange.groups
                ],
                "conditions": [
                    {"text": c.text, "outcome": c.outcome, "note": c.outcome_note}
                    for c in exchange.conditions
                ],
                **_evidence(session, exchange),
            }
        )
    return rows


def figures(session: Session) -> list[dict[str, Any]]:
    query = select(Figure).order_by(
        Figure.measure, Figure.as_of.is_(None), Figure.as_of, Figure.group_label, Figure.id
    )
    return [
        {
            "id": f.id,
            "value": f.value,
            "qualifier": f.qualifier,
            "measure": f.measure,
            "group": f.group_label,
            "as_of": _fuzzy(f.as_of, f.as_of_precision),
            "attributed_to": f.attributed_to,
            **_evidence(session, f),
        }
        for f in session.scalars(query)
    ]


def persons(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "rank": p.rank,
            "position": p.position,
            "call_sign": p.call_sign,
            "status": p.status,
            "organization": p.organization.name if p.organization else None,
            "variants": [v.text for v in p.variants],
            **_evidence(session, p),
        }
        for p in session.scalars(select(Person).order_by(Person.name))
    ]


def organizations(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "country": o.country,
            "parent": o.parent.name if o.parent else None,
            "aliases": o.aliases,
            **_evidence(session, o),
        }
        for o in session.scalars(select(Organization).order_by(Organization.name))
    ]


def places(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "occupied": p.occupied,
            "within": p.parent.name if p.parent else None,
            **_evidence(session, p),
        }
        for p in session.scalars(select(Place).order_by(Place.kind, Place.name))
    ]


def events(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "date": _fuzzy(e.date, e.date_precision),
            "place": e.place.name if e.place else None,
            "count": e.count,
            "qualifier": e.qualifier,
            "mediators": e.mediators,
            "description": e.description,
            **_evidence(session, e),
        }
        for e in session.scalars(select(Event).order_by(Event.date, Event.id))
    ]


def promises(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "made_by": p.made_by,
            "made_to": p.made_to,
            "made_on": _fuzzy(p.made_on, p.made_precision),
            "content": p.content,
            "deadline": {"from": _iso(p.deadline_from), "to": _iso(p.deadline_to)},
            "outcome": p.outcome,
            "outcome_note": p.outcome_note,
            **_evidence(session, p),
        }
        for p in session.scalars(select(Promise).order_by(Promise.made_on, Promise.id))
    ]


def discrepancies(session: Session) -> list[dict[str, Any]]:
    rows = []
    for d in session.scalars(select(Discrepancy).order_by(Discrepancy.id)):
        linked = session.scalars(
            select(Claim)
            .join(DiscrepancyClaim, DiscrepancyClaim.claim_id == Claim.id)
            .where(DiscrepancyClaim.discrepancy_id == d.id)
            .order_by(Claim.id)
        )
        rows.append(
            {
                "id": d.id,
                "kind": d.kind,
                "subject": d.subject,
                "description": d.description,
                "status": d.status,
                "claims": [{**claim_ref(c), "source": source_ref(c.source)} for c in linked],
            }
        )
    return rows

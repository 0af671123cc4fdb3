"""Read queries shared by the CLI, the web pages and the API.

Each returns plain JSON-ready dicts, so one function serves a table on the terminal, an HTML
page and ``--json`` output alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from polon.ledger.models import (
    Claim,
    ClaimLink,
    Discrepancy,
    DiscrepancyClaim,
    Event,
    Exchange,
    ExchangeGroup,
    Figure,
    Organization,
    Person,
    Place,
    Promise,
    Source,
    User,
)


@dataclass(frozen=True)
class Window:
    """One page of a list: the web pages and the API page through long lists the same way."""

    limit: int = 50
    offset: int = 0


def windowed(query: Select, window: Window | None) -> Select:
    return query if window is None else query.limit(window.limit).offset(window.offset)


def count(session: Session, query: Select) -> int:
    """How many rows ``query`` would give without a window: the ``total`` of a page."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def fuzzy(value: dt.date | None, precision: str | None) -> str | None:
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
        "published": fuzzy(source.published_on, source.published_precision),
    }


def claim_ref(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "source_id": claim.source_id,
        "state": claim.state,
        "evidence": claim.evidence,
        "span": [claim.evidence_start, claim.evidence_end],
    }


class Evidence:
    """The claims and sources behind every entity of one list, loaded in one query.

    Asking per entity would cost a query per row; a list of persons or figures is read in
    two queries whatever its length.
    """

    def __init__(self, session: Session, entities: list[Any]) -> None:
        self._by_id: dict[int, list[Claim]] = {}
        if not entities:
            return
        table = type(entities[0]).__tablename__
        rows = session.execute(
            select(ClaimLink.entity_id, Claim)
            .join(Claim, Claim.id == ClaimLink.claim_id)
            .options(joinedload(Claim.source))
            .where(ClaimLink.entity_type == table)
            .where(ClaimLink.entity_id.in_([e.id for e in entities]))
            .order_by(Claim.id)
        )
        for entity_id, claim in rows:
            self._by_id.setdefault(entity_id, []).append(claim)

    def __call__(self, entity: Any) -> dict[str, Any]:
        claims = self._by_id.get(entity.id, [])
        sources = {c.source_id: c.source for c in claims}
        return {
            "sources": [source_ref(s) for s in sources.values()],
            "claims": [claim_ref(c) for c in claims],
        }


def sources(
    session: Session, window: Window | None = None, kinds: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    found = list(
        session.scalars(
            windowed(source_query(kinds), window).options(defer(Source.raw), defer(Source.text))
        )
    )
    counts = dict(
        session.execute(
            select(Claim.source_id, func.count())
            .where(Claim.source_id.in_([s.id for s in found]))
            .group_by(Claim.source_id)
        ).all()
    )
    rows = []
    for source in found:
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


def source_query(kinds: Iterable[str] | None = None) -> Select:
    query = select(Source).order_by(Source.id)
    return query if kinds is None else query.where(Source.kind.in_(list(kinds)))


def claim_row(claim: Claim) -> dict[str, Any]:
    return {
        **claim_ref(claim),
        "kind": claim.kind,
        "values": claim.values,
        "date": fuzzy(claim.date, claim.date_precision),
        "date_precision": claim.date_precision,
        "qualifier": claim.qualifier,
        "attributed_to": claim.attributed_to,
        "version": claim.version,
    }


def claim_query(state: str | None = None, source_id: int | None = None) -> Select:
    query = select(Claim).order_by(Claim.id)
    if state:
        query = query.where(Claim.state == state)
    if source_id is not None:
        query = query.where(Claim.source_id == source_id)
    return query


def claims(
    session: Session,
    state: str | None = None,
    source_id: int | None = None,
    window: Window | None = None,
) -> list[dict[str, Any]]:
    query = claim_query(state, source_id).options(joinedload(Claim.source))
    return [claim_row(claim) for claim in session.scalars(windowed(query, window))]


def claim(session: Session, claim_id: int) -> dict[str, Any] | None:
    found = session.get(Claim, claim_id)
    return claim_row(found) if found is not None else None


def exchanges(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    rows = []
    found = list(
        session.scalars(
            windowed(
                select(Exchange)
                .options(
                    selectinload(Exchange.groups)
                    .joinedload(ExchangeGroup.claim)
                    .joinedload(Claim.source),
                    selectinload(Exchange.conditions),
                )
                .order_by(Exchange.date, Exchange.id),
                window,
            )
        )
    )
    evidence = Evidence(session, found)
    for exchange in found:
        rows.append(
            {
                "id": exchange.id,
                "date": fuzzy(exchange.date, exchange.date_precision),
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
                **evidence(exchange),
            }
        )
    return rows


def figures(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    query = select(Figure).order_by(
        Figure.measure, Figure.as_of.is_(None), Figure.as_of, Figure.group_label, Figure.id
    )
    found = list(session.scalars(windowed(query, window)))
    evidence = Evidence(session, found)
    return [
        {
            "id": f.id,
            "value": f.value,
            "qualifier": f.qualifier,
            "measure": f.measure,
            "group": f.group_label,
            "as_of": fuzzy(f.as_of, f.as_of_precision),
            "attributed_to": f.attributed_to,
            **evidence(f),
        }
        for f in found
    ]


def persons(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    found = list(
        session.scalars(
            windowed(
                select(Person)
                .where(Person.merged_into.is_(None))  # a merged person shows as the one it joined
                .options(selectinload(Person.variants), joinedload(Person.organization))
                .order_by(Person.name, Person.id),
                window,
            )
        )
    )
    evidence = Evidence(session, found)
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
            **evidence(p),
        }
        for p in found
    ]


def organizations(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    found = list(
        session.scalars(
            windowed(
                select(Organization)
                .options(joinedload(Organization.parent))
                .order_by(Organization.name),
                window,
            )
        )
    )
    evidence = Evidence(session, found)
    return [
        {
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "country": o.country,
            "parent": o.parent.name if o.parent else None,
            "aliases": o.aliases,
            **evidence(o),
        }
        for o in found
    ]


def places(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    found = list(
        session.scalars(
            windowed(
                select(Place).options(joinedload(Place.parent)).order_by(Place.kind, Place.name),
                window,
            )
        )
    )
    evidence = Evidence(session, found)
    return [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "occupied": p.occupied,
            "within": p.parent.name if p.parent else None,
            **evidence(p),
        }
        for p in found
    ]


def events(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    found = list(
        session.scalars(
            windowed(
                select(Event).options(joinedload(Event.place)).order_by(Event.date, Event.id),
                window,
            )
        )
    )
    evidence = Evidence(session, found)
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "date": fuzzy(e.date, e.date_precision),
            "place": e.place.name if e.place else None,
            "count": e.count,
            "qualifier": e.qualifier,
            "mediators": e.mediators,
            "description": e.description,
            **evidence(e),
        }
        for e in found
    ]


def promises(session: Session, window: Window | None = None) -> list[dict[str, Any]]:
    query = select(Promise).order_by(Promise.made_on, Promise.id)
    found = list(session.scalars(windowed(query, window)))
    evidence = Evidence(session, found)
    return [
        {
            "id": p.id,
            "made_by": p.made_by,
            "made_to": p.made_to,
            "made_on": fuzzy(p.made_on, p.made_precision),
            "content": p.content,
            "deadline": {"from": _iso(p.deadline_from), "to": _iso(p.deadline_to)},
            "outcome": p.outcome,
            "outcome_note": p.outcome_note,
            **evidence(p),
        }
        for p in found
    ]


def discrepancy_query(status: str | None = None) -> Select:
    """Discrepancies, oldest first, with the name of who resolved each (None while open)."""
    query = (
        select(Discrepancy, User.name)
        .outerjoin(User, User.id == Discrepancy.resolved_by)
        .order_by(Discrepancy.id)
    )
    return query if status is None else query.where(Discrepancy.status == status)


def discrepancies(
    session: Session, window: Window | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """``status``: "open" or "resolved" only; None lists both."""
    rows = []
    for d, resolver in session.execute(windowed(discrepancy_query(status), window)):
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
                "resolution": d.resolution,
                "resolved_at": _iso(d.resolved_at and d.resolved_at.replace(microsecond=0)),
                "resolved_by": resolver,
                "claims": [{**claim_ref(c), "source": source_ref(c.source)} for c in linked],
            }
        )
    return rows


_COUNTED: dict[str, Any] = {
    "exchanges": Exchange.id,
    "figures": Figure.id,
    "organizations": Organization.id,
    "places": Place.id,
    "events": Event.id,
    "promises": Promise.id,
    "discrepancies": Discrepancy.id,
}


def total(session: Session, table: str) -> int:
    """The number of rows a list of ``table`` has, for a page's ``total``."""
    if table == "persons":
        return count(session, select(Person.id).where(Person.merged_into.is_(None)))
    return count(session, select(_COUNTED[table]))

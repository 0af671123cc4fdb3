"""What the dashboard shows, as one read: people held over time, exchanges, latest figures.

The web page, its charts and ``/api/v1/dashboard`` all take this one dict, so the chart a
journalist sees and the JSON a script reads cannot disagree. Every point keeps its source and
qualifier: "more than 2,500" is drawn as such, and points in an open discrepancy are marked
rather than dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from polon.ledger.models import (
    AuditEntry,
    Claim,
    ClaimLink,
    Discrepancy,
    DiscrepancyClaim,
    Exchange,
    Figure,
    Source,
)
from polon.ledger.queries import fuzzy

HELD = "held"
# Reads and exports are audited too, but they change nothing the dashboard shows.
_READS = ("view_personal", "export", "token_issue", "login")


def revision(session: Session) -> int:
    """The id of the last change to the ledger's content: a cache key for derived views."""
    last = session.scalar(
        select(AuditEntry.id)
        .where(AuditEntry.action.not_in(_READS))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return last or 0


def _first_sources(session: Session, table: str, ids: Select) -> dict[int, dict[str, Any]]:
    """For each entity, its earliest source (id, name) and whether an open discrepancy names it.

    ``ids`` is a subquery, not a list: tens of thousands of figures would overflow SQLite's
    limit on bound parameters.
    """
    found: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(ClaimLink.entity_id, Source.id, Source.publisher, Source.title, Source.name)
        .join(Claim, Claim.id == ClaimLink.claim_id)
        .join(Source, Source.id == Claim.source_id)
        .where(ClaimLink.entity_type == table, ClaimLink.entity_id.in_(ids))
        .order_by(Claim.id)
    )
    cited: dict[int, set[int]] = {}  # one report may support an entity with several claims
    for entity_id, source_id, publisher, title, name in rows:
        found.setdefault(entity_id, {"source_id": source_id, "source": publisher or title or name})
        cited.setdefault(entity_id, set()).add(source_id)
    for entity_id, sources in cited.items():
        found[entity_id]["sources"] = len(sources)
    disputed = session.scalars(
        select(ClaimLink.entity_id)
        .join(DiscrepancyClaim, DiscrepancyClaim.claim_id == ClaimLink.claim_id)
        .join(Discrepancy, Discrepancy.id == DiscrepancyClaim.discrepancy_id)
        .where(ClaimLink.entity_type == table, ClaimLink.entity_id.in_(ids))
        .where(Discrepancy.status == "open")
    )
    for entity_id in disputed:
        found.setdefault(entity_id, {"sources": 0})["discrepancy"] = True
    return found


def dashboard(session: Session, today: dt.date | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    held = select(Figure).where(Figure.measure == HELD)
    figures = list(session.scalars(held.order_by(Figure.as_of.is_(None), Figure.as_of, Figure.id)))
    cited = _first_sources(session, "figures", held.with_only_columns(Figure.id))
    points = [
        {
            "id": f.id,
            "value": f.value,
            "qualifier": f.qualifier,
            "group": f.group_label,
            "as_of": fuzzy(f.as_of, f.as_of_precision),
            "attributed_to": f.attributed_to,
            "source_id": cited.get(f.id, {}).get("source_id"),
            "source": cited.get(f.id, {}).get("source"),
            "sources": cited.get(f.id, {}).get("sources", 0),
            "discrepancy": cited.get(f.id, {}).get("discrepancy", False),
        }
        for f in figures
    ]
    latest: dict[str, dict[str, Any]] = {}
    for point, figure in zip(points, figures, strict=True):
        if figure.as_of is not None:  # ordered by date, so the last one seen is the latest
            latest[point["group"]] = point
    exchanges = list(session.scalars(select(Exchange).order_by(Exchange.date, Exchange.id)))
    exchange_sources = _first_sources(session, "exchanges", select(Exchange.id))
    total, swaps = 0, []
    for exchange in exchanges:
        total += exchange.returned or 0
        swaps.append(
            {
                "id": exchange.id,
                "date": fuzzy(exchange.date, exchange.date_precision),
                "returned": exchange.returned,
                "cumulative": total,
                "source": exchange_sources.get(exchange.id, {}).get("source"),
                "sources": exchange_sources.get(exchange.id, {}).get("sources", 0),
            }
        )
    dated = [e.date for e in exchanges if e.date is not None and e.date <= today]
    last = max(dated) if dated else None
    return {
        "as_of": today.isoformat(),
        "held": points,
        "latest": sorted(latest.values(), key=lambda p: (-p["value"], p["group"])),
        "exchanges": swaps,
        "returned_total": total,
        "last_exchange": last.isoformat() if last else None,
        "days_since_last_exchange": (today - last).days if last else None,
    }

"""What every builder needs: linking evidence, auditing changes, recording discrepancies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ingest.dates import FuzzyDate
from polon.ledger import audit
from polon.ledger.models import Base, Claim, ClaimLink, Discrepancy, DiscrepancyClaim


def iso_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """A claim value's ISO date ("2022-09", …) as (first day, precision)."""
    if not value:
        return (None, None)
    fuzzy = FuzzyDate.from_iso(value)
    return (fuzzy.value, str(fuzzy.precision))


def link(session: Session, claim: Claim, entity: Base, role: str | None = None) -> None:
    """Record that ``claim`` supports ``entity`` (idempotent).

    A claim gains links only in the transaction that accepts it (acceptance happens once),
    so remembering this transaction's links is enough to avoid duplicates.
    """
    if entity.id is None:
        session.flush()
    key = (claim.id, type(entity).__tablename__, entity.id)
    made = session.info.setdefault("claim_links", set())
    if key in made:
        return
    made.add(key)
    session.add(ClaimLink(claim_id=key[0], entity_type=key[1], entity_id=key[2], role=role))


def create(session: Session, entity: Base, claim: Claim, user_id: int | None) -> Base:
    session.add(entity)
    session.flush()
    audit.record(session, user_id, "create", entity)
    link(session, claim, entity)
    return entity


def upsert(
    session: Session,
    claim: Claim,
    user_id: int | None,
    found: Base | None,
    new: Callable[[], Base],
    fields: dict[str, Any],
) -> Base:
    """The entity ``found``, or ``new()`` when nothing was; either way ``claim`` supports it.

    A new entity gets ``fields`` before its creation is audited; an existing one gets only
    those it lacks (see ``fill``), and the change is audited when there is one.
    """
    if found is None:
        entity = new()
        fill(entity, fields)
        return create(session, entity, claim, user_id)
    with updating(session, found, user_id):
        fill(found, fields)
    link(session, claim, found)
    return found


@contextmanager
def updating(session: Session, entity: Base, user_id: int | None) -> Iterator[None]:
    """Audit whatever the body changes on ``entity``; no entry when nothing changed."""
    before = audit.snapshot(entity)
    yield
    after = audit.snapshot(entity)
    if after != before:
        audit.record(session, user_id, "update", entity, before=before, after=after)


def fill(entity: Base, values: dict[str, Any]) -> list[str]:
    """Set attributes that are still empty; return the names whose stated value differs."""
    conflicts = []
    for name, value in values.items():
        if value is None or value == [] or value == "":
            continue
        current = getattr(entity, name)
        if current is None or current == [] or current == "":
            setattr(entity, name, value)
        elif current != value:
            conflicts.append(name)
    return conflicts


def flag(
    session: Session,
    kind: str,
    subject: str,
    description: str,
    claim_ids: list[int],
    user_id: int | None,
) -> Discrepancy | None:
    """Open a discrepancy between ``claim_ids`` unless the same one is already open."""
    wanted = set(claim_ids)
    for existing in session.scalars(
        select(Discrepancy).where(Discrepancy.kind == kind, Discrepancy.subject == subject)
    ):
        linked = set(
            session.scalars(
                select(DiscrepancyClaim.claim_id).where(
                    DiscrepancyClaim.discrepancy_id == existing.id
                )
            )
        )
        if wanted <= linked:
            return None
    discrepancy = Discrepancy(kind=kind, subject=subject, description=description)
    session.add(discrepancy)
    session.flush()
    session.add_all(
        DiscrepancyClaim(discrepancy_id=discrepancy.id, claim_id=claim_id) for claim_id in wanted
    )
    audit.record(session, user_id, "create", discrepancy)
    return discrepancy


def union(existing: list[Any] | None, added: list[Any]) -> list[Any]:
    """``existing`` followed by what ``added`` brings that is new, in order."""
    return list(dict.fromkeys([*(existing or []), *added]))


def disputed_by(session: Session, entity: Base, claim: Claim) -> list[int]:
    """The claims behind ``entity`` and the new ``claim`` that disagrees with them."""
    return [c.id for c in supporting_claims(session, entity)] + [claim.id]


def supporting_claims(session: Session, entity: Base) -> list[Claim]:
    return list(
        session.scalars(
            select(Claim)
            .join(ClaimLink, ClaimLink.claim_id == Claim.id)
            .where(
                ClaimLink.entity_type == type(entity).__tablename__,
                ClaimLink.entity_id == entity.id,
            )
            .order_by(Claim.id)
        )
    )

"""Reviewing claims: a decision is recorded beside the claim, never in place of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.build import apply_claim
from polon.ledger.models import Claim, ClaimState, utcnow


class ReviewError(ValueError):
    """A decision that cannot be made (unknown claim, already decided the other way)."""


@dataclass
class Decided:
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    entities: list[tuple[str, int]] = field(default_factory=list)


def _load(session: Session, claim_ids: Iterable[int]) -> list[Claim]:
    ids = list(dict.fromkeys(claim_ids))
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))}
    missing = [i for i in ids if i not in claims]
    if missing:
        raise ReviewError(f"no claim with id {', '.join(map(str, missing))}")
    return [claims[i] for i in ids]


def decide(
    session: Session, claim_ids: Iterable[int], state: ClaimState, user_id: int | None
) -> Decided:
    """Accept or reject claims; accepting builds the ledger entities they support.

    A claim already in the wanted state is left alone, so repeating a command is harmless.
    Accepted claims cannot be rejected here (their entities would lose support silently);
    that needs an explicit retraction, which the review workflow will add.
    """
    result = Decided()
    for claim in sorted(_load(session, claim_ids), key=_build_order):
        if claim.state == state:
            result.unchanged.append(claim.id)
            continue
        if claim.state == ClaimState.ACCEPTED:
            raise ReviewError(f"claim {claim.id} is already accepted; it cannot be {state}")
        before = audit.snapshot(claim)
        claim.state = state
        claim.decided_by = user_id
        claim.decided_at = utcnow()
        action = "accept" if state == ClaimState.ACCEPTED else "reject"
        audit.record(session, user_id, action, claim, before)
        if state == ClaimState.ACCEPTED:
            for entity in apply_claim(session, claim, user_id):
                result.entities.append((type(entity).__tablename__, entity.id))
            session.flush()  # the next claim's lookups must see what this one built
        result.changed.append(claim.id)
    return result


# Entities that others refer to are built first, so an event finds the persons it names.
_ORDER = [
    "organization", "place", "exchange", "person", "note", "event", "promise", "figure",
]  # fmt: skip


def _build_order(claim: Claim) -> tuple[int, int]:
    rank = _ORDER.index(claim.kind) if claim.kind in _ORDER else len(_ORDER)
    return (rank, claim.id)


def proposed_ids(session: Session, source_ids: Iterable[int] | None = None) -> list[int]:
    """Claims still awaiting a decision, in the order they were found."""
    query = select(Claim.id).where(Claim.state == ClaimState.PROPOSED).order_by(Claim.id)
    if source_ids is not None:
        query = query.where(Claim.source_id.in_(list(source_ids)))
    return list(session.scalars(query))

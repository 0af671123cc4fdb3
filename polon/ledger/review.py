"""Reviewing claims: a decision is recorded beside the claim, never in place of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.build import apply_claim
from polon.ledger.models import (
    DATE_PRECISIONS,
    QUALIFIER_WORDS,
    Claim,
    ClaimState,
    Source,
    utcnow,
)
from polon.ledger.queries import Window, count, windowed


class ReviewError(ValueError):
    """A decision that cannot be made (unknown claim, already decided the other way)."""


class StaleEdit(ReviewError):
    """The claim changed since the reviewer loaded it; their change was not applied."""

    def __init__(self, claim_id: int | None, current: int | None = None) -> None:
        what = f"claim {claim_id}" if claim_id is not None else "a claim"
        now = f" (now at version {current})" if current is not None else ""
        super().__init__(f"{what} changed since you loaded it{now}; reload it and try again")
        self.claim_id, self.current = claim_id, current


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
    session: Session,
    claim_ids: Iterable[int],
    state: ClaimState,
    user_id: int | None,
    versions: dict[int, int] | None = None,
) -> Decided:
    """Accept or reject claims; accepting builds the ledger entities they support.

    A claim already in the wanted state is left alone, so repeating a command is harmless.
    Accepted claims cannot be rejected here (their entities would lose support silently);
    that needs an explicit retraction, which the review workflow will add. ``versions`` are
    the versions the reviewer saw: if any claim changed since, nothing is decided.
    """
    result = Decided()
    claims = _load(session, claim_ids)
    for claim in claims:
        _check_version(claim, (versions or {}).get(claim.id))
    for claim in sorted(claims, key=_build_order):
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
        session.flush()  # writes the new version (or fails as stale) before the log says so
        audit.record(session, user_id, action, claim, before)
        if state == ClaimState.ACCEPTED:
            for entity in apply_claim(session, claim, user_id):
                result.entities.append((type(entity).__tablename__, entity.id))
            session.flush()  # the next claim's lookups must see what this one built
        result.changed.append(claim.id)
    return result


def _check_version(claim: Claim, expected: int | None) -> None:
    if expected is not None and claim.version != expected:
        raise StaleEdit(claim.id, claim.version)


EDITABLE = ("values", "date", "date_precision", "qualifier", "attributed_to")


def edit(
    session: Session, claim_id: int, version: int, changes: dict[str, Any], user_id: int | None
) -> Claim:
    """Correct a proposed claim before it is decided (a misread number, a wrong date).

    An accepted claim has already built entities, so it is not edited in place: reject-and-
    re-enter keeps the trail honest. ``version`` is the one the editor saw; a newer one wins.
    """
    (claim,) = _load(session, [claim_id])
    _check_version(claim, version)
    if claim.state != ClaimState.PROPOSED:
        raise ReviewError(f"claim {claim.id} is {claim.state}; only proposed claims can be edited")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    before = audit.snapshot(claim)
    for name, value in _validated(changes).items():
        setattr(claim, name, value)
    session.flush()  # the UPDATE names the version read and bumps it: "after" holds the new one
    audit.record(session, user_id, "edit", claim, before)
    return claim


def _validated(changes: dict[str, Any]) -> dict[str, Any]:
    """Check each field's type here, so a bad edit is a ReviewError naming the field,
    not a database error after half the fields were set."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "values" and not isinstance(value, dict):
            raise ReviewError("values: must be an object of the claim's fields")
        if name == "date" and value is not None:
            try:
                value = dt.date.fromisoformat(str(value))
            except ValueError:
                raise ReviewError(f"date: {value!r} is not a date like 2022-09-21") from None
        if name == "date_precision" and value not in (None, *DATE_PRECISIONS):
            raise ReviewError(f"date_precision: one of {', '.join(DATE_PRECISIONS)}")
        if name == "qualifier" and value not in (None, *QUALIFIER_WORDS):
            raise ReviewError(f"qualifier: one of {', '.join(QUALIFIER_WORDS)}")
        if name == "attributed_to" and value is not None:
            value = str(value).strip()[:300] or None
        out[name] = value
    return out


# Entities that others refer to are built first, so an event finds the persons it names.
_ORDER = [
    "organization", "place", "exchange", "person", "note", "event", "promise", "figure",
]  # fmt: skip


def _build_order(claim: Claim) -> tuple[int, int]:
    rank = _ORDER.index(claim.kind) if claim.kind in _ORDER else len(_ORDER)
    return (rank, claim.id)


def waiting_sources(session: Session, window: Window) -> tuple[list[dict[str, Any]], int]:
    """Sources with claims still to decide, oldest first, with how many wait; and the total."""
    waiting = (
        select(
            Source.id,
            Source.name,
            Source.title,
            Source.publisher,
            Source.kind,
            func.count(Claim.id).label("proposed"),
        )  # fmt: skip
        .join(Claim, Claim.source_id == Source.id)
        .where(Claim.state == ClaimState.PROPOSED)
        .group_by(Source.id, Source.name, Source.title, Source.publisher, Source.kind)
        .order_by(Source.id)
    )
    rows = session.execute(windowed(waiting, window)).all()
    return [dict(r._mapping) for r in rows], count(session, waiting)


def proposed_ids(session: Session, source_ids: Iterable[int] | None = None) -> list[int]:
    """Claims still awaiting a decision, in the order they were found."""
    query = select(Claim.id).where(Claim.state == ClaimState.PROPOSED).order_by(Claim.id)
    if source_ids is not None:
        query = query.where(Claim.source_id.in_(list(source_ids)))
    return list(session.scalars(query))

"""Places: facilities inside settlements inside regions, each created once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.build.common import upsert
from polon.ledger.models import Claim, Place


def ensure_place(
    session: Session, claim: Claim, user_id: int | None, spec: dict[str, Any]
) -> Place:
    """The place described by ``spec`` (name, kind, occupied, parent), created if new."""
    parent_id = None
    if spec.get("parent"):
        parent_id = ensure_place(session, claim, user_id, spec["parent"]).id
    place = session.scalar(
        select(Place).where(Place.name == spec["name"], Place.kind == spec["kind"])
    )
    fields = {"occupied": spec.get("occupied"), "parent_id": parent_id}
    return upsert(
        session, claim, user_id, place, lambda: Place(name=spec["name"], kind=spec["kind"]), fields
    )


def build_place(session: Session, claim: Claim, user_id: int | None) -> list[Place]:
    return [ensure_place(session, claim, user_id, claim.values)]

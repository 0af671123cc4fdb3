"""The append-only audit log.

Entries are added to the caller's session so they commit or roll back with the change they
describe; there is no separate "log later" path that could record a change that never happened
or miss one that did.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from polon.ledger.models import AuditEntry, Base, User
from polon.ledger.queries import Window, count, windowed


def snapshot(entity: Base) -> dict[str, Any]:
    """The entity's column values as JSON-ready data (raw bytes are summarised)."""
    data: dict[str, Any] = {}
    for column in inspect(entity).mapper.column_attrs:
        value = getattr(entity, column.key)
        if isinstance(value, bytes):
            value = f"<{len(value)} bytes>"
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        data[column.key] = value
    return data


def entries(session: Session, window: Window) -> tuple[list[dict[str, Any]], int]:
    """Newest first: who did what to which record, with the values before and after; and
    how many entries there are."""
    listing = (
        select(AuditEntry, User.name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .order_by(AuditEntry.id.desc())
    )
    items = [
        {
            "id": e.id,
            "at": e.at.isoformat(timespec="seconds"),
            "user": name,
            "action": e.action,
            "entity_type": e.entity_type,
            "entity_id": e.entity_id,
            "before": e.before,
            "after": e.after,
        }
        for e, name in session.execute(windowed(listing, window))
    ]
    return items, count(session, select(AuditEntry.id))


def record(
    session: Session,
    user_id: int | None,
    action: str,
    entity: Base,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry; ``after`` defaults to the entity as it is now."""
    if getattr(entity, "id", None) is None:
        session.flush()  # the entry names the entity by id
    entry = AuditEntry(
        user_id=user_id,
        action=action,
        entity_type=type(entity).__tablename__,
        entity_id=getattr(entity, "id", None),
        before=before,
        after=snapshot(entity) if after is None else after,
    )
    session.add(entry)
    return entry

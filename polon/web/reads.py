"""The reads behind every page and its API twin, with the role rule applied once.

A page renders what one of these returns and ``/api/v1/…`` serialises the same dict, so a
viewer cannot see on one what the other hides. The person rule itself lives in
``polon.registry.views``; here sources are filtered the same way (a viewer reads published
articles and statements, never lists, PFIF files or testimony).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger import queries
from polon.ledger.accounts import Principal
from polon.ledger.audit import entries
from polon.ledger.dashboard import dashboard, revision
from polon.ledger.ledger import Ledger
from polon.ledger.models import Source
from polon.ledger.review import waiting_sources
from polon.registry.registry import Registry
from polon.registry.views import PUBLISHED, PersonNotFound, person_record, sees_personal

LISTS = ("exchanges", "figures", "promises", "places")  # discrepancies: see ``discrepancies``


class NotFound(LookupError):
    pass


@dataclass
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def as_json(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit,
                "offset": self.offset}  # fmt: skip


def _kinds(principal: Principal) -> frozenset[str] | None:
    return None if sees_personal(principal.role) else PUBLISHED


def entity_list(ledger: Ledger, table: str, window: queries.Window) -> Page:
    """One page of exchanges, figures, promises, places or discrepancies: aggregate facts
    that every role may read."""
    reader = getattr(queries, table)
    with ledger._sessions() as session:
        items = reader(session, window)
        return Page(items, queries.total(session, table), window.limit, window.offset)


def discrepancies(
    ledger: Ledger, principal: Principal | None, status: str | None, window: queries.Window
) -> Page:
    """One page of discrepancies, all or only "open" or "resolved" ones, with who resolved
    each and why. Every role reads them: subjects name persons by id only, and a viewer gets
    a claim's evidence only from published sources (a list row is a person's data)."""
    kinds = _kinds(principal) if principal is not None else PUBLISHED
    with ledger._sessions() as session:
        items = queries.discrepancies(session, window, status)
        total = queries.count(session, queries.discrepancy_query(status))
        if kinds is not None:
            _withhold(session, items, kinds)
        return Page(items, total, window.limit, window.offset)


def _withhold(session: Session, items: list[dict[str, Any]], kinds: frozenset[str]) -> None:
    """Blank the evidence and source of claims from sources of other ``kinds``; the claim's
    id and state stay, so the reader still sees that two claims disagree."""
    ids = {c["source_id"] for d in items for c in d["claims"]}
    published = select(Source.id).where(Source.id.in_(ids), Source.kind.in_(kinds))
    shown = set(session.scalars(published))
    for d in items:
        d["claims"] = [
            c if c["source_id"] in shown
            else {"id": c["id"], "state": c["state"], "source_id": None, "source": None,
                  "evidence": None, "span": None, "withheld": True}
            for c in d["claims"]
        ]  # fmt: skip


def sources(ledger: Ledger, principal: Principal, window: queries.Window) -> Page:
    kinds = _kinds(principal)
    with ledger._sessions() as session:
        items = queries.sources(session, window, kinds)
        total = queries.count(session, queries.source_query(kinds))
        return Page(items, total, window.limit, window.offset)


RAW_SHOWN = 200_000  # characters of a raw file shown on a page; the file itself is kept whole


def source(ledger: Ledger, principal: Principal, source_id: int) -> dict[str, Any]:
    with ledger._sessions() as session:
        found = session.get(Source, source_id)
        kinds = _kinds(principal)
        if found is None or (kinds is not None and found.kind not in kinds):
            raise NotFound(f"no source with id {source_id}")
        row = queries.source_ref(found)
        raw = found.raw.decode("utf-8", errors="replace")
        row.update(
            kind=found.kind,
            sha256=found.sha256,
            media_type=found.media_type,
            text=found.text,
            raw=raw[:RAW_SHOWN],
            raw_truncated=len(raw) > RAW_SHOWN,
            claims=queries.claims(session, source_id=source_id),
        )
        return row


def review_queue(ledger: Ledger, window: queries.Window) -> Page:
    """Sources with claims still to decide, oldest first, with how many wait."""
    with ledger._sessions() as session:
        items, total = waiting_sources(session, window)
    return Page(items, total, window.limit, window.offset)


def claims(
    ledger: Ledger, state: str | None, source_id: int | None, window: queries.Window
) -> Page:
    with ledger._sessions() as session:
        items = queries.claims(session, state, source_id, window)
        total = queries.count(session, queries.claim_query(state, source_id))
    return Page(items, total, window.limit, window.offset)


def persons(ledger: Ledger, principal: Principal, query: str, window: queries.Window) -> Page:
    """A search under any spelling when ``query`` is given, else the list (roles that may
    read personal data only: a viewer must search, so only published names come back)."""
    if query.strip():
        hits = Registry(ledger).search(query, limit=window.limit, role=principal.role)
        items = [
            {
                "id": h.person_id,
                "name": h.name,
                "score": round(h.score, 3),
                "reason": h.reason,
                "matched": h.matched,
            }
            for h in hits
        ]
        return Page(items, len(items), window.limit, 0)
    if not sees_personal(principal.role):
        return Page([], 0, window.limit, window.offset)
    with ledger._sessions() as session:
        items = queries.persons(session, window)
        return Page(items, queries.total(session, "persons"), window.limit, window.offset)


def person(ledger: Ledger, principal: Principal, person_id: int) -> dict[str, Any]:
    """The record as the role may see it; a view of personal data is audited by name."""
    try:
        if principal.user_id is None:  # anonymous public visitor: viewer rights, no audit
            with ledger._sessions() as session:
                return person_record(session, person_id, principal.role)
        return Registry(ledger).person(person_id, principal.name, principal.role)
    except PersonNotFound as error:
        raise NotFound(str(error)) from None


class DashboardCache:
    """The dashboard and its charts, rebuilt only when the ledger's content changed (or the
    day did: "days since the last exchange" moves at midnight).

    Charts take a few hundred milliseconds to draw; the ledger changes far less often than it is
    read, so each revision is drawn once and then served from memory.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[tuple[int, dt.date] | None, dict[str, Any], dict[str, str]]
        self._state = (None, {}, {})

    def _current(self, ledger: Ledger) -> tuple[dict[str, Any], dict[str, str]]:
        with ledger._sessions() as session:
            key = (revision(session), dt.date.today())
            if self._state[0] == key:
                return self._state[1], self._state[2]
            with self._lock:
                if self._state[0] != key:
                    self._state = (key, dashboard(session, key[1]), {})
                return self._state[1], self._state[2]

    def data(self, ledger: Ledger) -> dict[str, Any]:
        return self._current(ledger)[0]

    def chart(self, ledger: Ledger, name: str) -> str:
        from polon.report import charts

        data, drawn = self._current(ledger)
        with self._lock:
            if name not in drawn:
                if name == "held":
                    drawn[name] = charts.figures_chart(data["held"])
                else:
                    drawn[name] = charts.exchanges_chart(data["exchanges"])
            return drawn[name]


def audit_log(ledger: Ledger, window: queries.Window) -> Page:
    """Newest first: who did what to which record, with the values before and after."""
    with ledger._sessions() as session:
        items, total = entries(session, window)
    return Page(items, total, window.limit, window.offset)

"""Events (captures, surrenders, transfers, releases, …) and promises."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ingest.dates import PRECISION_RANK
from polon.ledger.build.common import (
    create,
    disputed_by,
    fill,
    flag,
    iso_date,
    link,
    union,
    updating,
)
from polon.ledger.build.persons import find_person
from polon.ledger.build.places import ensure_place
from polon.ledger.compat import dates_overlap
from polon.ledger.models import Claim, Event, EventPerson, Promise
from polon.registry import name_key


def build_event(session: Session, claim: Claim, user_id: int | None) -> list[Event]:
    values = claim.values
    place_id = None
    if values.get("place"):
        place_id = ensure_place(session, claim, user_id, values["place"]).id
    event = _same_event(session, values["kind"], place_id, claim)
    fields = {
        "count": values.get("count"),
        "qualifier": claim.qualifier if values.get("count") is not None else None,
        "description": values.get("description"),
    }
    if event is None:
        event = Event(
            kind=values["kind"],
            date=claim.date,
            date_precision=claim.date_precision,
            place_id=place_id,
            mediators=list(values.get("mediators", [])),
        )
        fill(event, fields)
        create(session, event, claim, user_id)
    else:
        stated = event.count
        with updating(session, event, user_id):
            conflicts = fill(event, fields)
            _refine_date(event, claim)
            event.mediators = union(event.mediators, values.get("mediators", []))
        link(session, claim, event)
        if "count" in conflicts:
            flag(
                session,
                "event",
                f"{event.kind} of {event.date}: count",
                f"sources state {stated} and {values['count']} for the same event",
                disputed_by(session, event, claim),
                user_id,
            )
    _attach_persons(session, event, values.get("persons", []))
    return [event]


def _same_event(session: Session, kind: str, place_id: int | None, claim: Claim) -> Event | None:
    """An event of this kind at this place whose date may be the claim's ("May 2022" and
    "May 16, 2022" are one surrender); undated claims only match undated events."""
    candidates = session.scalars(
        select(Event)
        .where(
            Event.kind == kind,
            Event.place_id == place_id if place_id else Event.place_id.is_(None),
        )
        .order_by(Event.id)
    )
    for event in candidates:
        if claim.date is None and event.date is None:
            return event
        if dates_overlap((event.date, event.date_precision), (claim.date, claim.date_precision)):
            return event
    return None


def _refine_date(event: Event, claim: Claim) -> None:
    if claim.date is None:
        return
    if (
        event.date is None
        or PRECISION_RANK[claim.date_precision] > PRECISION_RANK[event.date_precision]
    ):
        event.date, event.date_precision = claim.date, claim.date_precision


def _attach_persons(session: Session, event: Event, names: list[str]) -> None:
    for name in names:
        person = find_person(session, name_key(name))
        if person is None:
            continue
        exists = session.get(EventPerson, (event.id, person.id))
        if exists is None:
            session.add(EventPerson(event_id=event.id, person_id=person.id))


def build_promise(session: Session, claim: Claim, user_id: int | None) -> list[Promise]:
    values = claim.values
    made_on, made_precision = iso_date(values.get("made_on"))
    deadline_from, _ = iso_date(values.get("deadline_from"))
    deadline_to, _ = iso_date(values.get("deadline_to"))
    promise = session.scalar(
        select(Promise).where(
            Promise.made_by == values.get("made_by"), Promise.content == values["content"]
        )
    )
    fields = {
        "made_to": values.get("made_to"),
        "made_on": made_on,
        "made_precision": made_precision,
        "deadline_from": deadline_from,
        "deadline_to": deadline_to,
        "outcome_note": values.get("outcome_note"),
    }
    if promise is None:
        promise = Promise(
            made_by=values.get("made_by"),
            content=values["content"],
            outcome=values.get("outcome", "unknown"),
        )
        fill(promise, fields)
        return [create(session, promise, claim, user_id)]
    with updating(session, promise, user_id):
        fill(promise, fields)
        if promise.outcome in ("unknown", "pending") and values.get("outcome"):
            promise.outcome = values["outcome"]
    link(session, claim, promise)
    return [promise]

"""Time in captivity, per person and per group, as of any date.

A person's captivity runs from their capture (a "captured" or "held" status, or a surrender
or capture event they are linked to) to their release, return or death, or to the date asked
about while they are still held. A group is the people of one surrender or capture: linked
persons give a median and a longest; without linked persons, everyone still held from that
day has been held the same time, which is what "almost 20 months" in a report means.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from polon.ledger.models import Event, EventPerson, Person, PersonStatus

STARTS = ("captured", "held")
ENDS = ("released", "returned", "died")
_CAPTURES = ("surrender", "capture")
_MONTH = 365.25 / 12


def in_words(days: int) -> str:
    """A duration as a report would say it: "12 days", "5 weeks", "almost 20 months"."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 56:
        return f"{days // 7} weeks"
    months = days / _MONTH
    unit, amount = ("months", months) if months < 36 else ("years", months / 12)
    whole, part = math.floor(amount), amount - math.floor(amount)
    if part >= 0.75:
        return f"almost {whole + 1} {unit}"
    if part >= 0.25:
        return f"more than {whole} {unit}"
    return f"{whole} {unit}"


def person_duration(session: Session, person_id: int, as_of: dt.date) -> dict[str, Any] | None:
    """One person's time in captivity as of ``as_of``, or None when no capture is known.

    The statuses of records merged into this person count as theirs: a capture from one
    list and a release from another are one captivity once the two records are one person.
    """
    records = [
        person_id,
        *session.scalars(select(Person.id).where(Person.merged_into == person_id)),
    ]
    statuses = list(
        session.scalars(
            select(PersonStatus)
            .where(PersonStatus.person_id.in_(records), PersonStatus.date.is_not(None))
            .order_by(PersonStatus.date, PersonStatus.id)
        )
    )
    starts = [(s.date, s.claim_id) for s in statuses if s.status in STARTS and s.date <= as_of]
    starts += [
        (event.date, None)
        for event in _capture_events(session, as_of)
        if set(records) & set(_linked(session, event.id))
    ]
    if not starts:
        return None
    since, claim_id = min(starts, key=lambda s: s[0])
    ended = [s for s in statuses if s.status in ENDS and since <= s.date <= as_of]
    until = ended[0].date if ended else as_of
    days = (until - since).days
    return {
        "person_id": person_id,
        "since": since.isoformat(),
        "until": until.isoformat(),
        "still_held": not ended,
        "ended_by": ended[0].status if ended else None,
        "days": days,
        "words": in_words(days),
        "claims": [c for c in (claim_id, ended[0].claim_id if ended else None) if c],
    }


def group_durations(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """For each surrender or capture up to ``as_of``: how long its people have been held."""
    found = []
    for event in _capture_events(session, as_of):
        persons = _linked(session, event.id)
        where = f" at {event.place.name}" if event.place else ""
        entry: dict[str, Any] = {
            "group": f"{event.kind}{where}, {event.date.isoformat()}",
            "event_id": event.id,
            "since": event.date.isoformat(),
            "count": event.count,
            "persons": len(persons) or None,
            "still_held": None,
        }
        if persons:
            spans = [person_duration(session, p, as_of) for p in persons]
            known = [s for s in spans if s is not None]
            days = [s["days"] for s in known]
            entry["still_held"] = sum(1 for s in known if s["still_held"])
        else:
            days = [(as_of - event.date).days]
        entry["median_days"] = int(statistics.median(days)) if days else None
        entry["longest_days"] = max(days) if days else None
        entry["words"] = in_words(entry["longest_days"]) if days else None
        found.append(entry)
    return found


def _capture_events(session: Session, as_of: dt.date) -> list[Event]:
    return list(
        session.scalars(
            select(Event)
            .options(joinedload(Event.place))
            .where(Event.kind.in_(_CAPTURES), Event.date.is_not(None), Event.date <= as_of)
            .order_by(Event.date, Event.id)
        )
    )


def _linked(session: Session, event_id: int) -> list[int]:
    return list(
        session.scalars(select(EventPerson.person_id).where(EventPerson.event_id == event_id))
    )

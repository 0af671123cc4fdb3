"""The registry back out as list records, for the CSV, JSON and PFIF writers.

Each exported record is one person as the registry now knows them (a merged cluster is one
record whose alternate names carry every member's spellings), filtered by the same rule as
the person page: a viewer's export holds only what published sources stated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.interchange.records import NoteRecord, PersonRecord
from polon.ledger.models import Claim, Person
from polon.registry.views import person_record, sees_personal

_NAME_FIELDS = ("surname", "given_names", "patronymic")
_DATETIMES = ("source_date", "entry_date", "expiry_date")


def export_records(session: Session, role: str) -> list[PersonRecord]:
    person_ids = list(
        session.scalars(select(Person.id).where(Person.merged_into.is_(None)).order_by(Person.id))
    )
    records = []
    for person_id in person_ids:
        try:
            view = person_record(session, person_id, role)
        except LookupError:
            continue  # nothing this role may see
        records.append(_record(session, view, role))
    return records


def _record(session: Session, view: dict, role: str) -> PersonRecord:
    first = {f["field"]: f["values"][0]["value"] for f in view["fields"] if f["values"]}
    identifiers = {i["scheme"]: i["value"] for i in view.get("identifiers", [])}
    record = PersonRecord(
        record_id=identifiers.get("pfif"),
        full_name=view["name"],
        surname=first.pop("surname", None),
        given_names=first.pop("given_names", None),
        patronymic=first.pop("patronymic", None),
        alternate_names=list(
            dict.fromkeys(n["text"] for n in view["names"] if n["text"] != view["name"])
        ),
        fields=first,
    )
    note_claims = {note["claim_id"] for note in view.get("notes", [])}
    stated = [s for s in view["statuses"] if s["claim_id"] not in note_claims]
    if stated:
        # A status from a note travels with its note; others need a field of their own.
        record.status = stated[-1]["status"]
        if stated[-1]["date"]:
            record.status_date = dt.date.fromisoformat(stated[-1]["date"])
    _original(session, view, record)
    if sees_personal(role):
        record.notes = [_note(values) for values in view.get("notes", [])]
    return record


def _original(session: Session, view: dict, record: PersonRecord) -> None:
    """PFIF author, source and expiry as the first list that stated this person gave them."""
    claim_ids = sorted({n["claim_id"] for n in view["names"] if n["claim_id"]})
    if not claim_ids:
        return
    claim = session.get(Claim, claim_ids[0])
    meta = claim.values.get("record", {})
    for name, value in meta.items():
        if name in _DATETIMES and value:
            value = dt.datetime.fromisoformat(value)
        setattr(record, name, value)
    record.extra = dict(claim.values.get("extra", {}))
    if record.source_date is None:  # PFIF needs one: when the list reached the ledger
        record.source_date = claim.source.ingested_at.replace(microsecond=0, tzinfo=dt.UTC)


def _note(values: dict) -> NoteRecord:
    known = {f for f in NoteRecord.__dataclass_fields__ if f != "line"}
    data = {k: v for k, v in values.items() if k in known}
    for name in ("source_date", "entry_date"):
        if data.get(name):
            data[name] = dt.datetime.fromisoformat(data[name])
    return NoteRecord(**data)


def by_field(records: list[PersonRecord]) -> dict[str, int]:
    """How many records carry each field: a one-line summary for the CLI."""
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        for name in record.fields:
            counts[name] += 1
    return dict(counts)

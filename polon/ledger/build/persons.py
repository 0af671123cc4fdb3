"""Persons from accepted claims: names with their keys, record fields, statuses, notes.

A person named in an article is found again by name, so a second mention attaches. A row of a
list is a person of its own (``new_person``): two "Ivan Kovalenko" rows are two people until
linkage and a reviewer say otherwise. A row with a record id (PFIF ``person_record_id``) is
found again by that id, so re-importing an updated file updates the same person.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, union, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from polon.ledger import discrepancies  # the module: it imports build.common, in this package
from polon.ledger.build.actors import ensure_organization
from polon.ledger.build.common import iso_date, link, upsert
from polon.ledger.models import (
    Claim,
    ExchangePerson,
    NameVariant,
    Person,
    PersonFact,
    PersonIdentifier,
    PersonKey,
    PersonNote,
    PersonStatus,
    Source,
)
from polon.registry import name_key, script_of
from polon.registry.index import name_keys
from polon.registry.status import evidence_for, note_status

NAME_FIELDS = ("surname", "given_names", "patronymic")
# Fields an article's person claim states directly; lists put them in ``fields``.
_ARTICLE_FIELDS = ("rank", "position", "call_sign", "organization")


def find_person(session: Session, key: str) -> Person | None:
    """The oldest person whose name or any of whose spellings has ``key``.

    Two index lookups joined by UNION: written as one join with ``OR``, SQLite scanned every
    person (15 ms a claim at 100,000 persons, for each person a report names).
    """
    found = union(
        select(Person.id).where(Person.name_key == key),
        select(NameVariant.person_id).where(NameVariant.key == key),
    ).subquery()
    person_id = session.scalar(select(func.min(found.c.id)))
    return session.get(Person, person_id) if person_id is not None else None


def find_by_record_id(session: Session, scheme: str, value: str) -> Person | None:
    return session.scalar(
        select(Person)
        .join(PersonIdentifier, PersonIdentifier.person_id == Person.id)
        .where(PersonIdentifier.scheme == scheme, PersonIdentifier.value == value)
    )


def build_person(session: Session, claim: Claim, user_id: int | None) -> list[Person]:
    values = claim.values
    name = values["name"]
    fields = values.get("fields") or {}
    organization_id = None
    unit = values.get("organization") or fields.get("unit")
    if unit:
        organization_id = ensure_organization(session, claim, user_id, unit).id
    columns = {
        "rank": values.get("rank") or fields.get("rank"),
        "position": values.get("position") or fields.get("position"),
        "call_sign": values.get("call_sign") or fields.get("call_sign"),
        "status": values.get("status"),
        "organization_id": organization_id,
    }
    scheme, record_id = values.get("id_scheme"), values.get("record_id")
    key = name_key(name)
    if record_id and scheme:
        found = find_by_record_id(session, scheme, record_id)
    elif values.get("new_person"):
        found = None
    else:
        found = find_person(session, key)
    person = upsert(
        session, claim, user_id, found, lambda: Person(name=name, name_key=key), columns
    )
    if record_id and scheme and found is None:
        session.add(PersonIdentifier(person_id=person.id, scheme=scheme, value=record_id))
        _attach_waiting_notes(session, person, record_id, user_id)
    names = [name, *values.get("variants", []), *values.get("alternate_names", [])]
    for variant in dict.fromkeys(n for n in names if n and n.strip()):
        _add_variant(session, person, variant, claim.id)
    add_keys(session, person.id, names, columns["call_sign"])
    _add_facts(session, person, claim, values, fields)
    _add_status(session, person, claim, values, user_id)
    return [person]


def _add_variant(session: Session, person: Person, text: str, claim_id: int) -> None:
    if any(v.text == text for v in person.variants):
        return
    variant = NameVariant(
        person_id=person.id,
        text=text,
        script=script_of(text),
        language=language_of(text),
        system="as written",
        key=name_key(text),
        claim_id=claim_id,
    )
    session.add(variant)
    person.variants.append(variant)


def language_of(text: str) -> str | None:
    """'uk' or 'ru' when letters only one of them has appear; None when they cannot tell."""
    lowered = text.casefold()
    if any(ch in lowered for ch in "іїєґ"):
        return "uk"
    if any(ch in lowered for ch in "ыэёъ"):
        return "ru"
    return None


def add_keys(session: Session, person_id: int, names: list[str], call_sign: str | None) -> None:
    """Store the search keys of ``names``; keys the person already has are skipped."""
    keys: set[tuple[str, str]] = set()
    for text in names:
        if text:
            keys |= name_keys(text, (call_sign,) if call_sign else ())
    if not keys:
        return
    rows = [{"key": key[:200], "kind": kind, "person_id": person_id} for kind, key in keys]
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(PersonKey).values(rows).on_conflict_do_nothing())


def _add_facts(
    session: Session, person: Person, claim: Claim, values: dict[str, Any], fields: dict
) -> None:
    stated: dict[str, Any] = {name: values.get(name) for name in NAME_FIELDS}
    stated.update({name: values.get(name) for name in _ARTICLE_FIELDS})
    if stated.pop("organization", None):
        stated["unit"] = values["organization"]
    stated.update(fields)
    for field, value in stated.items():
        if value not in (None, ""):
            session.add(
                PersonFact(person_id=person.id, field=field, value=str(value), claim_id=claim.id)
            )


def _add_status(
    session: Session, person: Person, claim: Claim, values: dict[str, Any], user_id: int | None
) -> None:
    status = values.get("status")
    if not status:
        return
    date, precision = iso_date(values.get("status_date"))
    if date is None and claim.date is not None:
        date, precision = claim.date, claim.date_precision
    exchange_id = values.get("exchange_id")
    evidence = values.get("evidence") or evidence_for(session.get(Source, claim.source_id))
    _add_checked(
        session,
        PersonStatus(
            person_id=person.id,
            status=status,
            date=date,
            date_precision=precision,
            place=values.get("status_place"),
            exchange_id=exchange_id,
            evidence=evidence,
            claim_id=claim.id,
        ),
        user_id,
    )
    if exchange_id and session.get(ExchangePerson, (exchange_id, person.id)) is None:
        session.add(ExchangePerson(exchange_id=exchange_id, person_id=person.id))


def _attach_waiting_notes(
    session: Session, person: Person, record_id: str, user_id: int | None
) -> None:
    waiting = list(
        session.scalars(
            select(PersonNote).where(
                PersonNote.person_record_id == record_id, PersonNote.person_id.is_(None)
            )
        )
    )
    if not waiting:
        return
    session.execute(
        update(PersonNote)
        .where(PersonNote.id.in_([note.id for note in waiting]))
        .values(person_id=person.id)
    )
    for note in waiting:
        _note_status(session, person, session.get(Claim, note.claim_id), user_id)


def build_note(session: Session, claim: Claim, user_id: int | None) -> list[Person]:
    """A note about a person: kept by record id, with the status it reports.

    The person may not be imported yet; the note then waits (see ``PersonNote``).
    """
    values = claim.values
    record_id = values.get("person_record_id")
    person = find_by_record_id(session, "pfif", record_id) if record_id else None
    note_id = values.get("note_record_id")
    if note_id and session.scalar(
        select(PersonNote.id).where(PersonNote.note_record_id == note_id)
    ):
        # PFIF notes never change once written: the same note from another file is one more
        # source for it, not a second note (and not a second status).
        if person is not None:
            link(session, claim, person, role="note")
        return [person] if person is not None else []
    session.add(
        PersonNote(
            claim_id=claim.id,
            note_record_id=values.get("note_record_id"),
            person_record_id=record_id,
            person_id=person.id if person else None,
            status=values.get("status"),
        )
    )
    if person is None:
        return []
    _note_status(session, person, claim, user_id)
    return [person]


def _note_status(session: Session, person: Person, claim: Claim, user_id: int | None) -> None:
    link(session, claim, person, role="note")
    status = note_status(claim.values.get("status"))
    if status is None:
        return
    date, precision = iso_date((claim.values.get("source_date") or "")[:10] or None)
    _add_checked(
        session,
        PersonStatus(
            person_id=person.id,
            status=status,
            date=date,
            date_precision=precision,
            place=claim.values.get("last_known_location"),
            evidence=claim.values.get("evidence") or "other",
            note=claim.values.get("text"),
            claim_id=claim.id,
        ),
        user_id,
    )


def _add_checked(session: Session, status: PersonStatus, user_id: int | None) -> None:
    """Store a status and open a discrepancy with any of the person's statuses it cannot
    stand beside (died in March, held in May): in this transaction, so both or neither."""
    session.add(status)
    if status.date is not None:  # undated statuses never conflict: no flush, no query
        session.flush()
        discrepancies.check_statuses(session, status, user_id)

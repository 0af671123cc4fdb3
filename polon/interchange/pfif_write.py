"""Writing PFIF (1.4 by default) for Person Finder and other registries that read it.

Every record needs a globally unique id of the form "domain/local-id". Records that came
from another registry keep theirs; records without one, or with a list's own row number
("12" is no PFIF id), get "<domain>/person.N" (and "<domain>/note.N"), where the domain
names this Polon installation, so ids from two installations never collide.

What PFIF has no field for: the patronymic is written after the given names in given_name
(East Slavic usage; the reader splits it off again), a registry status becomes a note with
a believed_* status, the Polon-only fields (rank, unit, call sign, ...) are not written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from lxml import etree

from polon.interchange.pfif_fields import (
    HOME_FIELDS,
    MANDATORY,
    NAMESPACE_OF,
    NOTE_ORDER,
    PERSON_ORDER,
    SEX_VALUES,
    canonical,
)
from polon.interchange.records import NoteRecord, PersonRecord
from polon.interchange.values import format_timestamp

DEFAULT_DOMAIN = "polon.example.org"
# Characters XML 1.0 cannot carry at all; they are dropped rather than failing the export.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Registry status -> the PFIF note status that says the most PFIF can say about it.
NOTE_STATUS_OF = {
    "missing": "believed_missing",
    "died": "believed_dead",
    "alive": "believed_alive",
    "captured": "believed_alive",
    "held": "believed_alive",
    "transferred": "believed_alive",
    "released": "believed_alive",
    "returned": "believed_alive",
}


class _Ids:
    """Hands out "<domain>/<kind>.N" ids that no record in the export already uses."""

    def __init__(self, domain: str, taken: Iterable[str | None]):
        if not domain or "/" in domain:
            raise ValueError(f"{domain!r} is not a domain name (e.g. polon.example.org)")
        self.domain = domain
        self.taken = {t for t in taken if t}
        self.count = {"person": 0, "note": 0}

    def next(self, kind: str) -> str:
        while True:
            self.count[kind] += 1
            candidate = f"{self.domain}/{kind}.{self.count[kind]}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _pfif_id(value: str | None) -> str | None:
    """The id if it is a PFIF id ("domain/local"); a list's row number "12" is not one."""
    return value if value and "/" in value else None


def _stamp(value: dt.datetime | None) -> str | None:
    return format_timestamp(value) if value else None


def _other(description: str) -> str:
    """A 1.4 description as a ≤1.3 "other" text, under the "description:" label."""
    return "description:\n" + "\n".join("    " + line for line in description.splitlines())


def _person_values(person: PersonRecord, record_id: str, now: dt.datetime) -> dict:
    fields, extra = person.fields, person.extra
    given = " ".join(p for p in (person.given_names, person.patronymic) if p)
    values = {
        "person_record_id": record_id,
        "entry_date": _stamp(person.entry_date),
        "expiry_date": _stamp(person.expiry_date),
        "author_name": person.author_name,
        "author_email": person.author_email,
        "author_phone": person.author_phone,
        "source_name": person.source_name,
        "source_date": _stamp(person.source_date or person.entry_date or now),
        "source_url": person.source_url,
        "full_name": person.full_name or person.display_name,
        "given_name": given or None,
        "family_name": person.surname,
        "alternate_names": "\n".join(person.alternate_names) or None,
        "description": fields.get("description"),
        "sex": fields.get("sex") if fields.get("sex") in SEX_VALUES else None,
        "date_of_birth": fields.get("date_of_birth"),
        "age": fields.get("age"),
        "photo_url": fields.get("photo_url"),
        "profile_urls": extra.get("profile_urls"),
    }
    home = {name: extra[name] for name in HOME_FIELDS if extra.get(name)}
    if not home and fields.get("last_residence"):
        home = {"home_city": fields["last_residence"]}
    values.update(home)
    return values


def _note_values(note: NoteRecord, note_id: str, person_id: str | None, now) -> dict:
    contact = note.author_made_contact
    return {
        "note_record_id": note_id,
        "person_record_id": person_id,
        "linked_person_record_id": note.linked_person_record_id,
        "entry_date": _stamp(note.entry_date),
        "author_name": note.author_name,
        "author_email": note.author_email,
        "author_phone": note.author_phone,
        "source_date": _stamp(note.source_date or note.entry_date or now),
        "author_made_contact": None if contact is None else ("true" if contact else "false"),
        "status": note.status,
        "email_of_found_person": note.email_of_found_person,
        "phone_of_found_person": note.phone_of_found_person,
        "last_known_location": note.last_known_location,
        "text": note.text,
        "photo_url": note.photo_url,
    }


def _status_note(person: PersonRecord) -> NoteRecord | None:
    """A note carrying the registry status, which PFIF can only say as believed_*."""
    if not person.status or person.status not in NOTE_STATUS_OF:
        return None
    when, since = None, ""
    if person.status_date:
        when = dt.datetime.combine(person.status_date, dt.time(), dt.UTC)
        since = f" since {person.status_date.isoformat()}"
    return NoteRecord(
        author_name=person.author_name or person.source_name,
        source_date=when or person.source_date,
        status=NOTE_STATUS_OF[person.status],
        text=f"Polon status: {person.status}{since}",
    )


class _Writer:
    def __init__(self, version: str, ids: _Ids, now: dt.datetime):
        if version not in NAMESPACE_OF:
            raise ValueError(f"PFIF version {version!r}; Polon writes {', '.join(NAMESPACE_OF)}")
        self.version, self.ids, self.now = version, ids, now
        self.ns = NAMESPACE_OF[version]

    def fields(self, parent: etree._Element, kind: str, values: dict, order) -> None:
        mandatory = MANDATORY[self.version][kind]
        for name in order:
            key = canonical(name)
            value = values.get(key)
            if key == "description" and name == "other" and value:
                value = _other(value)
            if value or key in mandatory:
                child = etree.SubElement(parent, f"{{{self.ns}}}{name}")
                child.text = _NOT_XML.sub("", value or "")

    def note(self, parent: etree._Element, note: NoteRecord, person_id: str | None) -> None:
        element = etree.SubElement(parent, f"{{{self.ns}}}note")
        note_id = _pfif_id(note.note_record_id) or self.ids.next("note")
        values = _note_values(note, note_id, person_id or note.person_record_id, self.now)
        self.fields(element, "note", values, NOTE_ORDER[self.version])

    def person(self, root: etree._Element, person: PersonRecord, notes: list[NoteRecord]):
        element = etree.SubElement(root, f"{{{self.ns}}}person")
        record_id = _pfif_id(person.record_id) or self.ids.next("person")
        values = _person_values(person, record_id, self.now)
        self.fields(element, "person", values, PERSON_ORDER[self.version])
        for note in notes:
            self.note(element, note, record_id)


def write_pfif(
    persons: Sequence[PersonRecord],
    notes: Sequence[NoteRecord] = (),
    version: str = "1.4",
    *,
    domain: str = DEFAULT_DOMAIN,
    now: dt.datetime | None = None,
) -> bytes:
    """PFIF XML (UTF-8 bytes) for ``persons``, each with its notes nested inside it.

    A person's notes are its ``notes`` plus those in ``notes`` whose person_record_id is
    its id; the other notes of ``notes`` are written at the top level (not possible in
    PFIF 1.1, which raises ``ValueError``). A missing source_date is filled with the
    entry_date or ``now`` (default: the current UTC time), since PFIF requires one.
    """
    now = now or dt.datetime.now(dt.UTC)
    taken = [p.record_id for p in persons] + [n.note_record_id for n in notes]
    taken += [n.note_record_id for p in persons for n in p.notes]
    writer = _Writer(version, _Ids(domain, taken), now)
    root = etree.Element(f"{{{writer.ns}}}pfif", nsmap={"pfif": writer.ns})
    ids = {p.record_id for p in persons if p.record_id}  # notes find their person by it
    loose = [n for n in notes if n.person_record_id not in ids]
    for person in persons:
        own = list(person.notes)
        own += [n for n in notes if n.person_record_id == person.record_id and n not in own]
        status_note = _status_note(person)
        if status_note is not None:
            own.append(status_note)
        writer.person(root, person, own)
    if loose and version == "1.1":
        raise ValueError("PFIF 1.1 cannot hold notes outside a person; write 1.2 or later")
    if any(not n.person_record_id for n in loose):
        raise ValueError("a note outside any person needs a person_record_id")
    for note in loose:
        writer.note(root, note, None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

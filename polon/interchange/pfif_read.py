"""Reading PFIF 1.1–1.4 person and note records, safely.

A PFIF file comes from outside (another registry, an aid organisation, a volunteer), so the
XML parser must not be a way in: no DTD, no entity expansion (no "billion laughs"), no
network or file access through external entities (no XXE), no huge-tree mode, and a size
limit checked before parsing (in ``detect.read_list``). A document that declares a DOCTYPE
is refused outright: PFIF never needs one.

Behaviour follows Google Person Finder's importer where the spec leaves room: notes nested
in a person take that person's id; a note missing a required field such as author_name is
kept (Person Finder stores it with an empty author) and reported in ``warnings``; values
are stripped of surrounding whitespace. Unlike Person Finder, the file's entry_date is kept
(the registry decides what its own entry date is) and records from every domain are read.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from polon.interchange.errors import raise_collected
from polon.interchange.pfif_fields import (
    HOME_FIELDS,
    MANDATORY,
    NAMESPACES,
    NOTE_FIELDS,
    NOTE_STATUSES,
    PERSON_FIELDS,
    SEX_VALUES,
    canonical,
)
from polon.interchange.records import ListError, NoteRecord, ParsedList, PersonRecord
from polon.interchange.values import (
    as_utc,
    looks_like_patronymic,
    normalise_sex,
    parse_date,
    parse_timestamp,
)

_AGE = re.compile(r"\d{1,3}(?:-\d{1,3})?")
_LABEL = re.compile(r"\S+:")
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def description_from_other(other: str) -> str:
    """PFIF ≤1.3 "other" text as a 1.4 description.

    Old files put the description in "other" under a "description:" label. When that is
    the only label, the label and indentation go; when there are other labels ("height:
    ..."), the text is kept whole so nothing is lost.
    """
    lines = other.strip().splitlines()
    if not lines or not lines[0].startswith("description:"):
        return other.strip()
    if any(_LABEL.match(line.strip()) for line in lines[1:]):
        return other.strip()
    body = [lines[0][len("description:") :].strip()] + [line.strip() for line in lines[1:]]
    return "\n".join(body).strip()


class _Reader:
    """One document's worth of state: collected errors and warnings, by line."""

    def __init__(self, path: str, version: str, ns: str):
        self.path, self.version, self.ns = path, version, ns
        self.errors: list[ListError] = []
        self.warnings: list[str] = []

    def error(self, element: etree._Element, message: str, field: str | None = None) -> None:
        self.errors.append(ListError(self.path, element.sourceline, message, field))

    def warn(self, element: etree._Element, message: str) -> None:
        self.warnings.append(f"line {element.sourceline}: {message}")

    def values(self, element: etree._Element, known: frozenset[str]) -> tuple[dict, dict]:
        """(known fields in 1.4 names, unknown PFIF fields) of a record element."""
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for child in element:
            if not isinstance(child.tag, str):
                continue
            qname = etree.QName(child)
            if qname.namespace != self.ns:
                self.warn(child, f"element {child.tag} is not PFIF {self.version}; ignored")
                continue
            if qname.localname == "note":
                continue
            text = "".join(child.itertext()).strip()
            name = canonical(qname.localname)
            target = values if name in known else extra
            if name in target:
                self.warn(child, f"second <{qname.localname}> ignored")
            elif text:
                target[name] = text
        return values, extra

    def stamp(self, element, values: dict[str, str], name: str) -> dt.datetime | None:
        if name not in values:
            return None
        try:
            return parse_timestamp(values[name])
        except ValueError as problem:
            self.error(element, str(problem), name)
            return None

    def missing(self, element, values: dict[str, str], kind: str, record_id: str | None):
        absent = [f for f in MANDATORY[self.version][kind] if not values.get(f)]
        if absent:
            who = f"{kind} {record_id}" if record_id else f"a {kind}"
            self.warn(element, f"{who} lacks the required {', '.join(absent)}; kept")

    def person(self, element: etree._Element) -> PersonRecord:
        values, extra = self.values(element, PERSON_FIELDS)
        record_id = values.get("person_record_id")
        self.missing(element, values, "person", record_id)
        given, patronymic = values.get("given_name"), None
        words = (given or "").split()
        if len(words) == 2 and looks_like_patronymic(words[1]):
            given, patronymic = words  # "Олена Петрівна": PFIF has no patronymic field
        person = PersonRecord(
            line=element.sourceline,
            record_id=record_id,
            full_name=values.get("full_name"),
            surname=values.get("family_name"),
            given_names=given,
            patronymic=patronymic,
            alternate_names=_lines(values.get("alternate_names")),
            author_name=values.get("author_name"),
            author_email=values.get("author_email"),
            author_phone=values.get("author_phone"),
            source_name=values.get("source_name"),
            source_url=values.get("source_url"),
            source_date=self.stamp(element, values, "source_date"),
            entry_date=self.stamp(element, values, "entry_date"),
            expiry_date=self.stamp(element, values, "expiry_date"),
            extra=extra,
        )
        if not person.full_name:  # optional before 1.3; Person Finder composes it too
            person.full_name = person.display_name or None
        self.person_fields(element, values, person)
        for child in element.iterchildren(f"{{{self.ns}}}note"):
            person.notes.append(self.note(child, record_id))
        return person

    def person_fields(self, element, values: dict[str, str], person: PersonRecord) -> None:
        fields = person.fields
        if "description" in values:
            text = values["description"]
            old = self.version != "1.4"  # an "other" field before 1.4
            fields["description"] = description_from_other(text) if old else text
        if "sex" in values:
            sex = normalise_sex(values["sex"])
            if sex in SEX_VALUES:
                fields["sex"] = sex
            else:
                self.error(element, f"{values['sex']!r} is not female, male or other", "sex")
        if "date_of_birth" in values:
            try:
                fields["date_of_birth"] = parse_date(values["date_of_birth"])
            except ValueError as problem:
                self.error(element, str(problem), "date_of_birth")
        if "age" in values:
            if _AGE.fullmatch(values["age"]):
                fields["age"] = values["age"]
            else:
                self.error(element, f"{values['age']!r} is not an age or range", "age")
        if "photo_url" in values:
            fields["photo_url"] = values["photo_url"]
        home = [values[name] for name in HOME_FIELDS if name in values]
        for name in (*HOME_FIELDS, "profile_urls"):
            if name in values:
                person.extra[name] = values[name]
        if home:
            fields["last_residence"] = ", ".join(home)

    def note(self, element: etree._Element, parent_id: str | None) -> NoteRecord:
        values, extra = self.values(element, NOTE_FIELDS)
        person_id = values.get("person_record_id")
        if parent_id:
            if person_id and person_id != parent_id:
                self.warn(element, f"note names person {person_id} inside {parent_id}; "
                          f"it is read as a note on {parent_id}")  # fmt: skip
            person_id = parent_id
        self.missing(element, values, "note", values.get("note_record_id"))
        note = NoteRecord(
            line=element.sourceline,
            note_record_id=values.get("note_record_id"),
            person_record_id=person_id,
            linked_person_record_id=values.get("linked_person_record_id"),
            author_name=values.get("author_name"),
            author_email=values.get("author_email"),
            author_phone=values.get("author_phone"),
            source_date=self.stamp(element, values, "source_date"),
            entry_date=self.stamp(element, values, "entry_date"),
            email_of_found_person=values.get("email_of_found_person"),
            phone_of_found_person=values.get("phone_of_found_person"),
            last_known_location=values.get("last_known_location"),
            text=values.get("text"),
            photo_url=values.get("photo_url"),
            extra=extra,
        )
        if "author_made_contact" in values:
            flag = _BOOLEANS.get(values["author_made_contact"].lower())
            if flag is None:
                self.error(element, "expected true or false", "author_made_contact")
            note.author_made_contact = flag
        if "status" in values:
            if values["status"] in NOTE_STATUSES:
                note.status = values["status"]
            else:
                known = ", ".join(NOTE_STATUSES)
                self.error(element, f"{values['status']!r} is not one of {known}", "status")
        return note


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _root(data: bytes, path: str) -> tuple[etree._Element, str, str]:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as problem:
        raise ListError(path, problem.lineno, f"malformed XML: {problem.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise ListError(path, 1, "the document declares a DOCTYPE; PFIF has none, and "
                        "entities are not expanded, so it is refused")  # fmt: skip
    qname = etree.QName(root)
    if qname.namespace not in NAMESPACES or qname.localname != "pfif":
        expected = ", ".join(NAMESPACES)
        raise ListError(
            path,
            root.sourceline,
            f"not a PFIF document: the root is {root.tag}; expected <pfif> in {expected}",
        )
    return root, NAMESPACES[qname.namespace], qname.namespace


def read_pfif(data: bytes, path: str, now: dt.datetime | None = None) -> ParsedList:
    """Parse PFIF 1.1–1.4 bytes into persons (with their notes) and stray notes.

    ``now`` decides what has expired (default: the current UTC time): an expired person is
    left out, with their notes, and named in ``skipped``. Bad values (a date, a status) in
    any record raise one ``ListErrors`` naming every one; nothing is returned half-read.
    """
    now = as_utc(now) if now else dt.datetime.now(dt.UTC)
    root, version, ns = _root(data, path)
    reader = _Reader(path, version, ns)
    persons: list[PersonRecord] = []
    loose: list[NoteRecord] = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.namespace == ns and qname.localname == "person":
            persons.append(reader.person(child))
        elif qname.namespace == ns and qname.localname == "note":
            loose.append(reader.note(child, None))
        else:
            reader.warn(child, f"element {child.tag} is not a PFIF person or note; ignored")
    _check_ids(reader, root, persons)
    raise_collected(path, reader.errors)
    result = ParsedList(path=path, format="pfif", version=version, warnings=reader.warnings)
    _place(result, persons, loose, now)
    return result


def _check_ids(reader: _Reader, root: etree._Element, persons: list[PersonRecord]) -> None:
    seen: dict[str, int | None] = {}
    for person in persons:
        if person.record_id in seen:
            reader.errors.append(ListError(
                reader.path, person.line,
                f"person_record_id {person.record_id} is also used on line "
                f"{seen[person.record_id]}", "person_record_id",
            ))  # fmt: skip
        elif person.record_id:
            seen[person.record_id] = person.line


def _place(result: ParsedList, persons, loose: list[NoteRecord], now: dt.datetime) -> None:
    """Drop expired persons; attach loose notes to their person when the file has them."""
    expired: set[str] = set()
    by_id: dict[str, PersonRecord] = {}
    for person in persons:
        if person.expiry_date is not None and person.expiry_date < now:
            name = person.record_id or person.display_name
            when = person.expiry_date.isoformat()
            result.skipped.append(
                f"line {person.line}: person {name} expired on {when}; left out with "
                f"{len(person.notes)} notes"
            )
            if person.record_id:
                expired.add(person.record_id)
            continue
        result.persons.append(person)
        if person.record_id:
            by_id[person.record_id] = person
    for note in loose:
        target = note.person_record_id
        if not target:
            result.skipped.append(f"line {note.line}: note {note.note_record_id or ''} names "
                                  "no person_record_id; left out")  # fmt: skip
        elif target in expired:
            result.skipped.append(f"line {note.line}: note {note.note_record_id or ''} is on "
                                  f"expired person {target}; left out")  # fmt: skip
        elif target in by_id:
            by_id[target].notes.append(note)
        else:
            result.notes.append(note)

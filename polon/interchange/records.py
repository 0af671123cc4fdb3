"""What a parsed list holds, before the registry stores it.

Parsers (CSV, PFIF) produce these; writers (CSV, JSON, PFIF) consume them. They carry no
database ids: storing and reading them is the registry's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ListError(ValueError):
    """Bad input, named by file and line (or element/field) so the user can find it."""

    def __init__(self, path: str, line: int | None, message: str, field: str | None = None):
        self.path, self.line, self.field = path, line, field
        where = f"{path}:{line}" if line is not None else path
        if field:
            where += f" ({field})"
        super().__init__(f"{where}: {message}")


@dataclass
class NoteRecord:
    """A PFIF note (or a status row of a list): something someone said about a person."""

    line: int | None = None
    note_record_id: str | None = None
    person_record_id: str | None = None
    linked_person_record_id: str | None = None
    author_name: str | None = None
    author_email: str | None = None
    author_phone: str | None = None
    source_date: dt.datetime | None = None
    entry_date: dt.datetime | None = None
    status: str | None = None  # PFIF: information_sought, is_note_author, believed_alive, ...
    author_made_contact: bool | None = None
    email_of_found_person: str | None = None
    phone_of_found_person: str | None = None
    last_known_location: str | None = None
    text: str | None = None
    photo_url: str | None = None  # PFIF 1.4: a photo attached to the note
    extra: dict[str, str] = field(default_factory=dict)  # source fields with no home here


@dataclass
class PersonRecord:
    """One person as one list states them.

    ``fields`` uses the registry's field names (``polon.registry.record.FIELDS``);
    ``extra`` keeps source fields Polon has no field for, so an export can give them back.
    """

    line: int | None = None
    record_id: str | None = None
    full_name: str | None = None
    surname: str | None = None
    given_names: str | None = None
    patronymic: str | None = None
    alternate_names: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    status: str | None = None  # registry status: missing, captured, held, released, returned, died
    status_date: dt.date | None = None
    author_name: str | None = None
    author_email: str | None = None
    author_phone: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    source_date: dt.datetime | None = None
    entry_date: dt.datetime | None = None
    expiry_date: dt.datetime | None = None
    notes: list[NoteRecord] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        if self.full_name:
            return self.full_name
        parts = [self.given_names, self.patronymic, self.surname]
        return " ".join(p for p in parts if p)


@dataclass
class ParsedList:
    path: str
    format: str  # "csv", "pfif" or "json"
    version: str | None = None  # PFIF version
    persons: list[PersonRecord] = field(default_factory=list)
    notes: list[NoteRecord] = field(default_factory=list)  # notes outside any person
    skipped: list[str] = field(default_factory=list)  # e.g. expired records, with why
    warnings: list[str] = field(default_factory=list)  # kept, but worth a look (with why)
    encoding: str | None = None  # CSV: how the bytes were decoded (utf-8, utf-8-sig, cp1251)
    delimiter: str | None = None  # CSV: the cell separator found

"""A parsed list (CSV or PFIF) as a Source with one claim per row and per note.

The list is stored like any report: its bytes once (a second import of the same file changes
nothing), its text so each claim's evidence is the row it came from, and its rows as claims
that are accepted in the same transaction unless the caller wants them reviewed first.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from typing import Any

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate
from polon.ingest.documents import Document
from polon.interchange.detect import decode
from polon.interchange.records import NoteRecord, ParsedList, PersonRecord

_RECORD_META = (
    "author_name", "author_email", "author_phone", "source_name", "source_url",
    "source_date", "entry_date", "expiry_date",
)  # fmt: skip


def list_document(path: str, raw: bytes, parsed: ParsedList) -> Document:
    """The list as a document whose text (decoded as the reader decoded it) holds the rows."""
    media_types = {"pfif": "application/xml", "json": "application/json"}
    text, _ = decode(raw, path)
    return Document(
        name=path, raw=raw, media_type=media_types.get(parsed.format, "text/csv"), text=text,
        title=None,
        publisher=None, author=None, url=None, published_text=None,
    )  # fmt: skip


def list_claims(
    parsed: ParsedList,
    text: str,
    raw: bytes,
    exchange: tuple[int, dt.date] | None = None,
    evidence: str | None = None,
) -> list[CandidateClaim]:
    """One person claim per row and one note claim per note, each spanning its lines."""
    spans = _LineSpans(text)
    scheme = "pfif" if parsed.format == "pfif" else f"list:{hashlib.sha256(raw).hexdigest()[:16]}"
    starts = sorted(
        {r.line for r in parsed.persons if r.line}
        | {n.line for r in parsed.persons for n in r.notes if n.line}
        | {n.line for n in parsed.notes if n.line}
    )
    claims = []
    for record in parsed.persons:
        values = person_values(record, scheme, exchange, evidence)
        start, end = spans.of(record.line, starts)
        date = FuzzyDate.from_iso(values["status_date"]) if values.get("status_date") else None
        claims.append(CandidateClaim("person", values, start, end, date=date))
        for note in record.notes:
            claims.append(_note_claim(note, record.record_id, spans, starts))
    for note in parsed.notes:
        claims.append(_note_claim(note, note.person_record_id, spans, starts))
    return claims


def person_values(
    record: PersonRecord,
    scheme: str,
    exchange: tuple[int, dt.date] | None,
    evidence: str | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": record.display_name,
        "surname": record.surname,
        "given_names": record.given_names,
        "patronymic": record.patronymic,
        "alternate_names": list(record.alternate_names),
        "fields": dict(record.fields),
        "status": record.status,
        "status_date": record.status_date.isoformat() if record.status_date else None,
        "evidence": evidence,
        "record": {name: _plain(getattr(record, name)) for name in _RECORD_META},
        "extra": dict(record.extra),
    }
    if record.record_id:
        values["record_id"], values["id_scheme"] = record.record_id, scheme
    if scheme != "pfif":
        values["new_person"] = True  # a list row is a person of its own until linked
    if exchange is not None:
        values["exchange_id"] = exchange[0]
        values["status"] = "returned"
        values["status_date"] = exchange[1].isoformat()
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def note_values(note: NoteRecord, person_record_id: str | None) -> dict[str, Any]:
    values = {f.name: _plain(getattr(note, f.name)) for f in dataclasses.fields(note)}
    values.pop("line", None)
    values["person_record_id"] = note.person_record_id or person_record_id
    return {k: v for k, v in values.items() if v not in (None, "")}


def _note_claim(
    note: NoteRecord, person_record_id: str | None, spans: _LineSpans, starts: list[int]
) -> CandidateClaim:
    start, end = spans.of(note.line, starts)
    return CandidateClaim("note", note_values(note, person_record_id), start, end)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class _LineSpans:
    """Character offsets of physical lines, so a row's evidence is exactly its lines."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.offsets = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.offsets.append(index + 1)

    def of(self, line: int | None, starts: list[int]) -> tuple[int, int]:
        if not line or line > len(self.offsets):
            return (0, 0)
        start = self.offsets[line - 1]
        after = bisect.bisect_right(starts, line)
        if after < len(starts) and starts[after] <= len(self.offsets):
            end = self.offsets[starts[after] - 1]
        elif line < len(self.offsets):
            end = self.offsets[line]
        else:
            end = self.length
        return (start, max(start, end - 1) if end > start else start)

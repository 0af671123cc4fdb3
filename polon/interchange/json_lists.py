"""Person lists as JSON: everything a ``PersonRecord`` holds, for scripts and other tools.

CSV drops sources, authors and notes and PFIF drops the Polon-only fields; JSON keeps all
of them, so it is the lossless export. Times are UTC "yyyy-mm-ddThh:mm:ssZ", dates ISO;
empty values are left out. ``read_list`` reads the files back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from polon.interchange.errors import raise_collected
from polon.interchange.records import ListError, NoteRecord, ParsedList, PersonRecord
from polon.interchange.values import STATUSES, format_timestamp, parse_timestamp
from polon.registry.record import BY_NAME

FORMAT = "polon-persons"
_TIMES = {"source_date", "entry_date", "expiry_date"}
_MAPS = {"fields", "extra"}


def _plain(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in dataclasses.fields(record):
        value = getattr(record, spec.name)
        if spec.name == "line" or value is None or value == [] or value == {}:
            continue
        if isinstance(value, dt.datetime):
            value = format_timestamp(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif spec.name == "notes":
            value = [_plain(note) for note in value]
        out[spec.name] = value
    return out


def write_json(persons: Sequence[PersonRecord], notes: Sequence[NoteRecord] = ()) -> str:
    """A JSON document: {"format": "polon-persons", "version": 1, "persons": [...]}.

    Each person carries its notes; ``notes`` (notes on persons not in the list) go in a
    top-level "notes" array. Source line numbers are not written: they describe the file a
    record was read from, not the record.
    """
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "persons": [_plain(p) for p in persons],
    }
    if notes:
        document["notes"] = [_plain(n) for n in notes]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class _Loader:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[ListError] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(ListError(self.path, None, message, field=where))

    def record(self, kind: type, data: Any, where: str) -> Any:
        if not isinstance(data, dict):
            self.fail(where, "expected an object")
            return kind()
        names = {f.name for f in dataclasses.fields(kind)} - {"line"}
        record = kind()
        for key, value in data.items():
            place = f"{where}.{key}"
            if key not in names:
                self.fail(place, "not a field Polon knows")
            else:
                converted = self.value(kind, key, value, place)
                if converted is not None:
                    setattr(record, key, converted)
        return record

    def value(self, kind: type, key: str, value: Any, place: str) -> Any:
        checks: dict[str, Callable[[Any], Any]] = {
            "notes": lambda v: [self.record(NoteRecord, n, f"{place}[{i}]") for i, n in
                                enumerate(v)],
            "alternate_names": lambda v: [str(s) for s in v],
            "status_date": lambda v: dt.date.fromisoformat(v),
            "author_made_contact": lambda v: v if isinstance(v, bool) else _bad("true/false"),
        }  # fmt: skip
        try:
            if key in checks:
                if key in ("notes", "alternate_names") and not isinstance(value, list):
                    raise ValueError("expected a list")
                return checks[key](value)
            if key in _MAPS:
                return self.mapping(key, value)
            if not isinstance(value, str):
                raise ValueError("expected text")
            if key in _TIMES:
                return parse_timestamp(value)
            if key == "status" and kind is PersonRecord and value not in STATUSES:
                raise ValueError(f"{value!r} is not one of {', '.join(STATUSES)}")
            return value
        except (ValueError, TypeError) as problem:
            self.fail(place, str(problem))
            return None

    def mapping(self, key: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValueError("expected an object of texts")
        if key == "fields":
            unknown = [name for name in value if name not in BY_NAME]
            if unknown:
                raise ValueError(f"not registry fields: {', '.join(unknown)}")
        return dict(value)


def _bad(expected: str) -> Any:
    raise ValueError(f"expected {expected}")


def read_json_text(text: str, path: str) -> ParsedList:
    """Parse a document written by ``write_json``; every bad value is reported at once."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise ListError(path, problem.lineno, f"malformed JSON: {problem.msg}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ListError(path, None, f'JSON, but not a Polon person list ("format": "{FORMAT}")')
    loader = _Loader(path)
    persons = document.get("persons", [])
    notes = document.get("notes", [])
    if not isinstance(persons, list) or not isinstance(notes, list):
        raise ListError(path, None, '"persons" and "notes" must be lists')
    result = ParsedList(path=path, format="json")
    result.persons = [loader.record(PersonRecord, p, f"persons[{i}]") for i, p in
                      enumerate(persons)]  # fmt: skip
    result.notes = [loader.record(NoteRecord, n, f"notes[{i}]") for i, n in enumerate(notes)]
    raise_collected(path, loader.errors)
    return result

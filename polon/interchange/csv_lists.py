"""CSV person lists in and out: registry extracts, exchange lists, NGO tables.

Reading is all or nothing. Every row is checked, every bad row is collected with the
physical line it starts on (a quoted cell that spans lines does not shift the numbers), and
one ``ListErrors`` names them all; a half-imported list would be worse than none, because
nobody could tell which half is in the ledger.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Iterator

from polon.interchange.errors import raise_collected
from polon.interchange.headers import TARGETS, Columns, MappingError, resolve_columns
from polon.interchange.records import ListError, ParsedList, PersonRecord
from polon.interchange.values import (
    is_placeholder,
    normalise_sex,
    parse_date,
    parse_full_date,
    parse_status,
    split_full_name,
)

DELIMITERS = (";", ",", "\t")
HEADER_SEARCH_ROWS = 10  # a title line or two may stand above the header
_DATE_FIELDS = ("date_of_birth", "capture_date")
_NAME_ATTRS = ("record_id", "full_name", "surname", "given_names", "patronymic")
# A cell starting with one of these is a formula to a spreadsheet; written with a leading
# apostrophe (which spreadsheets hide) and read back without it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ALTERNATE_SEPARATOR = "; "


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first rows into the same number (more than one) of cells.

    ``csv.Sniffer`` guesses from character counts and is easily fooled by a header such as
    "Прізвище, ім'я, по батькові" in a semicolon file; parsing a sample with each candidate
    and keeping the one whose rows agree is slower but does not guess.
    """
    sample = text[:65536]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if r]
        counts = [len(r) for r in rows[:50]]
        if not counts:
            continue
        width, seen = Counter(counts).most_common(1)[0]
        if width < 2:
            continue
        score = (seen / len(counts), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _rows(text: str, delimiter: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, cells) for each row, blank lines left out."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ListError(path, reader.line_num, f"unreadable CSV: {error}") from None
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _find_header(
    rows: Iterator[tuple[int, list[str]]], path: str, mapping: dict[str, str] | None
) -> tuple[int, Columns, list[str]]:
    """The header row: the first of the top rows with a name column (known or mapped)."""
    seen: list[tuple[int, list[str]]] = []
    mapping_problem: MappingError | None = None
    for line, cells in rows:
        seen.append((line, cells))
        try:
            columns = resolve_columns([c.strip() for c in cells], mapping)
        except MappingError as error:
            mapping_problem = mapping_problem or error
            columns = None
        if columns is not None and columns.has_name:
            skipped = [f"line {n} above the header was skipped: {';'.join(c)!r}" for n, c in seen]
            return line, columns, skipped[:-1]
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise ListError(path, None, "the list has no rows")
    first_line, first = seen[0]
    if mapping_problem is not None:
        raise ListError(path, first_line, str(mapping_problem))
    headers = ", ".join(f'"{c.strip()}"' for c in first)
    raise ListError(
        path,
        first_line,
        f"no column with a person's name; the headers are {headers}. Polon looks for "
        "Прізвище/Фамилия/Surname, Ім'я/Имя/Given name, По батькові/Отчество or "
        "ПІБ/ФИО/Full name; name another column with --map, e.g. --map surname=Header",
    )


def _extra_keys(columns: Columns) -> list[str]:
    """Keys for the columns kept in ``extra``: the header, made unique and never empty."""
    keys: list[str] = []
    for i, header in enumerate(columns.headers):
        key = header or f"column {i + 1}"
        base, n = key, 2
        while key in keys:
            key, n = f"{base} ({n})", n + 1
        keys.append(key)
    return keys


def _unguard(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def _person(
    line: int, cells: list[str], columns: Columns, keys: list[str], path: str
) -> tuple[PersonRecord, list[ListError]]:
    person = PersonRecord(line=line)
    errors: list[ListError] = []
    for cell, target, header, key in zip(
        cells, columns.targets, columns.headers, keys, strict=True
    ):
        value = _unguard(cell.strip())
        if not value or is_placeholder(value):
            continue
        try:
            _assign(person, target, key, value)
        except ValueError as error:
            errors.append(ListError(path, line, str(error), field=header or key))
    if not (person.full_name or person.surname or person.given_names):
        errors.append(ListError(path, line, "the row has no name"))
    if person.full_name and not (person.surname or person.given_names or person.patronymic):
        parts = split_full_name(person.full_name)
        if parts:
            person.surname, person.given_names, person.patronymic = parts
    return person, errors


def _assign(person: PersonRecord, target: str | None, key: str, value: str) -> None:
    if target is None:
        person.extra[key] = value
    elif target in _NAME_ATTRS:
        setattr(person, target, value)
    elif target == "alternate_names":
        parts = value.replace("\n", ";").split(";")
        person.alternate_names = [p.strip() for p in parts if p.strip()]
    elif target == "status":
        person.status = parse_status(value)
    elif target == "status_date":
        person.status_date = parse_full_date(value)
    elif target in _DATE_FIELDS:
        person.fields[target] = parse_date(value)
    elif target == "sex":
        person.fields[target] = normalise_sex(value)
    else:
        person.fields[target] = value


def read_csv_text(
    text: str, path: str, mapping: dict[str, str] | None = None, encoding: str | None = None
) -> ParsedList:
    """Parse a CSV list already decoded to text; raises ``ListError``/``ListErrors``."""
    delimiter = sniff_delimiter(text)
    rows = _rows(text, delimiter, path)
    header_line, columns, warnings = _find_header(rows, path, mapping)
    warnings += [f"line {header_line}: {note}" for note in columns.notes]
    keys = _extra_keys(columns)
    width = len(columns.headers)
    persons: list[PersonRecord] = []
    errors: list[ListError] = []
    for line, cells in rows:
        if len(cells) != width:
            message = f"{len(cells)} cells where the header has {width}"
            if any("\n" in cell or "\r" in cell for cell in cells):
                message += " (a quote opened here may not be closed)"
            errors.append(ListError(path, line, message))
            continue
        person, problems = _person(line, cells, columns, keys, path)
        errors += problems
        persons.append(person)
    raise_collected(path, errors)
    return ParsedList(
        path=path,
        format="csv",
        persons=persons,
        warnings=warnings,
        encoding=encoding,
        delimiter=delimiter,
    )


def guard_formula(value: str) -> str:
    """A cell a spreadsheet would run as a formula ("=…", "+…", "@…") is written as text;
    the person list and the table exports share this one guard."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(person: PersonRecord, extra_keys: list[str]) -> list[str]:
    values: dict[str, str] = dict(person.fields)
    for attr in _NAME_ATTRS:
        values[attr] = getattr(person, attr) or ""
    values["alternate_names"] = ALTERNATE_SEPARATOR.join(person.alternate_names)
    values["status"] = person.status or ""
    values["status_date"] = person.status_date.isoformat() if person.status_date else ""
    cells = [values.get(target, "") for target in TARGETS]
    cells += [person.extra.get(key, "") for key in extra_keys]
    return [guard_formula(cell) for cell in cells]


def write_csv(persons: Iterable[PersonRecord]) -> str:
    """UTF-8 CSV text: a header of Polon's field names, then one row per person.

    Columns: record_id, full_name, the name parts, alternate_names, the registry fields,
    status, status_date, then every ``extra`` key any person has (so a list read from CSV
    comes back with its own unknown columns). Source, author and notes are not in CSV; use
    JSON or PFIF to keep them. Reading the output with ``read_list`` gives the same records.
    """
    persons = list(persons)
    extra_keys: list[str] = []
    for person in persons:
        extra_keys += [k for k in person.extra if k not in extra_keys]
    header = list(TARGETS) + [k if k not in TARGETS else f"extra: {k}" for k in extra_keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(_row(person, extra_keys) for person in persons)
    return out.getvalue()

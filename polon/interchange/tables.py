"""Every ledger table out as CSV or JSON, for analysts and journalists who work in their own
tools.

Unlike the rest of ``polon.interchange`` this module reads the database: a table export is
rows, not person records. Columns are the table's own, in the order the model declares them
(so a column added to a model shows up here, and a test checks that), plus a few that make a
row readable on its own: a claim's evidence sentence, a discrepancy's claim ids. A source's
raw bytes are never exported: they can hold a whole scraped page, cookies and tracking
markup included, and the cleaned text is what the evidence spans point into.

Who may export what is decided here, once, for the CLI and the API alike:

- a viewer gets no personal table (persons, name_variants, person_statuses, person_facts),
  no claim of kind person or note, and otherwise only rows a published source (an article
  or an official statement) supports, the rule the person pages apply
  (``polon.registry.views``);
- analysts and editors get every table but the audit log;
- admins get the audit log too.

Rows are read with Core selects in windows of ``BATCH`` (``yield_per``), so a table of
100,000 claims never becomes 100,000 ORM objects. Every export writes one audit entry
(action ``export``) naming the tables, the format, the role and the row counts, never the
data.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import JSON, ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session

from polon.interchange.csv_lists import guard_formula
from polon.ledger import audit
from polon.ledger.models import (
    AuditEntry,
    Base,
    Claim,
    ClaimLink,
    Discrepancy,
    DiscrepancyClaim,
    Event,
    Exchange,
    ExchangeCondition,
    ExchangeGroup,
    Figure,
    NameVariant,
    Organization,
    Person,
    PersonFact,
    PersonStatus,
    Place,
    Promise,
    Role,
    Source,
)
from polon.ledger.users import ensure_user
from polon.registry.views import PUBLISHED, sees_personal

FORMATS = ("csv", "json")
BATCH = 1000
PERSONAL = frozenset({"persons", "name_variants", "person_statuses", "person_facts"})
ADMIN_ONLY = frozenset({"audit_log"})
PERSONAL_CLAIMS = ("person", "note")  # what a claim of these kinds says is about a person

Batch = list[dict[str, Any]]


class TableError(ValueError):
    """An export that cannot be done as asked; the message says what would work."""


class UnknownTable(TableError, LookupError):
    pass


class TableRefused(TableError, PermissionError):
    pass


# --- what a viewer may see -----------------------------------------------------------------


def _published(claim_id: ColumnElement, public_kinds: bool = False) -> ColumnElement[bool]:
    """The claim ``claim_id`` comes from a published source (and, asked, is not personal)."""
    found = exists().where(
        Claim.id == claim_id, Source.id == Claim.source_id, Source.kind.in_(PUBLISHED)
    )
    return found.where(Claim.kind.not_in(PERSONAL_CLAIMS)) if public_kinds else found


def _supported(model: type[Base]) -> Callable[[], ColumnElement[bool]]:
    """An entity row that a claim from a published source supports."""

    def condition() -> ColumnElement[bool]:
        return exists().where(
            ClaimLink.entity_type == model.__tablename__,
            ClaimLink.entity_id == model.id,
            _published(ClaimLink.claim_id),
        )

    return condition


def _discrepancy_claims(session: Session, rows: Batch, role: str) -> None:
    """Each discrepancy's claim ids, one query per window (a viewer: published ones only)."""
    query = select(DiscrepancyClaim.discrepancy_id, DiscrepancyClaim.claim_id).where(
        DiscrepancyClaim.discrepancy_id.in_([row["id"] for row in rows])
    )
    if not sees_personal(role):
        query = query.where(_published(DiscrepancyClaim.claim_id))
    found: dict[int, list[int]] = {}
    for discrepancy_id, claim_id in session.execute(query.order_by(DiscrepancyClaim.claim_id)):
        found.setdefault(discrepancy_id, []).append(claim_id)
    for row in rows:
        row["claim_ids"] = found.get(row["id"], [])


# --- the tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """One exportable table: its model, what is left out, what is added, the viewer's rows."""

    model: type[Base]
    omit: tuple[str, ...] = ()
    computed: tuple[tuple[str, Callable[[], ColumnElement]], ...] = ()
    json_computed: tuple[str, ...] = ()  # columns that ``complete`` fills in per window
    for_viewer: Callable[[], ColumnElement[bool]] | None = None
    complete: Callable[[Session, Batch, str], None] | None = None

    @property
    def columns(self) -> list[str]:
        own = [c.name for c in self.model.__table__.columns if c.name not in self.omit]
        return own + [name for name, _ in self.computed] + list(self.json_computed)

    @property
    def json_columns(self) -> frozenset[str]:
        own = {c.name for c in self.model.__table__.columns if isinstance(c.type, JSON)}
        return frozenset(own | set(self.json_computed))


def _evidence() -> ColumnElement:
    return func.substr(
        Source.text, Claim.evidence_start + 1, Claim.evidence_end - Claim.evidence_start
    )


def _visible_claim() -> ColumnElement[bool]:
    return Source.kind.in_(PUBLISHED) & Claim.kind.not_in(PERSONAL_CLAIMS)


TABLES: dict[str, Table] = {
    "sources": Table(Source, omit=("raw",), for_viewer=lambda: Source.kind.in_(PUBLISHED)),
    "claims": Table(Claim, computed=(("evidence", _evidence),), for_viewer=_visible_claim),
    "claim_links": Table(
        ClaimLink,
        for_viewer=lambda: (
            _published(ClaimLink.claim_id, public_kinds=True)
            & ClaimLink.entity_type.not_in(PERSONAL)
        ),
    ),
    "exchanges": Table(Exchange, for_viewer=_supported(Exchange)),
    "exchange_groups": Table(ExchangeGroup, for_viewer=lambda: _published(ExchangeGroup.claim_id)),
    "exchange_conditions": Table(
        ExchangeCondition, for_viewer=lambda: _published(ExchangeCondition.claim_id)
    ),
    "figures": Table(Figure, for_viewer=_supported(Figure)),
    "promises": Table(Promise, for_viewer=_supported(Promise)),
    "events": Table(Event, for_viewer=_supported(Event)),
    "places": Table(Place, for_viewer=_supported(Place)),
    "organizations": Table(Organization, for_viewer=_supported(Organization)),
    "discrepancies": Table(
        Discrepancy,
        json_computed=("claim_ids",),
        for_viewer=lambda: exists().where(
            DiscrepancyClaim.discrepancy_id == Discrepancy.id,
            _published(DiscrepancyClaim.claim_id),
        ),
        complete=_discrepancy_claims,
    ),
    "persons": Table(Person),
    "name_variants": Table(NameVariant),
    "person_statuses": Table(PersonStatus),
    "person_facts": Table(PersonFact),
    "audit_log": Table(AuditEntry),
}


def may_export(role: str, table: str) -> bool:
    """May ``role`` export ``table`` at all (a viewer then gets only published rows)?"""
    if table in ADMIN_ONLY:
        return role == Role.ADMIN
    return table not in PERSONAL or sees_personal(role)


def exportable(role: str) -> list[str]:
    """The tables ``role`` may export, in the order ``--all`` writes them."""
    return [name for name in TABLES if may_export(role, name)]


def check(table: str, role: str, fmt: str = "csv") -> None:
    """Raise ``UnknownTable``, ``TableRefused`` or ``TableError`` before anything is read."""
    if table not in TABLES:
        raise UnknownTable(f"no table {table!r}; the tables are: {', '.join(TABLES)}")
    if not may_export(role, table):
        raise TableRefused(
            f"the {role} role may not export {table}; it may export: {', '.join(exportable(role))}"
        )
    if fmt not in FORMATS:
        raise TableError(
            f"tables are exported as {' or '.join(FORMATS)}, not {fmt!r} (PFIF holds persons only)"
        )


# --- reading ---------------------------------------------------------------------------------


def _query(table: Table, role: str) -> Select:
    own = [c for c in table.model.__table__.columns if c.name not in table.omit]
    query = select(*own, *(make().label(name) for name, make in table.computed))
    if table.model is Claim:
        query = query.join(Source, Source.id == Claim.source_id)
    if not sees_personal(role) and table.for_viewer is not None:
        query = query.where(table.for_viewer())
    return query.order_by(table.model.id)


def rows(session: Session, table: str, role: str) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` that ``role`` may see, by id, as the database gives them."""
    check(table, role)
    spec = TABLES[table]
    result = session.execute(_query(spec, role).execution_options(yield_per=BATCH))
    for window in result.mappings().partitions():
        batch = [dict(row) for row in window]
        if spec.complete is not None:
            spec.complete(session, batch, role)
        yield from batch


# --- writing ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _cell(value: Any, is_json: bool) -> str:
    """A CSV cell: JSON columns as JSON text, dates ISO, empty for null, text guarded so a
    spreadsheet never runs it as a formula."""
    if is_json:
        return guard_formula(json.dumps(value, ensure_ascii=False)) if value is not None else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return guard_formula(str(_plain(value)))


def _write(session: Session, table: str, fmt: str, stream: TextIO, role: str) -> int:
    check(table, role, fmt)
    spec = TABLES[table]
    names, json_columns = spec.columns, spec.json_columns
    count = 0
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(names)
        for row in rows(session, table, role):
            writer.writerow([_cell(row[name], name in json_columns) for name in names])
            count += 1
        return count
    stream.write("[")
    for row in rows(session, table, role):
        data = {name: _plain(row[name]) for name in names}
        stream.write(("\n  " if count == 0 else ",\n  ") + json.dumps(data, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


class _Tables:
    """Lets the audit log record an export, which has no row of its own."""

    __tablename__ = "tables"
    id = None


def _audit(session: Session, actor: str, role: str, fmt: str, counts: dict[str, int]) -> None:
    user = ensure_user(session, actor)
    after = {"format": fmt, "role": str(role), "tables": counts}
    audit.record(session, user.id, "export", _Tables(), after=after)


def write_table(
    session: Session, table: str, fmt: str, stream: TextIO, *, role: str, actor: str
) -> int:
    """Write ``table`` to ``stream`` as ``role`` may see it; returns the number of rows.

    ``session`` should be a write transaction (``polon.ledger.db.transaction``): the audit
    entry commits with it, so an export that failed half-way is not recorded as done.
    """
    count = _write(session, table, fmt, stream, role)
    _audit(session, actor, role, fmt, {table: count})
    return count


def export_table(session: Session, table: str, fmt: str, *, role: str, actor: str) -> str:
    """``table`` as CSV or JSON text (see ``write_table``; for files use that, it streams)."""
    out = StringIO()
    write_table(session, table, fmt, out, role=role, actor=actor)
    return out.getvalue()


def export_tables(
    session: Session,
    folder: Path,
    fmt: str,
    tables: Iterable[str] | None = None,
    *,
    role: str,
    actor: str,
    progress: Callable[[str, Path, int], None] | None = None,
) -> list[Path]:
    """Write each table (default: every one ``role`` may export) to ``folder/TABLE.fmt``.

    All names are checked before anything is written. Each file is written beside its final
    name and renamed when complete, so a file that is there is whole. ``progress`` hears of
    each (table, path, rows) as it is done; one audit entry names them all.
    """
    names = list(tables) if tables is not None else exportable(role)
    for name in names:
        check(name, role, fmt)
    folder.mkdir(parents=True, exist_ok=True)
    written, counts = [], {}
    for name in names:
        path = folder / f"{name}.{fmt}"
        partial = path.with_name(path.name + ".part")
        with partial.open("w", encoding="utf-8", newline="") as stream:
            counts[name] = _write(session, name, fmt, stream, role)
        partial.replace(path)
        written.append(path)
        if progress is not None:
            progress(name, path, counts[name])
    _audit(session, actor, role, fmt, counts)
    return written

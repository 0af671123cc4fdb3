"""What a ledger must look like after any crash, asked of the database itself.

The checks read the constraints from the live schema (SQLAlchemy's inspector), so a table or
constraint added by a later migration is checked without editing this file. Each constraint
becomes a query for the rows that break it: on PostgreSQL the server enforces them anyway,
and asking proves that no write path got around it; on SQLite, where a constraint added by a
table rebuild or a foreign key switched off on one connection would go unnoticed, it is the
only proof there is.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    Table,
    func,
    inspect,
    select,
    text,
)

from polon.ledger.models import AuditEntry, Claim, Source


def _q(name: str) -> str:
    return f'"{name}"'


class Violations:
    """Queries that count the rows breaking each constraint of the schema as it stands."""

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect.name
        self.queries: list[tuple[str, str]] = []
        inspector = inspect(engine)
        for table in inspector.get_table_names():
            self._add_table(inspector, table)

    def _add_table(self, inspector: Any, table: str) -> None:
        t = _q(table)
        for column in inspector.get_columns(table):
            if not column["nullable"]:
                name = column["name"]
                where = f"{_q(name)} IS NULL"
                self.queries.append(
                    (f"{table}.{name} is NULL", f"SELECT count(*) FROM {t} WHERE {where}")
                )
        keys = [inspector.get_pk_constraint(table).get("constrained_columns") or []]
        keys += [u["column_names"] for u in inspector.get_unique_constraints(table)]
        keys += [i["column_names"] for i in inspector.get_indexes(table) if i.get("unique")]
        for columns in filter(None, keys):
            cols = ", ".join(_q(c) for c in columns)
            present = " AND ".join(f"{_q(c)} IS NOT NULL" for c in columns)
            self.queries.append((
                f"{table}({', '.join(columns)}) not unique",
                f"SELECT count(*) FROM (SELECT {cols} FROM {t} WHERE {present} "
                f"GROUP BY {cols} HAVING count(*) > 1) AS duplicated",
            ))  # fmt: skip
        for fk in inspector.get_foreign_keys(table):
            parent = _q(fk["referred_table"])
            match = " AND ".join(
                f"p.{_q(r)} = c.{_q(c)}"
                for c, r in zip(fk["constrained_columns"], fk["referred_columns"], strict=True)
            )
            present = " AND ".join(f"c.{_q(c)} IS NOT NULL" for c in fk["constrained_columns"])
            self.queries.append((
                f"{table}({', '.join(fk['constrained_columns'])}) orphaned from "
                f"{fk['referred_table']}",
                f"SELECT count(*) FROM {t} AS c WHERE {present} "
                f"AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match})",
            ))  # fmt: skip
        for check in inspector.get_check_constraints(table):
            self.queries.append((
                f"{table}: check {check['name']} broken",
                f"SELECT count(*) FROM {t} WHERE NOT ({check['sqltext']})",
            ))  # fmt: skip

    def find(self, connection: Connection) -> list[str]:
        """Every broken constraint with its row count; empty when the ledger is sound."""
        found = []
        if self.dialect == "sqlite":
            result = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            if result != ["ok"]:
                found.append(f"integrity_check: {result}")
            if connection.execute(text("PRAGMA foreign_key_check")).first() is not None:
                found.append("foreign_key_check reports rows")
        for description, query in self.queries:
            rows = connection.execute(text(query)).scalar_one()
            if rows:
                found.append(f"{description}: {rows} rows")
        return found


def reflect(engine: Engine) -> MetaData:
    """Every table in the database, as the database has it (alembic_version included)."""
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def rows(connection: Connection, table: Table, portable: bool = False) -> list[str]:
    """The table's rows as canonical JSON, sorted, so two ledgers compare with ``==`` whatever
    their backend (PostgreSQL's JSONB reorders an object's keys).

    ``portable`` leaves out what legitimately differs between two ledgers built from the same
    input: ids (a PostgreSQL sequence advances in a transaction that is rolled back), columns
    that point at ids, timestamps, and the audit log's snapshots (which hold both).
    """
    columns = [c for c in table.columns if not (portable and _varies(table, c))]
    if not columns:  # nothing but ids (a link table): the rows still have to be there
        return ["[]"] * connection.execute(select(func.count()).select_from(table)).scalar_one()
    found = connection.execute(select(*columns)).all()
    return sorted(json.dumps(list(row), sort_keys=True, default=str) for row in found)


def _varies(table: Table, column: Any) -> bool:
    name = column.name
    return (
        bool(column.foreign_keys)
        or name == "id" or name.endswith("_id") or name in ("person_ids", "previous")
        or isinstance(column.type, DateTime)
        or (table.name == "audit_log" and name in ("before", "after"))
    )  # fmt: skip


def counts(connection: Connection, metadata: MetaData) -> dict[str, int]:
    return {
        name: connection.execute(select(text("count(*)")).select_from(table)).scalar_one()
        for name, table in metadata.tables.items()
    }


def sources_complete(engine: Engine, expected: dict[str, int]) -> int:
    """Every stored source has all its claims, all accepted, and its audit entry; returns how
    many sources are stored."""
    with engine.connect() as connection:
        per_source = dict(
            connection.execute(
                select(Source.name, func.count(Claim.id))
                .outerjoin(Claim, Claim.source_id == Source.id)
                .group_by(Source.name)
            ).all()
        )
        states = set(connection.execute(select(Claim.state).distinct()).scalars())
        audited = connection.execute(
            select(func.count()).where(AuditEntry.action == "ingest")
        ).scalar_one()
    for name, claims in per_source.items():
        assert claims == expected[name], f"{name}: {claims} of {expected[name]} claims stored"
    assert states <= {"accepted"}, states  # claims and their acceptance commit together
    assert audited == len(per_source)
    return len(per_source)

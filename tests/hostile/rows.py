"""Row counts of every ledger table: the check that a refused input wrote nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from polon.ledger import Ledger
from polon.ledger.models import Base


def table_counts(ledger: Ledger) -> dict[str, int]:
    with ledger.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }

"""Read queries cost a fixed number of statements, however many rows they return."""

from pathlib import Path

import pytest
from sqlalchemy import event

from bench.corpus import write_reports
from polon.ledger import Ledger, SourceMeta
from polon.ledger.intake import ingest_file


def _statements_per_read(ledger: Ledger, table: str) -> int:
    count = 0

    def counter(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(ledger.engine, "before_cursor_execute", counter)
    try:
        ledger.read(table)
    finally:
        event.remove(ledger.engine, "before_cursor_execute", counter)
    return count


@pytest.mark.parametrize("table", ["exchanges", "figures", "sources"])
def test_reads_do_not_grow_with_rows(ledger: Ledger, tmp_path: Path, table: str):
    paths = write_reports(tmp_path / "reports", 12)
    for path in paths[:4]:
        ingest_file(ledger, path, SourceMeta(), "tester", accept=True)
    few_rows, few = len(ledger.read(table)), _statements_per_read(ledger, table)
    for path in paths[4:]:
        ingest_file(ledger, path, SourceMeta(), "tester", accept=True)
    assert len(ledger.read(table)) == 3 * few_rows
    assert _statements_per_read(ledger, table) == few

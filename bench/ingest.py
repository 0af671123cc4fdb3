"""Ingest throughput, measured against a baseline in the same run.

What `polon ingest --accept` costs per document is compared with two baselines measured on
the same generated reports and the same machine a moment apart:

* store-only: the raw bytes and a row per claim inserted with plain sqlite3 (no extraction,
  no ORM, no ledger building) — how far Polon is from the cost of just writing the data;
* extract-only: reading and extracting without a database — how much of a document's time is
  the rules and how much is storage.

A ratio survives a noisy machine; the absolute figures are printed for context only.

    .venv/bin/python -m bench.ingest [--documents 300] [--postgres URL]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.corpus import write_reports
from polon.ingest import extract, read_document
from polon.ledger import Ledger, SourceMeta
from polon.ledger.intake import ingest_file


def time_extract_only(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        extract(read_document(path))
    return time.perf_counter() - start


def time_store_only(paths: list[Path], folder: Path) -> float:
    claims = [len(extract(read_document(p)).claims) for p in paths]
    connection = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE s (id INTEGER PRIMARY KEY, raw BLOB, text TEXT)")
    connection.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, s INTEGER, v TEXT)")
    start = time.perf_counter()
    for path, count in zip(paths, claims, strict=True):
        raw = path.read_bytes()
        connection.execute("BEGIN IMMEDIATE")
        cursor = connection.execute("INSERT INTO s (raw, text) VALUES (?, ?)", (raw, raw.decode()))
        rows = [(cursor.lastrowid, "{}") for _ in range(count)]
        connection.executemany("INSERT INTO c (s, v) VALUES (?, ?)", rows)
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def time_polon(paths: list[Path], url: str) -> float:
    with Ledger(url) as ledger:
        ledger.init()
        start = time.perf_counter()
        for path in paths:
            outcome = ingest_file(ledger, path, SourceMeta(), "bench", accept=True)
            assert outcome.error is None, outcome.error
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--postgres", help="also measure on this (empty) PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_reports(folder / "reports", args.documents)
        rows = [
            ("extract only (no database)", time_extract_only(paths)),
            ("store only (sqlite3, no extraction)", time_store_only(paths, folder)),
            ("polon ingest --accept, SQLite", time_polon(paths, f"sqlite:///{folder / 'p.db'}")),
        ]
        if args.postgres:
            rows.append(("polon ingest --accept, PostgreSQL", time_polon(paths, args.postgres)))
    n = args.documents
    baseline = rows[0][1]
    print(f"{n} generated reports, one transaction per report")
    print(f"{'what':40} {'seconds':>8} {'docs/s':>8} {'ms/doc':>7} {'÷ extract':>9}")
    for name, seconds in rows:
        print(
            f"{name:40} {seconds:8.2f} {n / seconds:8.0f} {1000 * seconds / n:7.1f}"
            f" {seconds / baseline:9.2f}"
        )


if __name__ == "__main__":
    main()

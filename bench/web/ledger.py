"""The benchmark's ledger: many persons written straight into SQLite, then generated news items
stored as sources through the same path ``polon ingest --accept`` takes.

Persons come from the search benchmark's builder (``bench.search.build``: the linkage
generator's seeded registry, several spellings per identity, with their search keys). Sources
are :mod:`bench.web.articles` items, each read by ``load_document``, extracted by
``polon.ingest.extract`` and stored with ``Ledger.add_source(..., accept=True)``, which builds
figures, exchanges, discrepancies and person mentions as for a real report. The persons the
items name are drawn from the registry's Latin-script records, so an article's person claim
attaches to a registry person and that person's page lists the source.
"""

from __future__ import annotations

import random
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from bench.search.__main__ import build as build_persons
from bench.web.articles import Article, articles
from polon.ingest import FuzzyDate, extract, load_document
from polon.ingest.dates import Precision
from polon.ledger import Ledger, SourceMeta

ACTOR = "bench"
NAMED_PERSONS = 5_000  # registry persons the items can name


def latin_names(path: Path, count: int, seed: int) -> list[str]:
    """Up to ``count`` seeded names of persons written in Latin letters, given name first."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT name FROM persons WHERE name GLOB '[A-Z]*' AND name NOT LIKE '%,%' ORDER BY id"
        ).fetchall()
    names = [
        name
        for (name,) in rows
        if name.isascii()
        and 2 <= len(name.split()) <= 3
        and all(word.istitle() and word.isalpha() for word in name.split())
    ]
    rng = random.Random(seed)
    return rng.sample(names, min(count, len(names)))


def ingest(ledger: Ledger, item: Article, number: int) -> int:
    """Store one item as a source with its claims accepted; returns the number of claims."""
    document = load_document(item.text.encode("utf-8"), f"generated/item-{number:06d}.txt")
    published = FuzzyDate(item.published, Precision.DAY)
    extraction = extract(document, published)
    meta = SourceMeta(published=published, publisher=item.publisher)
    added = ledger.add_source(document, extraction.claims, meta, ACTOR, accept=True)
    return len(added.claim_ids)


def build(path: Path, persons: int, sources: int, seed: int) -> None:
    """Write a fresh ledger at ``path`` with ``persons`` registry persons and ``sources`` items,
    printing how long each part took."""
    started = time.perf_counter()
    build_persons(path, persons, seed)
    persons_done = time.perf_counter()
    items = articles(sources, latin_names(path, NAMED_PERSONS, seed), seed)
    ledger = Ledger(f"sqlite:///{path}")
    claims = 0
    first = time.perf_counter()
    try:
        for number, item in enumerate(items, 1):
            claims += ingest(ledger, item, number)
            if number == min(100, sources):
                each = (time.perf_counter() - first) / number
                print(
                    f"first {number} sources: {each * 1000:.0f} ms each, about "
                    f"{each * sources / 60:.1f} min for {sources:,}",
                    flush=True,
                )
            elif number % 1000 == 0:
                print(f"{number:,} sources in {time.perf_counter() - first:.0f} s", flush=True)
    finally:
        ledger.close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("ANALYZE")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ended = time.perf_counter()
    print(
        f"ledger built in {ended - started:.0f} s: {persons:,} persons in "
        f"{persons_done - started:.0f} s, {sources:,} sources ({claims:,} claims accepted) in "
        f"{ended - persons_done:.0f} s",
        flush=True,
    )

"""Putting a text into a ledger the way `polon ingest` does, for storage tests."""

from __future__ import annotations

from pathlib import Path

from polon.ingest import extract, load_document
from polon.ledger import Added, Ledger, SourceMeta


def ingest_text(ledger: Ledger, path: Path, accept: bool = True, user: str = "tester") -> Added:
    document = load_document(path.read_bytes(), path.name)
    extraction = extract(document)
    meta = SourceMeta(published=extraction.published)
    return ledger.add_source(document, extraction.claims, meta, user, accept=accept)

"""A ledger built from the seed reports, and own-words reports written per test."""

from __future__ import annotations

import pytest

from polon.ingest import extract, load_document
from polon.ingest.dates import FuzzyDate
from polon.ledger import Ledger, SourceMeta
from tests.conftest import KI_SEED, NV_SEED
from tests.ledger.helpers import ingest_text


@pytest.fixture
def seeded(ledger: Ledger) -> Ledger:
    ingest_text(ledger, NV_SEED)
    ingest_text(ledger, KI_SEED)
    return ledger


def report(ledger: Ledger, text: str, published: str | None = None, name: str = "r.txt") -> None:
    """Ingest and accept a report written for the test, as ``polon ingest --accept`` would."""
    document = load_document(text.encode("utf-8"), name)
    when = FuzzyDate.from_iso(published) if published else None
    extraction = extract(document, when)
    meta = SourceMeta(published=extraction.published)
    ledger.add_source(document, extraction.claims, meta, "tester", accept=True)

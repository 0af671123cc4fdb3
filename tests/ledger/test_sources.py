"""Sources are stored once, with all their claims, in one transaction."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from polon.ingest import CandidateClaim, load_document
from polon.ledger import Ledger, SourceMeta
from polon.ledger.models import AuditEntry, Claim, Source
from tests.conftest import KI_SEED, NV_SEED
from tests.ledger.helpers import ingest_text


def _count(ledger: Ledger, model) -> int:
    with ledger._sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_same_document_twice_adds_nothing(ledger: Ledger):
    first = ingest_text(ledger, KI_SEED, accept=False)
    second = ingest_text(ledger, KI_SEED, accept=False)
    assert first.created and not second.created
    assert second.source_id == first.source_id
    assert _count(ledger, Source) == 1
    assert _count(ledger, Claim) == len(first.claim_ids) > 0


def test_source_keeps_raw_bytes_cleaned_text_and_metadata(ledger: Ledger):
    added = ingest_text(ledger, KI_SEED, accept=False)
    with ledger._sessions() as session:
        source = session.get(Source, added.source_id)
        assert source.raw == KI_SEED.read_bytes()
        assert "Subscribe" not in source.text
        assert source.publisher == "The Kyiv Independent"
        assert source.published_on.isoformat() == "2022-10-06"
        assert source.published_precision == "day"
        assert len(source.sha256) == 64
        for claim in source.claims:
            assert 0 <= claim.evidence_start < claim.evidence_end <= len(source.text)
            assert claim.state == "proposed"


def test_ingest_is_audited_in_the_same_transaction(ledger: Ledger):
    added = ingest_text(ledger, NV_SEED, accept=False, user="analyst-1")
    with ledger._sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "ingest"))
        assert entry.entity_type == "sources" and entry.entity_id == added.source_id
        assert entry.after["claims"] == len(added.claim_ids)
        assert "text" not in entry.after  # the audit log does not copy whole documents


def test_a_failing_claim_leaves_no_source_behind(ledger: Ledger):
    document = load_document(b"Russia holds 100 Ukrainian POWs.", "bad.txt")
    good = CandidateClaim("figure", {"value": 100}, 0, 10, qualifier="exact")
    bad = CandidateClaim("figure", {"value": 1}, 0, 10, qualifier="roughly")  # CHECK fails
    with pytest.raises(IntegrityError):
        ledger.add_source(document, [good, bad], SourceMeta(), "tester")
    assert _count(ledger, Source) == 0
    assert _count(ledger, Claim) == 0
    assert _count(ledger, AuditEntry) == 0


def test_two_writers_ingesting_one_document_store_it_once(ledger: Ledger):
    """A second process that loses the race on the unique hash is told "already stored"."""
    import threading

    from polon.ingest import extract
    from polon.ledger.db import transaction
    from polon.ledger.sources import add_source

    document = load_document(KI_SEED.read_bytes(), KI_SEED.name)
    claims = extract(document).claims
    first_inserted, release = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with transaction(ledger._sessions) as session:
            add_source(session, document, claims, SourceMeta(), None)
            first_inserted.set()
            release.wait(timeout=30)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert first_inserted.wait(timeout=30)
    racer: list = []
    second = threading.Thread(
        target=lambda: racer.append(ledger.add_source(document, claims, SourceMeta(), "b"))
    )
    second.start()
    second.join(timeout=1)  # it waits on the first writer (the hash lock, or SQLite's lock)
    release.set()
    writer.join(timeout=30)
    second.join(timeout=30)
    [added] = racer
    assert added.created is False
    assert _count(ledger, Source) == 1
    assert _count(ledger, Claim) == len(claims)

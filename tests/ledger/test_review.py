"""Review decisions are recorded beside claims; claims are never deleted."""

import pytest
from sqlalchemy import func, select

from polon.ledger import ClaimState, Ledger, ReviewError
from polon.ledger.models import AuditEntry, Claim, User
from tests.conftest import KI_SEED
from tests.ledger.helpers import ingest_text


def test_reject_keeps_the_claim_and_records_who(ledger: Ledger):
    added = ingest_text(ledger, KI_SEED, accept=False)
    target = added.claim_ids[0]
    result = ledger.decide([target], ClaimState.REJECTED, "editor-anna")
    assert result.changed == [target]
    with ledger._sessions() as session:
        claim = session.get(Claim, target)
        assert claim.state == "rejected" and claim.decided_at is not None
        assert session.get(User, claim.decided_by).name == "editor-anna"
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "reject"))
        assert entry.before["state"] == "proposed" and entry.after["state"] == "rejected"
        assert session.scalar(select(func.count()).select_from(Claim)) == len(added.claim_ids)


def test_accepting_twice_is_harmless(ledger: Ledger):
    added = ingest_text(ledger, KI_SEED, accept=False)
    ledger.accept_sources([added.source_id], "tester")
    again = ledger.decide(added.claim_ids, ClaimState.ACCEPTED, "tester")
    assert again.changed == [] and len(again.unchanged) == len(added.claim_ids)
    assert len(ledger.read("exchanges")) == 1


def test_accepted_claims_cannot_be_rejected_silently(ledger: Ledger):
    added = ingest_text(ledger, KI_SEED, accept=True)
    with pytest.raises(ReviewError, match="already accepted"):
        ledger.decide(added.claim_ids[:1], ClaimState.REJECTED, "tester")


def test_unknown_claim_ids_are_refused_and_nothing_changes(ledger: Ledger):
    added = ingest_text(ledger, KI_SEED, accept=False)
    with pytest.raises(ReviewError, match="no claim with id 9999"):
        ledger.decide([added.claim_ids[0], 9999], ClaimState.ACCEPTED, "tester")
    assert ledger.claims(state="accepted") == []
    assert ledger.read("exchanges") == []

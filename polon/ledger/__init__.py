"""The ledger: sources, claims and the entities built from accepted claims."""

from polon.ledger.ledger import Ledger, LedgerError
from polon.ledger.models import ClaimState, SourceKind
from polon.ledger.review import ReviewError
from polon.ledger.sources import Added, SourceMeta

__all__ = [
    "Added",
    "ClaimState",
    "Ledger",
    "LedgerError",
    "ReviewError",
    "SourceKind",
    "SourceMeta",
]

"""Building ledger entities from accepted claims.

Accepting a claim either creates the entity it describes or attaches the claim to an entity
that already exists (the same exchange told by another outlet, the same person named again).
Builders never overwrite a stated value with a different one: where two accepted claims
disagree, the first value stays and a Discrepancy names both claims.
"""

from polon.ledger.build.dispatch import apply_claim

__all__ = ["apply_claim"]

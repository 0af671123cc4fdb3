"""index discrepancy claims by claim

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 23:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_discrepancy_claims_claim_id", "discrepancy_claims", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_discrepancy_claims_claim_id", table_name="discrepancy_claims")

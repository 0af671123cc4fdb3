"""person registry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 21:34:48.025224
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "link_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run", sa.String(length=40), nullable=False),
        sa.Column(
            "person_ids",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "state IS NULL OR state IN ('proposed', 'accepted', 'rejected', 'split')",
            name=op.f("ck_link_proposals_state_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_link_proposals_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_proposals")),
    )
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_id", sa.Integer(), nullable=False),
        sa.Column(
            "previous",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_merges_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["kept_id"], ["persons.id"], name=op.f("fk_merges_kept_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["link_proposals.id"],
            name=op.f("fk_merges_proposal_id_link_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["undone_by"], ["users.id"], name=op.f("fk_merges_undone_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_table(
        "person_identifiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_identifiers_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_identifiers")),
        sa.UniqueConstraint("scheme", "value", name="uq_person_identifiers"),
    )
    with op.batch_alter_table("person_identifiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_identifiers_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "person_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("note_record_id", sa.String(length=500), nullable=True),
        sa.Column("person_record_id", sa.String(length=500), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_person_notes_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_notes_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_notes")),
        sa.UniqueConstraint("note_record_id", name=op.f("uq_person_notes_note_record_id")),
    )
    with op.batch_alter_table("person_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_notes_person_record_id"), ["person_record_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_notes_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_keys",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_keys_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("key", "kind", "person_id", name=op.f("pk_person_keys")),
    )
    op.create_table(
        "person_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_person_facts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_facts_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_facts")),
    )
    with op.batch_alter_table("person_facts", schema=None) as batch_op:
        batch_op.create_index("ix_person_facts_person", ["person_id", "field"], unique=False)

    op.create_table(
        "person_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("exchange_id", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_person_statuses_date_precision_valid"),
        ),
        sa.CheckConstraint(
            "evidence IS NULL OR evidence IN ('official', 'icrc', 'video', 'testimony', 'family', 'list', 'media', 'other')",
            name=op.f("ck_person_statuses_evidence_valid"),
        ),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('missing', 'captured', 'held', 'transferred', 'released', 'returned', 'died', 'alive')",
            name=op.f("ck_person_statuses_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_person_statuses_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["exchange_id"], ["exchanges.id"], name=op.f("fk_person_statuses_exchange_id_exchanges")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_statuses_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_statuses")),
    )
    with op.batch_alter_table("person_statuses", schema=None) as batch_op:
        batch_op.create_index("ix_person_statuses_person", ["person_id", "date"], unique=False)

    with op.batch_alter_table("name_variants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_name_variants_claim_id_claims"), "claims", ["claim_id"], ["id"]
        )

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_persons_merged_into"), ["merged_into"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_persons_merged_into_persons"), "persons", ["merged_into"], ["id"]
        )


def downgrade() -> None:

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_persons_merged_into_persons"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_persons_merged_into"))
        batch_op.drop_column("merged_into")

    with op.batch_alter_table("name_variants", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_name_variants_claim_id_claims"), type_="foreignkey")
        batch_op.drop_column("claim_id")

    with op.batch_alter_table("person_statuses", schema=None) as batch_op:
        batch_op.drop_index("ix_person_statuses_person")

    op.drop_table("person_statuses")
    with op.batch_alter_table("person_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_person_facts_person")

    op.drop_table("person_facts")
    op.drop_table("person_keys")
    op.drop_table("person_notes")
    with op.batch_alter_table("person_identifiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_identifiers_person_id"))

    op.drop_table("person_identifiers")
    op.drop_table("merges")
    op.drop_table("link_proposals")

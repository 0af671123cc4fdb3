"""initial ledger schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 18:49:34.582760
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discrepancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('open', 'resolved')",
            name=op.f("ck_discrepancies_status_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discrepancies")),
    )
    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("returned", sa.Integer(), nullable=True),
        sa.Column("handed_over", sa.Integer(), nullable=True),
        sa.Column(
            "mediators",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_exchanges_date_precision_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
    )
    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=10), nullable=False),
        sa.Column("measure", sa.String(length=60), nullable=False),
        sa.Column("group_label", sa.String(length=300), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("as_of_precision", sa.String(length=5), nullable=True),
        sa.Column("attributed_to", sa.String(length=300), nullable=True),
        sa.CheckConstraint(
            "as_of_precision IS NULL OR as_of_precision IN ('day', 'month', 'year')",
            name=op.f("ck_figures_as_of_precision_valid"),
        ),
        sa.CheckConstraint(
            "qualifier IS NULL OR qualifier IN ('exact', 'more_than', 'about', 'at_least', 'up_to')",
            name=op.f("ck_figures_qualifier_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_figures_subject", ["measure", "group_label", "as_of"], unique=False
        )

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("country", sa.String(length=80), nullable=True),
        sa.Column(
            "aliases",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organizations.id"],
            name=op.f("fk_organizations_parent_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("name", name=op.f("uq_organizations_name")),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occupied", sa.Boolean(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["places.id"], name=op.f("fk_places_parent_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("name", "kind", name="uq_places_name_kind"),
    )
    op.create_table(
        "promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_by", sa.String(length=300), nullable=True),
        sa.Column("made_to", sa.String(length=300), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("made_precision", sa.String(length=5), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("deadline_from", sa.Date(), nullable=True),
        sa.Column("deadline_to", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "made_precision IS NULL OR made_precision IN ('day', 'month', 'year')",
            name=op.f("ck_promises_made_precision_valid"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('kept', 'broken', 'pending', 'unknown')",
            name=op.f("ck_promises_outcome_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promises")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "role IS NULL OR role IN ('admin', 'editor', 'analyst', 'viewer')",
            name=op.f("ck_users_role_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=10), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "mediators",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_events_date_precision_valid"),
        ),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('capture', 'surrender', 'transfer', 'release', 'death', 'recruitment_attempt', 'other')",
            name=op.f("ck_events_kind_valid"),
        ),
        sa.CheckConstraint(
            "qualifier IS NULL OR qualifier IN ('exact', 'more_than', 'about', 'at_least', 'up_to')",
            name=op.f("ck_events_qualifier_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_events_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("rank", sa.String(length=120), nullable=True),
        sa.Column("position", sa.Text(), nullable=True),
        sa.Column("call_sign", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_persons_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persons_name_key"), ["name_key"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("author", sa.String(length=300), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=5), nullable=True),
        sa.Column("media_type", sa.String(length=50), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("ingested_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('article', 'statement', 'list', 'testimony', 'pfif', 'manual')",
            name=op.f("ck_sources_kind_valid"),
        ),
        sa.CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('day', 'month', 'year')",
            name=op.f("ck_sources_published_precision_valid"),
        ),
        sa.CheckConstraint(
            "reliability IS NULL OR reliability IN ('A', 'B', 'C', 'D', 'E', 'F')",
            name=op.f("ck_sources_reliability_valid"),
        ),
        sa.CheckConstraint(
            "credibility IS NULL OR credibility BETWEEN 1 AND 6", name=op.f("ck_sources_cred_range")
        ),
        sa.ForeignKeyConstraint(
            ["ingested_by"], ["users.id"], name=op.f("fk_sources_ingested_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("sha256", name=op.f("uq_sources_sha256")),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=5), nullable=True),
        sa.Column("qualifier", sa.String(length=10), nullable=True),
        sa.Column("attributed_to", sa.String(length=300), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "date_precision IS NULL OR date_precision IN ('day', 'month', 'year')",
            name=op.f("ck_claims_date_precision_valid"),
        ),
        sa.CheckConstraint(
            "qualifier IS NULL OR qualifier IN ('exact', 'more_than', 'about', 'at_least', 'up_to')",
            name=op.f("ck_claims_qualifier_valid"),
        ),
        sa.CheckConstraint(
            "state IS NULL OR state IN ('proposed', 'accepted', 'rejected')",
            name=op.f("ck_claims_state_valid"),
        ),
        sa.CheckConstraint(
            "evidence_start >= 0 AND evidence_end >= evidence_start", name=op.f("ck_claims_span")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_claims_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_claims_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_source_state", ["source_id", "state"], unique=False)

    op.create_table(
        "event_persons",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_persons_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_event_persons_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("event_id", "person_id", name=op.f("pk_event_persons")),
    )
    op.create_table(
        "exchange_persons",
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["exchanges.id"],
            name=op.f("fk_exchange_persons_exchange_id_exchanges"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_exchange_persons_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("exchange_id", "person_id", name=op.f("pk_exchange_persons")),
    )
    op.create_table(
        "name_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("script", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("system", sa.String(length=40), nullable=True),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_name_variants_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_variants")),
        sa.UniqueConstraint("person_id", "text", name="uq_name_variants_text"),
    )
    with op.batch_alter_table("name_variants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_name_variants_key"), ["key"], unique=False)

    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_links_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_links")),
        sa.UniqueConstraint("claim_id", "entity_type", "entity_id", name="uq_claim_links"),
    )
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.create_index("ix_claim_links_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "discrepancy_claims",
        sa.Column("discrepancy_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_discrepancy_claims_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["discrepancy_id"],
            ["discrepancies.id"],
            name=op.f("fk_discrepancy_claims_discrepancy_id_discrepancies"),
        ),
        sa.PrimaryKeyConstraint("discrepancy_id", "claim_id", name=op.f("pk_discrepancy_claims")),
    )
    op.create_table(
        "exchange_conditions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('kept', 'broken', 'pending', 'unknown')",
            name=op.f("ck_exchange_conditions_outcome_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_exchange_conditions_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["exchanges.id"],
            name=op.f("fk_exchange_conditions_exchange_id_exchanges"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_conditions")),
    )
    op.create_table(
        "exchange_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("exchanged_for", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_exchange_groups_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["exchange_id"], ["exchanges.id"], name=op.f("fk_exchange_groups_exchange_id_exchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_groups")),
    )


def downgrade() -> None:
    op.drop_table("exchange_groups")
    op.drop_table("exchange_conditions")
    op.drop_table("discrepancy_claims")
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_links_entity")

    op.drop_table("claim_links")
    with op.batch_alter_table("name_variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_name_variants_key"))

    op.drop_table("name_variants")
    op.drop_table("exchange_persons")
    op.drop_table("event_persons")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_source_state")

    op.drop_table("claims")
    op.drop_table("sources")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persons_name_key"))

    op.drop_table("persons")
    op.drop_table("events")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("promises")
    op.drop_table("places")
    op.drop_table("organizations")
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_subject")

    op.drop_table("figures")
    op.drop_table("exchanges")
    op.drop_table("discrepancies")

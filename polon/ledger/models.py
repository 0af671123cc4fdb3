"""The ledger's tables.

Sources and claims are the evidence; persons, organizations, places, events, exchanges,
promises and figures are what the evidence supports. Entities never lose their evidence:
``ClaimLink`` ties each entity to every accepted claim behind it, and claims are never
deleted, only decided.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JSONType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType}


class SourceKind(StrEnum):
    ARTICLE = "article"
    STATEMENT = "statement"
    LIST = "list"
    TESTIMONY = "testimony"
    PFIF = "pfif"
    MANUAL = "manual"


class ClaimState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ClaimKind(StrEnum):
    FIGURE = "figure"
    EXCHANGE = "exchange"
    EVENT = "event"
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    PROMISE = "promise"
    NOTE = "note"


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    VIEWER = "viewer"


class EventKind(StrEnum):
    CAPTURE = "capture"
    SURRENDER = "surrender"
    TRANSFER = "transfer"
    RELEASE = "release"
    DEATH = "death"
    RECRUITMENT_ATTEMPT = "recruitment_attempt"
    OTHER = "other"


class Outcome(StrEnum):
    KEPT = "kept"
    BROKEN = "broken"
    PENDING = "pending"
    UNKNOWN = "unknown"


DATE_PRECISIONS = ("day", "month", "year")
QUALIFIER_WORDS = ("exact", "more_than", "about", "at_least", "up_to")
PRECISIONS = ", ".join(f"'{p}'" for p in DATE_PRECISIONS)  # as SQL, for CHECK constraints
QUALIFIERS = ", ".join(f"'{q}'" for q in QUALIFIER_WORDS)


def _in(column: str, values: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} IN ({values})", name=f"{column}_valid")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (_in("role", "'admin', 'editor', 'analyst', 'viewer'"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # RFC 6238 second factor: the shared secret (base32) and the last time step accepted,
    # so that a code, once used, is refused (see polon.ledger.accounts)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        _in("kind", "'article', 'statement', 'list', 'testimony', 'pfif', 'manual'"),
        _in("published_precision", PRECISIONS),
        _in("reliability", "'A', 'B', 'C', 'D', 'E', 'F'"),
        CheckConstraint("credibility IS NULL OR credibility BETWEEN 1 AND 6", name="cred_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=SourceKind.ARTICLE)
    name: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    author: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(5))
    media_type: Mapped[str] = mapped_column(String(50))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text)
    reliability: Mapped[str] = mapped_column(String(1), default="F")
    credibility: Mapped[int] = mapped_column(Integer, default=6)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ingested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    claims: Mapped[list[Claim]] = relationship(back_populates="source", order_by="Claim.id")


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        _in("state", "'proposed', 'accepted', 'rejected'"),
        _in("date_precision", PRECISIONS),
        _in("qualifier", QUALIFIERS),
        CheckConstraint("evidence_start >= 0 AND evidence_end >= evidence_start", name="span"),
        Index("ix_claims_source_state", "source_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(20))
    values: Mapped[dict[str, Any]]
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(5))
    qualifier: Mapped[str | None] = mapped_column(String(10))
    attributed_to: Mapped[str | None] = mapped_column(String(300))
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default=ClaimState.PROPOSED)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Every change bumps the version; an edit made against an older one is refused (HTTP 409)
    # instead of silently overwriting what another reviewer saved in between.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    source: Mapped[Source] = relationship(back_populates="claims")
    __mapper_args__ = {"version_id_col": version}

    @property
    def evidence(self) -> str:
        return self.source.text[self.evidence_start : self.evidence_end]


class ClaimLink(Base):
    """Which accepted claims support which ledger entity (one claim may support several)."""

    __tablename__ = "claim_links"
    __table_args__ = (
        UniqueConstraint("claim_id", "entity_type", "entity_id", name="uq_claim_links"),
        Index("ix_claim_links_entity", "entity_type", "entity_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(40))

    claim: Mapped[Claim] = relationship()


class Organization(Base):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(80))
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))

    parent: Mapped[Organization | None] = relationship(remote_side=[id])


class Place(Base):
    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("name", "kind", name="uq_places_name_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    occupied: Mapped[bool | None] = mapped_column(Boolean)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))

    parent: Mapped[Place | None] = relationship(remote_side=[id])


class Person(Base):
    """One person as the registry knows them; ``merged_into`` points at the record that a
    reviewed merge folded this one into (the merge can be undone, so nothing is deleted)."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)
    rank: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[str | None] = mapped_column(Text)
    call_sign: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str | None] = mapped_column(String(40))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)

    variants: Mapped[list[NameVariant]] = relationship(
        back_populates="person", order_by="NameVariant.id"
    )
    organization: Mapped[Organization | None] = relationship()


class NameVariant(Base):
    __tablename__ = "name_variants"
    __table_args__ = (UniqueConstraint("person_id", "text", name="uq_name_variants_text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    text: Mapped[str] = mapped_column(String(300))
    script: Mapped[str] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(10))
    system: Mapped[str | None] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(300), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))

    person: Mapped[Person] = relationship(back_populates="variants")


STATUSES = (
    "missing", "captured", "held", "transferred", "released", "returned", "died", "alive",
)  # fmt: skip
EVIDENCE_KINDS = (
    "official", "icrc", "video", "testimony", "family", "list", "media", "other",
)  # fmt: skip


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class PersonFact(Base):
    """One value of one record field as one claim states it (see ``polon.registry.record``)."""

    __tablename__ = "person_facts"
    __table_args__ = (Index("ix_person_facts_person", "person_id", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    field: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))


class PersonStatus(Base):
    """A status on a date with the claim behind it and what kind of evidence that claim is."""

    __tablename__ = "person_statuses"
    __table_args__ = (
        _in("status", _quoted(STATUSES)),
        _in("evidence", _quoted(EVIDENCE_KINDS)),
        _in("date_precision", PRECISIONS),
        Index("ix_person_statuses_person", "person_id", "date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(String(300))
    exchange_id: Mapped[int | None] = mapped_column(ForeignKey("exchanges.id"))
    evidence: Mapped[str] = mapped_column(String(20), default="other")
    note: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))


class PersonKey(Base):
    """A search and blocking key of a person's names: found by key, it leads to the person.

    The key leads the primary key, so a lookup is one index range scan on either backend.
    """

    __tablename__ = "person_keys"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)


class PersonIdentifier(Base):
    """An identifier a list gave the person (a PFIF person_record_id, a list's row id).

    A PFIF record id names one person across files and time, so a re-import updates the
    person it names instead of adding a second one.
    """

    __tablename__ = "person_identifiers"
    __table_args__ = (UniqueConstraint("scheme", "value", name="uq_person_identifiers"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(500))


class PersonNote(Base):
    """A note about a person (PFIF), kept by the record id it names.

    A notes-only file may arrive before the persons it is about; the note waits with
    ``person_id`` empty and attaches when a person with that record id is imported.
    """

    __tablename__ = "person_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    note_record_id: Mapped[str | None] = mapped_column(String(500), unique=True)
    person_record_id: Mapped[str | None] = mapped_column(String(500), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    status: Mapped[str | None] = mapped_column(String(30))


class LinkProposal(Base):
    """A cluster that linkage proposes as one person, waiting for a reviewer."""

    __tablename__ = "link_proposals"
    __table_args__ = (_in("state", "'proposed', 'accepted', 'rejected', 'split'"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run: Mapped[str] = mapped_column(String(40))
    person_ids: Mapped[list[Any]]
    probability: Mapped[float] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="proposed")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Merge(Base):
    """A merge of persons into one, kept so it can be undone exactly.

    ``previous`` maps each moved person id to the ``merged_into`` it had before, so undoing
    restores that state rather than guessing it.
    """

    __tablename__ = "merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    previous: Mapped[dict[str, Any]]
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("link_proposals.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    undone_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        _in(
            "kind",
            "'capture', 'surrender', 'transfer', 'release', 'death', "
            "'recruitment_attempt', 'other'",
        ),
        _in("date_precision", PRECISIONS),
        _in("qualifier", QUALIFIERS),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(5))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    count: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str | None] = mapped_column(Text)
    mediators: Mapped[list[Any]] = mapped_column(default=list)

    place: Mapped[Place | None] = relationship()


class EventPerson(Base):
    __tablename__ = "event_persons"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)


class Exchange(Base):
    __tablename__ = "exchanges"
    __table_args__ = (_in("date_precision", PRECISIONS),)
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(5))
    returned: Mapped[int | None] = mapped_column(Integer)
    handed_over: Mapped[int | None] = mapped_column(Integer)
    mediators: Mapped[list[Any]] = mapped_column(default=list)

    groups: Mapped[list[ExchangeGroup]] = relationship(order_by="ExchangeGroup.id")
    conditions: Mapped[list[ExchangeCondition]] = relationship(order_by="ExchangeCondition.id")


class ExchangeGroup(Base):
    """A subgroup as one source counted it ("188 Mariupol defenders"); sources may differ."""

    __tablename__ = "exchange_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id"))
    label: Mapped[str] = mapped_column(String(300))
    count: Mapped[int | None] = mapped_column(Integer)
    exchanged_for: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))

    claim: Mapped[Claim] = relationship()


class ExchangeCondition(Base):
    __tablename__ = "exchange_conditions"
    __table_args__ = (_in("outcome", "'kept', 'broken', 'pending', 'unknown'"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id"))
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(10), default=Outcome.UNKNOWN)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))


class ExchangePerson(Base):
    __tablename__ = "exchange_persons"
    exchange_id: Mapped[int] = mapped_column(ForeignKey("exchanges.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)


class Promise(Base):
    __tablename__ = "promises"
    __table_args__ = (
        _in("outcome", "'kept', 'broken', 'pending', 'unknown'"),
        _in("made_precision", PRECISIONS),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    made_by: Mapped[str | None] = mapped_column(String(300))
    made_to: Mapped[str | None] = mapped_column(String(300))
    made_on: Mapped[dt.date | None] = mapped_column(Date)
    made_precision: Mapped[str | None] = mapped_column(String(5))
    content: Mapped[str] = mapped_column(Text)
    deadline_from: Mapped[dt.date | None] = mapped_column(Date)
    deadline_to: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(10), default=Outcome.UNKNOWN)
    outcome_note: Mapped[str | None] = mapped_column(Text)


class Figure(Base):
    """One stated number: several sources stating the same point share one figure."""

    __tablename__ = "figures"
    __table_args__ = (
        _in("qualifier", QUALIFIERS),
        _in("as_of_precision", PRECISIONS),
        Index("ix_figures_subject", "measure", "group_label", "as_of"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(10))
    measure: Mapped[str] = mapped_column(String(60))
    group_label: Mapped[str] = mapped_column(String(300))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    as_of_precision: Mapped[str | None] = mapped_column(String(5))
    attributed_to: Mapped[str | None] = mapped_column(String(300))


class Discrepancy(Base):
    """Claims that cannot all be true. Both stay; an editor may resolve the disagreement,
    and the reason is kept beside it (``polon.ledger.discrepancies``), never in its place."""

    __tablename__ = "discrepancies"
    __table_args__ = (_in("status", "'open', 'resolved'"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)


class DiscrepancyClaim(Base):
    __tablename__ = "discrepancy_claims"
    # "which discrepancies name this claim" is asked per figure on the dashboard
    __table_args__ = (Index("ix_discrepancy_claims_claim_id", "claim_id"),)
    discrepancy_id: Mapped[int] = mapped_column(ForeignKey("discrepancies.id"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)


class AuditEntry(Base):
    """Append-only: written in the same transaction as the change it records."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

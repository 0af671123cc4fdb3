"""Storing a source with its candidate claims, once.

A source and all its claims are written in one transaction, so a process killed mid-import
leaves each document either complete or absent. The sha256 of the raw bytes makes a second
ingest of the same document a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate
from polon.ingest.documents import Document
from polon.ledger import audit
from polon.ledger.models import Claim, Source, SourceKind


@dataclass(frozen=True)
class SourceMeta:
    """What the caller knows about a document beyond its bytes."""

    kind: SourceKind = SourceKind.ARTICLE
    published: FuzzyDate | None = None
    url: str | None = None
    publisher: str | None = None
    reliability: str = "F"
    credibility: int = 6


@dataclass(frozen=True)
class Added:
    source_id: int
    created: bool
    claim_ids: tuple[int, ...]


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def find_by_hash(session: Session, digest: str) -> Source | None:
    return session.scalar(select(Source).where(Source.sha256 == digest))


def add_source(
    session: Session,
    document: Document,
    claims: Sequence[CandidateClaim],
    meta: SourceMeta,
    user_id: int | None,
) -> Added:
    """Store ``document`` and its ``claims`` unless the same bytes are already stored."""
    digest = sha256(document.raw)
    existing = find_by_hash(session, digest)
    if existing is not None:
        return Added(existing.id, False, ())
    source = Source(
        sha256=digest,
        kind=meta.kind,
        name=document.name,
        title=document.title,
        publisher=meta.publisher or document.publisher,
        author=document.author,
        url=meta.url or document.url,
        published_on=meta.published.value if meta.published else None,
        published_precision=str(meta.published.precision) if meta.published else None,
        media_type=document.media_type,
        raw=document.raw,
        text=document.text,
        reliability=meta.reliability,
        credibility=meta.credibility,
        ingested_by=user_id,
    )
    session.add(source)
    session.flush()
    rows = [_claim_row(source.id, candidate) for candidate in claims]
    session.add_all(rows)
    audit.record(session, user_id, "ingest", source, after=_source_summary(source, len(rows)))
    session.flush()
    return Added(source.id, True, tuple(row.id for row in rows))


def _claim_row(source_id: int, candidate: CandidateClaim) -> Claim:
    return Claim(
        source_id=source_id,
        kind=candidate.kind,
        values=candidate.values,
        date=candidate.date.value if candidate.date else None,
        date_precision=str(candidate.date.precision) if candidate.date else None,
        qualifier=candidate.qualifier,
        attributed_to=candidate.attributed_to,
        evidence_start=candidate.start,
        evidence_end=candidate.end,
    )


def _source_summary(source: Source, claim_count: int) -> dict[str, object]:
    summary = audit.snapshot(source)
    summary.pop("text", None)
    summary["claims"] = claim_count
    return summary

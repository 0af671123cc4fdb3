"""The registry as one object over a ledger: imports, search, records, merges, linkage.

Like ``Ledger``, each method is one transaction, so an import either stores the whole list
with every row's claims or nothing, and a merge is written with its audit entry or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polon.interchange.records import ParsedList
from polon.ledger import audit
from polon.ledger.db import transaction
from polon.ledger.ledger import Ledger
from polon.ledger.models import Claim, ClaimLink, ClaimState, Exchange, Role, SourceKind
from polon.ledger.review import decide
from polon.ledger.sources import SourceMeta, add_source, find_by_hash, sha256
from polon.ledger.users import ensure_user
from polon.registry import merge as merging
from polon.registry.imports import list_claims, list_document
from polon.registry.proposals import (
    ProposalError,
    decide_proposal,
    link_rows,
    proposals,
    propose,
    propose_linked_records,
)
from polon.registry.search import Hit, search
from polon.registry.views import (
    findable,
    has_personal_data,
    person_record,
    person_sources,
    sees_personal,
)


class RegistryError(ValueError):
    """A registry operation that cannot be done as asked (unknown exchange, bad merge)."""


@dataclass
class Imported:
    path: str
    source_id: int
    created: bool
    persons: int = 0
    notes: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    proposals: list[int] = field(default_factory=list)


class Registry:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._sessions = ledger._sessions

    # importing ----------------------------------------------------------------------------
    def import_list(
        self,
        path: Path | str,
        actor: str,
        mapping: dict[str, str] | None = None,
        accept: bool = True,
        exchange_id: int | None = None,
        exchange_date: dt.date | None = None,
        evidence: str | None = None,
    ) -> Imported:
        """Read a CSV or PFIF list file and store it as one source; all rows or none."""
        from polon.interchange import read_list

        parsed = read_list(Path(path), mapping)
        return self._store_list(Path(path).read_bytes(), str(path), parsed, actor, accept,
                                exchange_id, exchange_date, evidence)  # fmt: skip

    def import_bytes(
        self,
        raw: bytes,
        name: str,
        actor: str,
        accept: bool = True,
        mapping: dict[str, str] | None = None,
    ) -> Imported:
        """The same for a list held in memory (an upload); ``name`` names it in messages."""
        from polon.interchange import read_bytes

        return self._store_list(raw, name, read_bytes(raw, name, mapping), actor, accept)

    def _store_list(
        self,
        raw: bytes,
        name: str,
        parsed: ParsedList,
        actor: str,
        accept: bool,
        exchange_id: int | None = None,
        exchange_date: dt.date | None = None,
        evidence: str | None = None,
    ) -> Imported:
        """Parsing happened before the transaction opens, so a bad row is reported with its
        line number without the ledger ever having been touched."""
        document = list_document(name, raw, parsed)
        kind = SourceKind.PFIF if parsed.format == "pfif" else SourceKind.LIST
        try:
            with transaction(self._sessions) as session:
                user = ensure_user(session, actor)
                exchange = self._exchange(session, exchange_id, exchange_date)
                claims = list_claims(parsed, document.text, raw, exchange, evidence)
                added = add_source(session, document, claims, SourceMeta(kind=kind), user.id)
                result = Imported(name, added.source_id, added.created)
                if not added.created:
                    return result
                result.persons = sum(1 for c in claims if c.kind == "person")
                result.notes = sum(1 for c in claims if c.kind == "note")
                result.skipped = list(parsed.skipped)
                result.warnings = list(parsed.warnings)
                if accept:
                    decide(session, added.claim_ids, ClaimState.ACCEPTED, user.id)
                    result.proposals = propose_linked_records(session, added.claim_ids)
                return result
        except IntegrityError:
            with self._sessions() as session:
                existing = find_by_hash(session, sha256(raw))
            if existing is None:
                raise
            return Imported(name, existing.id, False)

    def _exchange(
        self, session: Session, exchange_id: int | None, date: dt.date | None
    ) -> tuple[int, dt.date] | None:
        if exchange_id is None and date is None:
            return None
        if exchange_id is not None:
            exchange = session.get(Exchange, exchange_id)
            if exchange is None:
                raise RegistryError(f"no exchange with id {exchange_id}")
        else:
            found = list(session.scalars(select(Exchange).where(Exchange.date == date)))
            if len(found) != 1:
                what = "no exchange" if not found else f"{len(found)} exchanges"
                raise RegistryError(f"{what} on {date.isoformat()}; name one with --exchange")
            exchange = found[0]
        if exchange.date is None:
            raise RegistryError(f"exchange {exchange.id} has no date to mark persons returned on")
        return (exchange.id, exchange.date)

    # reading ------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, role: str = Role.ANALYST) -> list[Hit]:
        with self._sessions() as session:
            hits = search(session, query, limit=limit * 3 if not sees_personal(role) else limit)
            if not sees_personal(role):
                hits = [h for h in hits if _has_published(session, h.person_id)][:limit]
            return hits

    def person(self, person_id: int, actor: str, role: str = Role.ANALYST) -> dict[str, Any]:
        """A person's record; a view of personal data is written to the audit log before the
        record is returned (if the entry cannot be written, nothing is shown).

        The record is read first, in a read transaction, and the entry is written in a short
        transaction of its own: on SQLite a write transaction holds the one write lock, and
        views holding it while the record's dozen queries ran made every view wait in turn.
        """
        with self._sessions() as session:
            record = person_record(session, person_id, role)
        if has_personal_data(record):
            with transaction(self._sessions) as session:
                user = ensure_user(session, actor)
                audit.record(
                    session, user.id, "view_personal", _PersonRef(record["id"]),
                    after={"person_id": record["id"], "role": str(role)},
                )  # fmt: skip
        return record

    # merging ------------------------------------------------------------------------------
    @contextmanager
    def _writing(self, actor: str) -> Iterator[tuple[Session, int]]:
        """One write transaction as ``actor``; a refused merge or decision is a RegistryError."""
        with transaction(self._sessions) as session:
            user = ensure_user(session, actor)
            try:
                yield session, user.id
            except (merging.MergeError, ProposalError) as error:
                raise RegistryError(str(error)) from None

    def merge(
        self, person_ids: list[int], actor: str, keep: int | None = None, reason: str | None = None
    ) -> int:
        with self._writing(actor) as (session, user_id):
            return merging.merge(session, person_ids, user_id, keep=keep, reason=reason).id

    def undo_merge(self, merge_id: int, actor: str) -> None:
        with self._writing(actor) as (session, user_id):
            merging.undo(session, merge_id, user_id)

    def split(self, person_id: int, actor: str) -> None:
        with self._writing(actor) as (session, user_id):
            merging.split(session, person_id, user_id)

    # exporting ----------------------------------------------------------------------------
    def export(self, format_: str, actor: str, role: str = Role.ANALYST) -> str | bytes:
        """Every person (merges folded) as CSV, JSON or PFIF 1.4; the export is audited."""
        from polon.interchange import write_csv, write_json, write_pfif
        from polon.registry.exports import export_records

        writers = {"csv": write_csv, "json": write_json, "pfif": write_pfif}
        if format_ not in writers:
            raise RegistryError(f"unknown format {format_!r}: csv, json or pfif")
        with transaction(self._sessions) as session:
            records = export_records(session, role)
            user = ensure_user(session, actor)
            audit.record(
                session, user.id, "export", _PersonRef(None),
                after={"format": format_, "role": str(role), "persons": len(records)},
            )  # fmt: skip
        return writers[format_](records)

    # linkage ------------------------------------------------------------------------------
    def link(
        self,
        actor: str,
        engine: str = "duckdb",
        threshold: float = 0.9,
        spark_master: str | None = None,
        source_id: int | None = None,
    ) -> list[int]:
        """Run linkage over the persons (or one list's persons against the rest) and store
        each cluster found as a proposal; nothing is merged until a reviewer accepts."""
        from polon.registry.linkage import LinkRecord, deduplicate, link

        with self._sessions() as session:
            rows = link_rows(session)
            new_ids = _source_persons(session, source_id) if source_id is not None else None
        records = [LinkRecord(**row) for row in rows]
        if new_ids is None:
            result = deduplicate(records, engine=engine, threshold=threshold,
                                 spark_master=spark_master)  # fmt: skip
        else:
            new = [r for r in records if r.id in new_ids]
            existing = [r for r in records if r.id not in new_ids]
            result = link(new, existing, engine=engine, threshold=threshold,
                          spark_master=spark_master)  # fmt: skip
        reasons = _cluster_reasons(result.clusters, result.pairs)
        clusters = [
            (list(c.ids), c.min_probability, reasons.get(c.ids, "")) for c in result.clusters
        ]
        run = f"{engine}-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
        with transaction(self._sessions) as session:
            user = ensure_user(session, actor)
            return propose(session, run, clusters, user.id)

    def proposals(self, state: str | None = "proposed") -> list[dict[str, Any]]:
        with self._sessions() as session:
            return proposals(session, state)

    def decide_proposal(
        self, proposal_id: int, decision: str, actor: str, groups: list[list[int]] | None = None
    ) -> list[int]:
        with self._writing(actor) as (session, user_id):
            return decide_proposal(session, proposal_id, decision, user_id, groups)


def _cluster_reasons(clusters: list, pairs: list) -> dict[tuple[int, ...], str]:
    """For each cluster, what its strongest pair agreed on, for the reviewer."""
    cluster_of = {member: c.ids for c in clusters for member in c.ids}
    inside: dict[tuple[int, ...], list] = {}
    for pair in pairs:
        ids = cluster_of.get(pair.id_l)
        if ids is not None and ids is cluster_of.get(pair.id_r):
            inside.setdefault(ids, []).append(pair)
    reasons = {}
    for ids, found in inside.items():
        best = max(found, key=lambda p: p.match_probability)
        more = f" (+{len(found) - 1} more pairs)" if len(found) > 1 else ""
        reasons[ids] = f"{best.id_l}–{best.id_r}: {best.reason}{more}"
    return reasons


def _source_persons(session: Session, source_id: int) -> set[int]:
    rows = session.scalars(
        select(ClaimLink.entity_id)
        .join(Claim, Claim.id == ClaimLink.claim_id)
        .where(Claim.source_id == source_id, ClaimLink.entity_type == "persons")
    )
    return set(rows)


class _PersonRef:
    """Lets the audit log name a person without loading (or snapshotting) the record."""

    __tablename__ = "persons"

    def __init__(self, person_id: int | None) -> None:
        self.id = person_id


def _has_published(session: Session, person_id: int) -> bool:
    """A viewer's search shows only persons a published source named."""
    return findable(Role.VIEWER, person_sources(session, person_id)[2])

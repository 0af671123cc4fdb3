"""The ledger as one object: what the CLI and the web app hold on to.

A thin facade in the manner of sqlite-utils' ``Database``: it owns the engine, opens one
transaction per operation and delegates the rules to the modules beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from polon.ingest.claims import CandidateClaim
from polon.ingest.documents import Document
from polon.ledger import discrepancies, queries, schema
from polon.ledger.db import make_engine, resolve_url, session_factory, transaction
from polon.ledger.models import ClaimState
from polon.ledger.review import Decided, StaleEdit, decide, edit, proposed_ids
from polon.ledger.sources import Added, SourceMeta, add_source, find_by_hash, sha256
from polon.ledger.users import ensure_user


@contextmanager
def _stale_as_review_error() -> Iterator[None]:
    """Two editors saving the same claim at once: the database refuses the later write
    (its UPDATE names the old version); the loser hears what a stale form would tell them."""
    try:
        yield
    except StaleDataError as error:
        raise StaleEdit(None) from error


class LedgerError(RuntimeError):
    """A problem with the database itself (missing schema, unreachable server)."""


READERS: dict[str, Callable[[Session], list[dict[str, Any]]]] = {
    "sources": queries.sources,
    "exchanges": queries.exchanges,
    "figures": queries.figures,
    "persons": queries.persons,
    "organizations": queries.organizations,
    "places": queries.places,
    "events": queries.events,
    "promises": queries.promises,
    "discrepancies": queries.discrepancies,
}


class Ledger:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = session_factory(self.engine)

    @classmethod
    def open(cls, db: str | None = None) -> Ledger:
        """Open the database named by ``db``, ``POLON_DB`` or the default ``./polon.db``."""
        return cls(resolve_url(db))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # schema -------------------------------------------------------------------------------
    def init(self) -> None:
        """Create or upgrade the schema; safe to run on an existing ledger."""
        schema.upgrade(self.engine)

    def ensure_ready(self) -> None:
        """Fail with a helpful message when the schema is missing or out of date."""
        try:
            ready = schema.is_current(self.engine)
            exists = ready or inspect(self.engine).has_table("sources")
        except Exception as error:  # the driver's own exception types differ per backend
            raise LedgerError(f"cannot open {self.display_url}: {error}") from error
        if not ready:
            action = "upgraded" if exists else "initialised"
            raise LedgerError(f"{self.display_url} must be {action} first: run `polon init`")

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    # writing ------------------------------------------------------------------------------
    def add_source(
        self,
        document: Document,
        claims: Sequence[CandidateClaim],
        meta: SourceMeta,
        actor: str,
        accept: bool = False,
    ) -> Added:
        """Store a document with its claims (and accept them) in one transaction.

        Two processes may ingest the same document at once; on PostgreSQL the second then
        fails on the unique hash, and is answered like any repeat ingest.
        """
        try:
            with transaction(self._sessions) as session:
                user = ensure_user(session, actor)
                added = add_source(session, document, claims, meta, user.id)
                if accept and added.created:
                    decide(session, added.claim_ids, ClaimState.ACCEPTED, user.id)
                return added
        except IntegrityError:
            with self._sessions() as session:
                existing = find_by_hash(session, sha256(document.raw))
            if existing is None:
                raise
            return Added(existing.id, False, ())

    def stored_source(self, document: Document) -> int | None:
        """The id of the source already stored from these very bytes, if any."""
        with self._sessions() as session:
            existing = find_by_hash(session, sha256(document.raw))
        return existing.id if existing is not None else None

    def decide(
        self,
        claim_ids: Iterable[int],
        state: ClaimState,
        actor: str,
        source_ids: Iterable[int] = (),
        versions: dict[int, int] | None = None,
    ) -> Decided:
        """Accept or reject the named claims and every proposed claim of ``source_ids``.

        All of it is one transaction: an unknown id, or a claim changed since the reviewer
        saw it (``versions``), refuses the whole decision.
        """
        with _stale_as_review_error(), transaction(self._sessions) as session:
            user = ensure_user(session, actor)
            sources = list(source_ids)
            ids = list(claim_ids) + (proposed_ids(session, sources) if sources else [])
            return decide(session, ids, state, user.id, versions)

    def edit_claim(
        self, claim_id: int, version: int, changes: dict[str, Any], actor: str
    ) -> dict[str, Any]:
        """Edit a proposed claim if it is still at ``version``; returns the claim as stored."""
        with _stale_as_review_error(), transaction(self._sessions) as session:
            user = ensure_user(session, actor)
            claim = edit(session, claim_id, version, changes, user.id)
            session.flush()
            return queries.claim(session, claim.id)

    def claim(self, claim_id: int) -> dict[str, Any] | None:
        with self._sessions() as session:
            return queries.claim(session, claim_id)

    def accept_sources(self, source_ids: Iterable[int], actor: str) -> Decided:
        """Accept every proposed claim of these sources."""
        return self.decide([], ClaimState.ACCEPTED, actor, source_ids)

    def resolve_discrepancy(self, discrepancy_id: int, reason: str, actor: str) -> dict[str, Any]:
        """Resolve a discrepancy with the editor's reason; returns it as resolved. Refused
        (``DiscrepancyError``) for a blank reason, an unknown id or one already resolved."""
        with transaction(self._sessions) as session:
            user = ensure_user(session, actor)
            found = discrepancies.resolve(session, discrepancy_id, reason, user.id)
            return discrepancies.outcome(session, found)

    # reading ------------------------------------------------------------------------------
    def session(self) -> Session:
        """A session for reads that several library functions share (the analytics, a report)."""
        return self._sessions()

    def read(self, table: str) -> list[dict[str, Any]]:
        with self._sessions() as session:
            return READERS[table](session)

    def discrepancies(self, status: str | None = None) -> list[dict[str, Any]]:
        """Every discrepancy, or only the "open" or the "resolved" ones."""
        with self._sessions() as session:
            return queries.discrepancies(session, status=status)

    def claims(self, state: str | None = None, source_id: int | None = None) -> list[dict]:
        with self._sessions() as session:
            return queries.claims(session, state, source_id)

    def summary(self) -> dict[str, list[dict[str, Any]]]:
        """Everything the ledger summary shows, read in one session."""
        with self._sessions() as session:
            return {name: reader(session) for name, reader in READERS.items()}

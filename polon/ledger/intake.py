"""From files and URLs to sources in the ledger: read, extract, store — one report at a time.

Each report is its own transaction, so one bad file neither stops the others nor leaves a
half-written source behind; errors are returned for the caller to report, never swallowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from polon.ingest import Document, DocumentError, FuzzyDate, extract, read_report
from polon.ledger.ledger import Ledger
from polon.ledger.sources import SourceMeta


@dataclass(frozen=True)
class Outcome:
    path: Path | str
    source_id: int | None = None
    created: bool = False
    claims: int = 0
    error: str | None = None


def expand_paths(locations: Iterable[Path | str]) -> Iterator[Path | str]:
    """Files named, the files inside folders named (sorted, hidden files skipped), and URLs."""
    from polon.ingest.fetch import is_url

    for location in locations:
        if isinstance(location, str) and is_url(location):
            yield location
            continue
        path = Path(location)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    yield child
        else:
            yield path


def ingest_file(
    ledger: Ledger, path: Path | str, meta: SourceMeta, actor: str, accept: bool = False
) -> Outcome:
    """Read, extract and store one report (a path or a URL); a DocumentError becomes an Outcome
    with ``error``."""
    try:
        document = read_report(path)
    except DocumentError as error:
        return Outcome(path, error=str(error))
    return store_document(ledger, path, document, meta, actor, accept)


def store_document(
    ledger: Ledger,
    path: Path | str,
    document: Document,
    meta: SourceMeta,
    actor: str,
    accept: bool = False,
) -> Outcome:
    """Extract and store a document read by the caller (a file, a URL, an upload). A document
    already stored is answered without extracting it again: a folder or an archive is sent
    again after an interruption, and extraction costs ten times the read."""
    stored = ledger.stored_source(document)
    if stored is not None:
        return Outcome(path, stored, False, 0)
    extraction = extract(document, meta.published)
    if meta.published is None and extraction.published is not None:
        meta = SourceMeta(**{**meta.__dict__, "published": extraction.published})
    added = ledger.add_source(document, extraction.claims, meta, actor, accept=accept)
    return Outcome(path, added.source_id, added.created, len(added.claim_ids))


def parse_published(value: str | None) -> FuzzyDate | None:
    """A ``--published`` value, or a ValueError that says what is wrong with it."""
    if value is None:
        return None
    from polon.ingest import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"cannot read {value!r} as a date (try 2022-10-06)")
    return parsed

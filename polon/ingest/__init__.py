"""Documents in, candidate claims out: reading, cleaning and extraction.

Nothing here touches the database: ``polon extract`` runs this package alone, and the ledger
stores what it returns.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass

from polon.ingest.claims import CandidateClaim
from polon.ingest.dates import FuzzyDate, parse_date
from polon.ingest.documents import Document, DocumentError, load_document, read_document
from polon.ingest.extract import extract_claims

__all__ = [
    "CandidateClaim",
    "Document",
    "DocumentError",
    "Extraction",
    "FuzzyDate",
    "extract",
    "load_document",
    "parse_date",
    "read_document",
    "read_report",
]


@dataclass(frozen=True)
class Extraction:
    published: FuzzyDate | None
    claims: list[CandidateClaim]


def extract(document: Document, published: FuzzyDate | None = None) -> Extraction:
    """Candidate claims of ``document``; ``published`` overrides the date the document states.

    The publication date anchors partial dates ("Sept. 21" in an October 2022 article is
    2022-09-21), so it is resolved before extraction and returned with the claims.
    """
    if published is None and document.published_text:
        published = parse_date(document.published_text)
    reference = published.value if published else None
    return Extraction(published, extract_claims(document.text, reference))


def read_report(location: str | pathlib.Path) -> Document:
    """Read a report from a file path or an http(s) URL; failures raise DocumentError."""
    from polon.ingest.fetch import fetch_document, is_url  # httpx only when a URL is given

    if isinstance(location, str) and is_url(location):
        return fetch_document(location)
    return read_document(pathlib.Path(location))

"""Files sent from the browser: reports go to the review queue, person lists into the registry.

Uploads are handled in memory and never written under the name the browser gave, so a name
like ``../../etc/passwd`` names the source in messages and nothing else. A report is stored
with its claims proposed, for an editor to review; a list is accepted as the CLI's
``polon import`` does, unless the uploader asks for review. A .zip (or .gz) is unpacked in
memory, within the limits of polon.ingest.archives, and each member stored as if uploaded
alone.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from polon.ingest import DocumentError
from polon.ingest.archives import ArchiveError, is_archive, unpack
from polon.ingest.documents import load_document
from polon.interchange import ListError
from polon.interchange.detect import sniff_format
from polon.ledger.intake import store_document
from polon.ledger.ledger import Ledger
from polon.ledger.sources import SourceMeta
from polon.registry.registry import Registry, RegistryError

MAX_FILE_BYTES = 20 * 1024 * 1024
LIST_SUFFIXES = (".csv", ".xml", ".pfif", ".json")


@dataclass
class Uploaded:
    file: str
    kind: str = "report"
    source_id: int | None = None
    created: bool = False
    claims: int = 0
    persons: int = 0
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def safe_name(filename: str | None) -> str:
    """The last part of the browser's file name, kept to letters, digits, dot, dash and
    underscore, for messages and the source's name."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = re.sub(r"[^\w.\-]+", "_", base).lstrip(".")[:120]
    return cleaned or "upload"


def is_list(name: str, data: bytes) -> bool:
    if name.lower().endswith((".csv", ".pfif")):
        return True
    if name.lower().endswith((".xml", ".json")):
        return sniff_format(data) in ("pfif", "json")
    return False


def store_uploads(
    ledger: Ledger, actor: str, filename: str | None, data: bytes, review_lists: bool = False
) -> list[Uploaded]:
    """One uploaded file, or each member of an uploaded archive (named "archive.zip/member"
    in the results); an archive refused whole is one ``Uploaded`` with ``error``."""
    name = safe_name(filename)
    if not is_archive(name):
        return [store_upload(ledger, actor, filename, data, review_lists)]
    if len(data) > MAX_FILE_BYTES:
        return [Uploaded(name, "archive", error=f"{name}: over the limit of {MAX_FILE_BYTES:,} "
                         "bytes")]  # fmt: skip
    try:
        members = unpack(name, data)
    except ArchiveError as error:
        return [Uploaded(name, "archive", error=str(error))]
    results = []
    for member in members:
        if member.error is not None:
            shown = f"{name}/{safe_name(member.name)}"
            results.append(Uploaded(shown, "archive", error=f"{shown}: {member.error}"))
            continue
        result = store_upload(ledger, actor, member.name, member.data, review_lists)
        result.file = f"{name}/{result.file}"
        results.append(result)
    return results


def store_upload(
    ledger: Ledger, actor: str, filename: str | None, data: bytes, review_lists: bool = False
) -> Uploaded:
    """Store one uploaded file; every failure becomes an ``Uploaded`` with ``error`` that
    names the file (and the line, for a list), and nothing of that file is written."""
    name = safe_name(filename)
    if len(data) > MAX_FILE_BYTES:
        return Uploaded(name, error=f"{name}: over the limit of {MAX_FILE_BYTES:,} bytes")
    if is_list(name, data):
        try:
            imported = Registry(ledger).import_bytes(data, name, actor, accept=not review_lists)
        except (ListError, RegistryError) as error:
            return Uploaded(name, "list", error=str(error))
        return Uploaded(name, "list", imported.source_id, imported.created,
                        persons=imported.persons)  # fmt: skip
    try:
        document = load_document(data, name)
    except DocumentError as error:
        return Uploaded(name, error=str(error))
    stored = store_document(ledger, name, document, SourceMeta(), actor)
    return Uploaded(name, "report", stored.source_id, stored.created, stored.claims)

"""A person's statuses and the kind of evidence behind each.

Statuses are dated and sourced, never overwritten: "missing" from a family in March and
"held at Olenivka" from a released prisoner in May both stay, so a case worker sees how the
knowledge grew and what each step rests on.
"""

from __future__ import annotations

from polon.ledger.models import EVIDENCE_KINDS, STATUSES, Source

__all__ = ["EVIDENCE_KINDS", "STATUSES", "evidence_for", "note_status"]

# PFIF note statuses that say something about the person's fate; the rest (information
# sought, is the note's author) are kept as notes without a status.
_NOTE_STATUSES = {
    "believed_alive": "alive",
    "believed_missing": "missing",
    "believed_dead": "died",
}

_BY_SOURCE_KIND = {
    "article": "media",
    "statement": "official",
    "list": "list",
    "testimony": "testimony",
    "pfif": "other",
    "manual": "other",
}


def note_status(pfif_status: str | None) -> str | None:
    return _NOTE_STATUSES.get((pfif_status or "").strip())


def evidence_for(source: Source | None) -> str:
    """The evidence kind a source gives by default (a list can be told otherwise on import)."""
    if source is None:
        return "other"
    return _BY_SOURCE_KIND.get(source.kind, "other")

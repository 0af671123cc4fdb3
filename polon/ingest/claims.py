"""Candidate claims: what the extractor proposes and a reviewer later accepts or rejects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from polon.ingest.dates import FuzzyDate


@dataclass
class CandidateClaim:
    """One assertion found in one text, with the span of the words that state it.

    ``values`` holds the kind-specific fields (see docs/claims.md); dates inside it are ISO
    strings ("2022-09-21", "2022-09", "2022") so the dict is stored as JSON unchanged.
    """

    kind: str
    values: dict[str, Any]
    start: int
    end: int
    date: FuzzyDate | None = None
    qualifier: str | None = None
    attributed_to: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "values": self.values,
            "date": self.date.iso() if self.date else None,
            "date_precision": str(self.date.precision) if self.date else None,
            "qualifier": self.qualifier,
            "attributed_to": self.attributed_to,
            "evidence": {"start": self.start, "end": self.end, "text": text[self.start : self.end]},
        }

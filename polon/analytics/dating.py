"""When a report speaks from, for the figures it states without a date.

"Russia is holding a total of 3,574 Ukrainian servicemen" has no as-of date of its own; it
speaks as of the report. A report with a publication date gives that date. A report without
one (a page saved without its header) still cannot be older than the latest thing it tells:
the latest date of its claims, or a stated time in captivity counted from a surrender it
reports ("remained in captivity for almost 20 months" after 16 May 2022 is about January
2024). Such dates are marked as inferred, with the words they rest on, and never written
back into the ledger: they are a reading, not a claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ingest.dates import PRECISION_RANK
from polon.ingest.extract.promises import after, held_for
from polon.ledger.compat import date_range
from polon.ledger.models import Claim, Source

_CAPTIVITY_STARTS = ("surrender", "capture")


@dataclass(frozen=True)
class Dated:
    """A date with its precision, and, when inferred, what it was inferred from."""

    date: dt.date
    precision: str
    inferred: bool = False
    basis: str | None = None

    @property
    def first_day(self) -> dt.date:
        return date_range(self.date, self.precision)[0]

    @property
    def last_day(self) -> dt.date:
        return date_range(self.date, self.precision)[1]

    def iso(self) -> str:
        return {"year": self.date.strftime("%Y"), "month": self.date.strftime("%Y-%m")}.get(
            self.precision, self.date.isoformat()
        )


def source_dates(session: Session, source_ids: Iterable[int]) -> dict[int, Dated]:
    """The date each source speaks from, where one can be told (see the module docstring)."""
    wanted = sorted(set(source_ids))
    dated: dict[int, Dated] = {}
    if not wanted:
        return dated
    undated = []
    for source in session.scalars(select(Source).where(Source.id.in_(wanted))):
        if source.published_on is not None:
            dated[source.id] = Dated(
                source.published_on,
                source.published_precision or "day",
                basis="the report's publication date",
            )
        else:
            undated.append(source)
    for source in undated:
        latest = _latest_reference(session, source)
        if latest is not None:
            dated[source.id] = latest
    return dated


def _latest_reference(session: Session, source: Source) -> Dated | None:
    claims = list(
        session.scalars(
            select(Claim).where(Claim.source_id == source.id, Claim.state != "rejected")
        )
    )
    candidates = [
        Dated(
            c.date,
            c.date_precision or "day",
            inferred=True,
            basis=f"the undated report's latest dated statement: “{_quote(c.evidence)}”",
        )
        for c in claims
        if c.date is not None
    ]
    candidates += _captivity_spans(source, claims)
    if not candidates:
        return None
    return max(candidates, key=lambda d: (d.last_day, d.date))


def _captivity_spans(source: Source, claims: list[Claim]) -> list[Dated]:
    """Dates that stated times in captivity reach, counted from a surrender or capture the
    same report dates; the one at a place the sentence names is preferred."""
    starts = [
        c
        for c in claims
        if c.kind == "event" and c.values.get("kind") in _CAPTIVITY_STARTS and c.date is not None
    ]
    if not starts:
        return []
    text = source.text
    found = []
    for held in held_for(text):
        line = text[text.rfind("\n", 0, held.start) + 1 : _line_end(text, held.end)]
        named = [c for c in starts if (place_name(c.values) or "\0") in line]
        # the finest date first: "May 2022" and "16 May 2022" are one surrender
        start = min(named or starts, key=lambda c: (-PRECISION_RANK[c.date_precision], c.date))
        reached = after(start.date, held.amount, held.unit)
        words = f"{held.qualifier + ' ' if held.qualifier else ''}{held.amount} {held.unit}s"
        found.append(
            Dated(
                reached,
                "month" if held.unit in ("month", "year") else "day",
                inferred=True,
                basis=(
                    f"the undated report says “{_quote(line)}”: {words} after the "
                    f"{start.values['kind']} of {start.date.isoformat()}"
                ),
            )
        )
    return found


def place_name(values: dict) -> str | None:
    """The place an event claim names: claims carry it as a name or as a nested record."""
    place = values.get("place")
    return place.get("name") if isinstance(place, dict) else place


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

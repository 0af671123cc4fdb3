"""Exchanges over time: totals per year, who mediated, the gaps between them, who came home.

"No major exchange for more than four months" is a claim analysts are asked to check as of
any date; ``exchange_stats`` answers it from the ledger, with the size that counts as major
stated in the answer rather than hidden in the code.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ingest.dates import FuzzyDate
from polon.ledger import queries
from polon.ledger.models import ExchangePerson, Person

MAJOR = 100  # people returned in one exchange for it to count as a major exchange


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (16 May to 15 June is 0, to 16 June 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def exchange_stats(
    session: Session, as_of: dt.date | None = None, major: int = MAJOR, persons: bool = False
) -> dict[str, Any]:
    """Exchanges up to ``as_of`` with running totals and the statistics built on them.

    ``persons`` adds who came home in each; it is personal data, so callers pass it only for
    roles that may see persons.
    """
    as_of = as_of or dt.date.today()
    rows = [e for e in queries.exchanges(session) if _on_or_before(e, as_of)]
    total, years = 0, {}
    for row in rows:
        total += row["returned"] or 0
        row["cumulative"] = total
        if row["date"]:
            year = years.setdefault(row["date"][:4], {"exchanges": 0, "returned": 0})
            year["exchanges"] += 1
            year["returned"] += row["returned"] or 0
    running, per_year = 0, []
    for year, entry in sorted(years.items()):
        running += entry["returned"]
        per_year.append({"year": int(year), **entry, "cumulative": running})
    if persons:
        _add_persons(session, rows)
    dated = [(FuzzyDate.from_iso(r["date"]).value, r) for r in rows if r["date"]]
    gaps = [
        {"from": a[1]["date"], "to": b[1]["date"], "days": (b[0] - a[0]).days}
        for a, b in zip(dated, dated[1:], strict=False)
    ]
    majors = [(day, r) for day, r in dated if (r["returned"] or 0) >= major]
    last = majors[-1] if majors else None
    mediators = Counter(m for r in rows for m in r["mediators"])
    return {
        "as_of": as_of.isoformat(),
        "major": major,
        "exchanges": rows,
        "returned_total": total,
        "per_year": per_year,
        "mediators": [{"name": n, "exchanges": c} for n, c in mediators.most_common()],
        "gaps": gaps,
        "longest_gap": max(gaps, key=lambda g: g["days"]) if gaps else None,
        "last_major": {"date": last[1]["date"], "returned": last[1]["returned"]} if last else None,
        "months_without_major": months_between(last[0], as_of) if last else None,
        "statement": _statement(last, as_of, major),
    }


def _on_or_before(row: dict[str, Any], as_of: dt.date) -> bool:
    if not row["date"]:
        return True  # an undated exchange is listed; it counts in no gap
    return FuzzyDate.from_iso(row["date"]).value <= as_of


def _statement(last: tuple[dt.date, dict] | None, as_of: dt.date, major: int) -> str:
    if last is None:
        return f"No exchange of {major} or more people is recorded up to {as_of.isoformat()}."
    day, row = last
    months = months_between(day, as_of)
    since = (
        f"{months} month{'s' if months != 1 else ''}" if months else f"{(as_of - day).days} days"
    )
    return (
        f"No major exchange ({major} or more returned) for {since} as of {as_of.isoformat()}: "
        f"the last was on {row['date']} ({row['returned']:,} returned)."
    )


def _add_persons(session: Session, rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    found: dict[int, list[dict[str, Any]]] = {}
    for exchange_id, person_id, name in session.execute(
        select(ExchangePerson.exchange_id, Person.id, Person.name)
        .join(Person, Person.id == ExchangePerson.person_id)
        .where(ExchangePerson.exchange_id.in_(ids))
        .order_by(Person.name)
    ):
        found.setdefault(exchange_id, []).append({"id": person_id, "name": name})
    for row in rows:
        row["persons"] = found.get(row["id"], [])

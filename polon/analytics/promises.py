"""Whether promises were kept, derived from what later claims show, and exchange conditions.

A promise to release a group by a deadline is judged against the ledger, not against one
report's opinion:

* **broken** when some claim shows members of that group still held after the deadline: a
  report saying their captivity outlasted it, a figure of them held dated after it, or an
  exchange after it that returned some of them (they were still held until that day);
* **kept** when an exchange inside the window returned them and nothing shows any held after;
* **pending** while the deadline has not passed as of the date asked about;
* **unknown** otherwise; a promise with no deadline can only be kept or unknown.

Every judgement lists the claims it rests on, so an analyst can defend it sentence by sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from polon.analytics.dating import source_dates
from polon.analytics.series import series
from polon.ingest.dates import FuzzyDate
from polon.ledger import queries
from polon.ledger.groups import group_of, is_within
from polon.ledger.models import Claim, ClaimLink, Exchange, ExchangeCondition

_LATE = "still held after the deadline"


def promise_outcomes(session: Session, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every promise with its deadline window, its derived outcome, the reason and evidence."""
    as_of = as_of or dt.date.today()
    rows = queries.promises(session)
    exchanges = queries.exchanges(session)
    judged = []
    for row in rows:
        window = row.pop("deadline")
        end = dt.date.fromisoformat(window["to"]) if window["to"] else None
        start = dt.date.fromisoformat(window["from"]) if window["from"] else None
        passed = end is not None and end < as_of  # nothing can show it broken before then
        evidence = _stated_late(session, row["id"], as_of) if passed else []
        kept = []
        if row["made_to"]:
            held = series(session, row["made_to"], as_of=as_of)["points"]
            evidence += _held_after(held, end) if passed else []
            late, within = _returned(exchanges, row["made_to"], row["made_on"], end, as_of)
            evidence += late if passed else []
            kept = within
        outcome, reason = _judge(row, end, start, as_of, evidence, kept)
        judged.append(
            {
                **row,
                "window": window,
                "stored_outcome": row.pop("outcome"),
                "outcome": outcome,
                "reason": reason,
                "evidence": evidence if outcome == "broken" else kept,
            }
        )
    return judged


def _judge(
    row: dict[str, Any],
    end: dt.date | None,
    start: dt.date | None,
    as_of: dt.date,
    late: list[dict[str, Any]],
    kept: list[dict[str, Any]],
) -> tuple[str, str]:
    if late and end:
        return "broken", (
            f"the deadline was {end.isoformat()}; "
            f"{'1 claim shows' if len(late) == 1 else f'{len(late)} claims show'} members of "
            f"{row['made_to'] or 'the group'} still held after it"
        )
    if kept:
        return "kept", f"an exchange inside the window returned {row['made_to']}"
    if end is None:
        return "unknown", "the promise states no deadline and no claim shows it kept"
    if as_of <= end:
        opens = f" (the window opens {start.isoformat()})" if start and as_of < start else ""
        return "pending", f"the deadline {end.isoformat()} has not passed{opens}"
    return "unknown", (
        f"the deadline {end.isoformat()} has passed and no claim shows whether it was kept"
    )


def _evidence(claim: Claim, role: str, text: str | None = None) -> dict[str, Any]:
    return {
        "claim_id": claim.id,
        "role": role,
        "evidence": text if text is not None else claim.evidence,
        "source": queries.source_ref(claim.source),
    }


def _stated_late(session: Session, promise_id: int, as_of: dt.date) -> list[dict[str, Any]]:
    """The promise's own claims whose report says the captivity outlasted the deadline (the
    extractor judged that sentence against the deadline), from reports speaking by ``as_of``."""
    found = []
    claims = list(
        session.scalars(
            select(Claim)
            .join(ClaimLink, ClaimLink.claim_id == Claim.id)
            .where(ClaimLink.entity_type == "promises", ClaimLink.entity_id == promise_id)
            .options(joinedload(Claim.source))
            .order_by(Claim.id)
        )
    )
    dates = source_dates(session, {c.source_id for c in claims})
    for claim in claims:
        spoke = dates.get(claim.source_id)
        if spoke is not None and spoke.first_day > as_of:
            continue
        span = claim.values.get("outcome_span")
        if claim.values.get("outcome") == "broken" and span:
            text = claim.source.text[span[0] : span[1]]
            found.append(_evidence(claim, f"{_LATE}: the report says so", text))
    return found


def _held_after(points: list[dict[str, Any]], end: dt.date) -> list[dict[str, Any]]:
    found = []
    for point in points:
        if point["as_of"] is None or FuzzyDate.from_iso(point["as_of"]).value <= end:
            continue
        for claim in point["claims"]:
            found.append(
                {
                    "claim_id": claim["id"],
                    "role": f"{_LATE}: {point['stated']} {point['label']} held as of "
                    f"{point['as_of']}" + (" (date inferred)" if point["date_inferred"] else ""),
                    "evidence": claim["evidence"],
                    "source": point["sources"][0] if point["sources"] else None,
                }
            )
    return found


def _returned(
    exchanges: list[dict[str, Any]],
    made_to: str,
    made_on: str | None,
    end: dt.date | None,
    as_of: dt.date,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Exchange subgroups of the promised group: those returned after the deadline (late) and
    those returned inside the window (kept)."""
    group = group_of(made_to)
    late, within = [], []
    made = FuzzyDate.from_iso(made_on).value if made_on else None
    for exchange in exchanges:
        if not exchange["date"]:
            continue
        day = FuzzyDate.from_iso(exchange["date"]).value
        if day > as_of or (made and day < made):
            continue
        evidence = {c["id"]: c["evidence"] for c in exchange["claims"]}
        for part in exchange["groups"]:
            if not is_within(group_of(part["label"]), group):
                continue
            entry = {
                "claim_id": part["claim_id"],
                "role": "",
                "evidence": evidence.get(part["claim_id"]),
                "source": part["source"],
            }
            if end is not None and day > end:
                entry["role"] = (
                    f"{_LATE}: {part['count']} {part['label']} returned only on {exchange['date']}"
                )
                late.append(entry)
            else:
                entry["role"] = f"returned inside the window: {part['count']} {part['label']}"
                within.append(entry)
    return late, within


def condition_outcomes(session: Session, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Conditions of exchanges up to ``as_of`` ("exile in Turkey until the end of the
    invasion") and what the claims say became of them, with the sentence that says it."""
    as_of = as_of or dt.date.today()
    found = []
    rows = session.execute(
        select(ExchangeCondition, Exchange, Claim)
        .join(Exchange, Exchange.id == ExchangeCondition.exchange_id)
        .join(Claim, Claim.id == ExchangeCondition.claim_id)
        .options(joinedload(Claim.source))
        .order_by(ExchangeCondition.id)
    )
    for condition, exchange, claim in rows:
        if exchange.date is not None and exchange.date > as_of:
            continue
        note = condition.outcome_note
        found.append(
            {
                "exchange_id": exchange.id,
                "exchange_date": queries.fuzzy(exchange.date, exchange.date_precision),
                "text": condition.text,
                "outcome": condition.outcome,
                "reason": note or "no claim tells what became of the condition",
                "evidence": [
                    _evidence(claim, "the condition and what became of it"),
                    *([_evidence(claim, "what became of it", note)] if note else []),
                ],
            }
        )
    return found

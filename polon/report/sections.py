"""What each section of the brief shows, gathered from the analytics as plain data.

The brief computes nothing of its own: every number comes from ``polon.analytics`` or the
ledger's read queries, the same functions the CLI and the web app read, so a printed brief
cannot say something the ledger does not. This module only chooses, orders and joins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from polon.analytics.durations import group_durations
from polon.analytics.exchanges import exchange_stats
from polon.analytics.promises import condition_outcomes, promise_outcomes
from polon.analytics.series import MAIN_GROUP, group_names, series
from polon.ledger import queries

# A brief is read on paper: past this many groups, the "latest per group" table says how many
# more the ledger has instead of running on for pages (and each group is one series read).
MAX_GROUPS = 20
# Discrepancies about these can be shown; the others (a person's status) quote personal data.
AGGREGATE_KINDS = frozenset({"figure", "exchange", "event"})
# Open promises first: their window has not closed, or nothing yet tells what became of them.
_PROMISE_ORDER = {"pending": 0, "unknown": 1, "broken": 2, "kept": 3}


def headline(session: Session, as_of: dt.date, group: str | None) -> dict[str, Any]:
    """The best current estimate for the main group, and the latest figure of every group."""
    main = series(session, group or MAIN_GROUP, as_of=as_of)
    groups = group_names(session)
    latest = []
    for entry in groups[:MAX_GROUPS]:
        own = series(session, entry["key"], subgroups=False, as_of=as_of)["points"]
        dated = [p for p in own if p["as_of"] is not None]
        point = dated[-1] if dated else (own[0] if own else None)
        if point is not None:
            latest.append({"group": entry["name"], **point})
    return {
        "group": main["group"],
        "estimate": main["estimate"],
        "points": main["points"],
        "latest": latest,
        "more_groups": max(0, len(groups) - MAX_GROUPS),
    }


def exchanges(session: Session, as_of: dt.date) -> dict[str, Any]:
    """Exchanges up to ``as_of`` with their statistics; each condition carries the outcome the
    analytics derived and the claims that show it. Who came home is not asked for: a brief
    travels further than the ledger, and persons' names stay in it."""
    stats = exchange_stats(session, as_of, persons=False)
    derived = {(c["exchange_id"], c["text"]): c for c in condition_outcomes(session, as_of)}
    for exchange in stats["exchanges"]:
        exchange["conditions"] = [
            {**c, **_outcome(derived.get((exchange["id"], c["text"])))}
            for c in exchange["conditions"]
        ]
    return stats


def _outcome(derived: dict[str, Any] | None) -> dict[str, Any]:
    if derived is None:
        return {"reason": None, "evidence": []}
    return {k: derived[k] for k in ("outcome", "reason", "evidence")}


def promises(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    """Every promise, the open ones first, then by when it was made."""
    found = promise_outcomes(session, as_of)
    return sorted(found, key=lambda p: (_PROMISE_ORDER.get(p["outcome"], 1), p["made_on"] or ""))


def discrepancies(session: Session) -> dict[str, Any]:
    """The discrepancies nobody has resolved, about aggregate facts only.

    Discrepancies between two reports of one person's fate quote the person's records, which
    stay in the ledger; the brief counts them without showing them. The kinds shown are listed,
    not the kind left out, so a new kind of discrepancy stays out until someone decides.
    """
    open_ = queries.discrepancies(session, None, "open")
    shown = [d for d in open_ if d["kind"] in AGGREGATE_KINDS]
    return {"shown": shown, "personal": len(open_) - len(shown)}


def durations(session: Session, as_of: dt.date) -> list[dict[str, Any]]:
    return group_durations(session, as_of)

"""Figures over time for one group, and the best current estimate with the rule that chose it.

A series gathers every stated figure about a group under any of its names (``groups.toml``),
and, as lower bounds, the figures about groups within it: "more than 2,500 Mariupol defenders
held" belongs on the chart of Ukrainian servicemen held, marked as a subgroup. Nothing is
averaged or smoothed; every point keeps its qualifier, date and sources.

The estimate rule, in order: only figures about the group itself count (a subgroup only
bounds it); the latest date wins, an inferred date included (and the rule says so); on that
date the figure cited by the most sources wins, then an exact one over a qualified one. When
a subgroup's lower bound on that date or later exceeds the estimate, the rule says so too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.analytics.dating import Dated, source_dates
from polon.ledger.compat import date_range, dates_overlap, stated, value_range
from polon.ledger.groups import Group, group_of, is_within
from polon.ledger.models import ClaimLink, Discrepancy, DiscrepancyClaim, Figure
from polon.ledger.queries import Evidence

MAIN_GROUP = "Ukrainian servicemen held by Russia"
HELD = "held"


def group_names(session: Session, measure: str = HELD) -> list[dict[str, Any]]:
    """The groups that have figures of ``measure``, the most stated first."""
    counts: dict[str, dict[str, Any]] = {}
    for label in session.scalars(select(Figure.group_label).where(Figure.measure == measure)):
        group = group_of(label)
        entry = counts.setdefault(group.key, {"key": group.key, "name": group.name, "figures": 0})
        entry["figures"] += 1
    return sorted(counts.values(), key=lambda g: (-g["figures"], g["name"]))


def series(
    session: Session,
    group: str,
    measure: str = HELD,
    subgroups: bool = True,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Every stated figure about ``group`` (a name, an alias or a key) in date order, and the
    best estimate as of ``as_of`` (default: all that is known)."""
    target = group_of(group)
    figures = [
        f
        for f in session.scalars(select(Figure).where(Figure.measure == measure))
        if _belongs(group_of(f.group_label), target, subgroups)
    ]
    evidence = Evidence(session, figures)
    cited = {f.id: evidence(f) for f in figures}
    dates = source_dates(session, {s["id"] for e in cited.values() for s in e["sources"]})
    disputed = _disputed(session, [f.id for f in figures])
    points = []
    for figure in figures:
        when = _when(figure, cited[figure.id]["sources"], dates)
        if as_of is not None and when is not None and when.first_day > as_of:
            continue
        points.append(_point(figure, target, when, cited[figure.id], figure.id in disputed))
    points.sort(key=lambda p: (p["_when"] is None, p["_when"].date if p["_when"] else None))
    estimate = _estimate(points)
    for point in points:
        del point["_when"]
    return {
        "group": target.name,
        "key": target.key,
        "measure": measure,
        "points": points,
        "estimate": estimate,
    }


def _belongs(group: Group, target: Group, subgroups: bool) -> bool:
    return group.key == target.key or (subgroups and is_within(group, target))


def _when(figure: Figure, sources: list[dict], dates: dict[int, Dated]) -> Dated | None:
    """The figure's own date, or else the date its earliest-dated source speaks from."""
    if figure.as_of is not None:
        return Dated(figure.as_of, figure.as_of_precision or "day")
    known = [dates[s["id"]] for s in sources if s["id"] in dates]
    if not known:
        return None
    source = min(known, key=lambda d: d.date)
    basis = f"no date stated with the figure; {source.basis}"
    return Dated(source.date, source.precision, inferred=True, basis=basis)


def _point(
    figure: Figure, target: Group, when: Dated | None, cited: dict, disputed: bool
) -> dict[str, Any]:
    return {
        "figure_id": figure.id,
        "value": figure.value,
        "qualifier": figure.qualifier,
        "stated": stated(figure.value, figure.qualifier),
        "label": figure.group_label,
        "as_of": when.iso() if when else None,
        "date_inferred": bool(when and when.inferred),
        "date_basis": when.basis if when and when.inferred else None,
        "subgroup": group_of(figure.group_label).key != target.key,
        "attributed_to": figure.attributed_to,
        "discrepancy": disputed,
        **cited,
        "_when": when,
    }


def _disputed(session: Session, figure_ids: list[int]) -> set[int]:
    if not figure_ids:
        return set()
    return set(
        session.scalars(
            select(ClaimLink.entity_id)
            .join(DiscrepancyClaim, DiscrepancyClaim.claim_id == ClaimLink.claim_id)
            .join(Discrepancy, Discrepancy.id == DiscrepancyClaim.discrepancy_id)
            .where(ClaimLink.entity_type == "figures", ClaimLink.entity_id.in_(figure_ids))
            .where(Discrepancy.status == "open")
        )
    )


def _estimate(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    own = [p for p in points if not p["subgroup"] and p["_when"] is not None]
    if not own:
        return None
    newest = max(own, key=lambda p: p["_when"].last_day)["_when"]
    on_latest = [p for p in own if _overlap(p["_when"], newest)] or [newest]
    # the same number under two names of the group ("POWs", "servicemen") is one statement
    agreeing: dict[tuple[int, str], dict[int, dict]] = {}
    for point in on_latest:
        cited = agreeing.setdefault((point["value"], point["qualifier"]), {})
        cited.update((source["id"], source) for source in point["sources"])
    chosen = max(
        on_latest,
        key=lambda p: (len(agreeing[(p["value"], p["qualifier"])]), p["qualifier"] == "exact"),
    )
    when: Dated = chosen["_when"]
    rule = [f"the latest figure stated for the group itself, as of {when.iso()}"]
    if when.inferred:
        rule.append(f"(date inferred: {when.basis})")
    if len(on_latest) > 1:
        rule.append(
            f"; {len(on_latest)} figures share that date and the one stated by the most "
            "sources was taken"
        )
    rule.append("; figures about subgroups are lower bounds and are not used as estimates")
    higher = [
        p
        for p in points
        if p["subgroup"]
        and p["_when"] is not None
        and p["_when"].last_day >= date_range(when.date, when.precision)[0]
        and value_range(p["value"], p["qualifier"])[0] > value_range(chosen["value"], None)[1]
    ]
    if higher:
        rule.append(
            f"; but a subgroup figure ({higher[0]['stated']} {higher[0]['label']}) exceeds it"
        )
    return {
        "figure_id": chosen["figure_id"],
        "value": chosen["value"],
        "qualifier": chosen["qualifier"],
        "stated": chosen["stated"],
        "as_of": chosen["as_of"],
        "date_inferred": chosen["date_inferred"],
        "rule": " ".join(rule).replace(" ;", ";"),
        "sources": list(agreeing[(chosen["value"], chosen["qualifier"])].values()),
    }


def _overlap(a: Dated, b: Dated) -> bool:
    return dates_overlap((a.date, a.precision), (b.date, b.precision))

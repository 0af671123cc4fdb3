"""Figures: one row per stated point; disagreeing points become discrepancies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.build.common import create, disputed_by, flag, link
from polon.ledger.compat import compatible, date_range, dates_overlap, stated, value_range
from polon.ledger.groups import group_of, is_within
from polon.ledger.models import Claim, Figure

YEAR = dt.timedelta(days=366)


def build_figure(session: Session, claim: Claim, user_id: int | None) -> list[Figure]:
    values = claim.values
    figure = Figure(
        value=int(values["value"]),
        qualifier=claim.qualifier or "exact",
        measure=values["measure"],
        group_label=values["group"],
        as_of=claim.date,
        as_of_precision=claim.date_precision,
        attributed_to=claim.attributed_to,
    )
    same = session.scalar(
        select(Figure).where(
            Figure.value == figure.value,
            Figure.qualifier == figure.qualifier,
            Figure.measure == figure.measure,
            Figure.group_label == figure.group_label,
            Figure.as_of == figure.as_of if figure.as_of else Figure.as_of.is_(None),
        )
    )
    if same is not None:
        link(session, claim, same)
        return [same]
    create(session, figure, claim, user_id)
    _flag_disagreements(session, figure, claim, user_id)
    return [figure]


def _flag_disagreements(
    session: Session, figure: Figure, claim: Claim, user_id: int | None
) -> None:
    """Open a discrepancy for each figure of the same group under any of its names (see
    ``groups.toml``) that contradicts this one, and for each subgroup figure that is larger
    than a figure of its whole group on the same date. Undated figures contradict nothing."""
    if figure.as_of is None:
        return
    first, last = date_range(figure.as_of, figure.as_of_precision)
    group = group_of(figure.group_label)
    others = session.scalars(
        select(Figure).where(
            Figure.measure == figure.measure,
            Figure.id != figure.id,
            Figure.as_of >= first - YEAR,  # a year-precision figure reaches a year further
            Figure.as_of <= last,
        )
    )
    for other in others:
        if not dates_overlap(
            (figure.as_of, figure.as_of_precision), (other.as_of, other.as_of_precision)
        ):
            continue
        theirs = group_of(other.group_label)
        if theirs.key == group.key:
            if compatible((figure.value, figure.qualifier), (other.value, other.qualifier)):
                continue
            description = (
                f"{stated(other.value, other.qualifier)} and "
                f"{stated(figure.value, figure.qualifier)} cannot both be true for the same date"
            )
        elif is_within(theirs, group) and _exceeds(other, figure):
            description = _larger(other, figure)
        elif is_within(group, theirs) and _exceeds(figure, other):
            description = _larger(figure, other)
        else:
            continue
        subject = f"{figure.measure}: {group.name} as of {figure.as_of.isoformat()}"
        flag(session, "figure", subject, description, disputed_by(session, other, claim), user_id)


def _exceeds(part: Figure, whole: Figure) -> bool:
    """Whether the least a subgroup figure allows is more than the most its group's allows."""
    return value_range(part.value, part.qualifier)[0] > value_range(whole.value, whole.qualifier)[1]


def _larger(part: Figure, whole: Figure) -> str:
    return (
        f"{stated(part.value, part.qualifier)} {part.group_label} is more than "
        f"{stated(whole.value, whole.qualifier)} {whole.group_label}, the group it is part of"
    )

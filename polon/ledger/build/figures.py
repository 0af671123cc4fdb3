"""Figures: one row per stated point; disagreeing points become discrepancies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.build.common import create, disputed_by, flag, link
from polon.ledger.compat import compatible, dates_overlap
from polon.ledger.models import Claim, Figure


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
    others = session.scalars(
        select(Figure).where(
            Figure.measure == figure.measure,
            Figure.group_label == figure.group_label,
            Figure.id != figure.id,
        )
    )
    for other in others:
        if not dates_overlap(
            (figure.as_of, figure.as_of_precision), (other.as_of, other.as_of_precision)
        ):
            continue
        if compatible((figure.value, figure.qualifier), (other.value, other.qualifier)):
            continue
        subject = f"{figure.measure}: {figure.group_label} as of {figure.as_of.isoformat()}"
        description = (
            f"{_stated(other)} and {_stated(figure)} cannot both be true for the same date"
        )
        claim_ids = disputed_by(session, other, claim)
        flag(session, "figure", subject, description, claim_ids, user_id)


def _stated(figure: Figure) -> str:
    words = {"exact": "", "more_than": "more than ", "about": "about ", "at_least": "at least ",
             "up_to": "up to "}  # fmt: skip
    return f"{words.get(figure.qualifier, '')}{figure.value:,}"

"""Exchanges: one swap told by many sources stays one exchange.

Claims of the same day attach to the same exchange. Each source's subgroup counts are kept
beside its claim ("188 Mariupol defenders" from one outlet, "108 of the Azov Regiment" from
another), because both can be true; a different total for the same day, or a subgroup larger
than the total, is a discrepancy.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.build.common import create, disputed_by, flag, link, union, updating
from polon.ledger.models import Claim, Exchange, ExchangeCondition, ExchangeGroup


def _same_day(session: Session, claim: Claim) -> Exchange | None:
    if claim.date is None or claim.date_precision != "day":
        return None
    return session.scalar(
        select(Exchange).where(Exchange.date == claim.date).order_by(Exchange.id).limit(1)
    )


def build_exchange(session: Session, claim: Claim, user_id: int | None) -> list[Exchange]:
    values = claim.values
    exchange = _same_day(session, claim)
    if exchange is None:
        exchange = Exchange(date=claim.date, date_precision=claim.date_precision)
        _merge_counts(session, exchange, claim, user_id)
        create(session, exchange, claim, user_id)
    else:
        with updating(session, exchange, user_id):
            _merge_counts(session, exchange, claim, user_id)
        link(session, claim, exchange)
    for group in values.get("groups", []):
        session.add(
            ExchangeGroup(
                exchange_id=exchange.id,
                label=group["label"],
                count=group.get("count"),
                exchanged_for=group.get("exchanged_for"),
                claim_id=claim.id,
            )
        )
        _check_group(session, exchange, group, claim, user_id)
    for condition in values.get("conditions", []):
        session.add(
            ExchangeCondition(
                exchange_id=exchange.id,
                text=condition["text"],
                outcome=condition.get("outcome", "unknown"),
                outcome_note=condition.get("outcome_note"),
                claim_id=claim.id,
            )
        )
    session.flush()
    return [exchange]


def _merge_counts(session: Session, exchange: Exchange, claim: Claim, user_id: int | None) -> None:
    values = claim.values
    for field in ("returned", "handed_over"):
        stated = values.get(field)
        if stated is None:
            continue
        current = getattr(exchange, field)
        if current is None:
            setattr(exchange, field, stated)
        elif current != stated:
            subject = f"exchange of {exchange.date.isoformat()}: {field.replace('_', ' ')}"
            flag(
                session,
                "exchange",
                subject,
                f"sources state {current} and {stated} for the same exchange",
                disputed_by(session, exchange, claim),
                user_id,
            )
    exchange.mediators = union(exchange.mediators, values.get("mediators", []))


def _check_group(
    session: Session, exchange: Exchange, group: dict, claim: Claim, user_id: int | None
) -> None:
    count = group.get("count")
    if exchange.returned is None or count is None or count <= exchange.returned:
        return
    flag(
        session,
        "exchange",
        f"exchange of {exchange.date.isoformat() if exchange.date else '?'}: {group['label']}",
        f"subgroup {group['label']} ({count}) is larger than the {exchange.returned} returned",
        disputed_by(session, exchange, claim),
        user_id,
    )

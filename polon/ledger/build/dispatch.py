"""Route an accepted claim to the builder for its kind."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from polon.ledger.build.actors import build_organization
from polon.ledger.build.events import build_event, build_promise
from polon.ledger.build.exchanges import build_exchange
from polon.ledger.build.figures import build_figure
from polon.ledger.build.persons import build_note, build_person
from polon.ledger.build.places import build_place
from polon.ledger.models import Base, Claim

Builder = Callable[[Session, Claim, int | None], list[Base]]

BUILDERS: dict[str, Builder] = {
    "figure": build_figure,
    "exchange": build_exchange,
    "event": build_event,
    "person": build_person,
    "organization": build_organization,
    "place": build_place,
    "promise": build_promise,
    "note": build_note,
}


def apply_claim(session: Session, claim: Claim, user_id: int | None) -> list[Base]:
    """Create or update the ledger entities that ``claim`` supports."""
    try:
        builder = BUILDERS[claim.kind]
    except KeyError:
        raise ValueError(f"claim {claim.id}: unknown kind {claim.kind!r}") from None
    return builder(session, claim, user_id)

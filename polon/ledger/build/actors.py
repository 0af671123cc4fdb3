"""Organizations (units, agencies), found again by name or alias so a second mention attaches."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.build.common import union, updating, upsert
from polon.ledger.models import Claim, Organization


def find_organization(session: Session, name: str) -> Organization | None:
    wanted = name.casefold()
    for organization in session.scalars(select(Organization).order_by(Organization.id)):
        names = [organization.name, *(organization.aliases or [])]
        if any(candidate.casefold() == wanted for candidate in names):
            return organization
    return None


def ensure_organization(
    session: Session, claim: Claim, user_id: int | None, name: str, **fields: object
) -> Organization:
    """The organization called ``name`` (or aliased so), created from ``claim`` if new."""
    found = find_organization(session, name)
    return upsert(
        session, claim, user_id, found, lambda: Organization(name=name, aliases=[]), fields
    )


def build_organization(session: Session, claim: Claim, user_id: int | None) -> list[Organization]:
    values = claim.values
    parent_id = None
    if values.get("parent"):
        parent_id = ensure_organization(session, claim, user_id, values["parent"]).id
    organization = ensure_organization(
        session,
        claim,
        user_id,
        values["name"],
        kind=values.get("kind"),
        country=values.get("country"),
        parent_id=parent_id,
    )
    added = [a for a in values.get("aliases", []) if a != organization.name]
    with updating(session, organization, user_id):
        organization.aliases = union(organization.aliases, added)
    return [organization]

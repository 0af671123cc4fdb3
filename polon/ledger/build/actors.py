"""Persons and organizations, found again by name so that a second mention attaches."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from polon.ledger.build.common import union, updating, upsert
from polon.ledger.models import Claim, NameVariant, Organization, Person
from polon.registry import name_key, script_of


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


def find_person(session: Session, key: str) -> Person | None:
    return session.scalar(
        select(Person)
        .outerjoin(NameVariant, NameVariant.person_id == Person.id)
        .where(or_(Person.name_key == key, NameVariant.key == key))
        .order_by(Person.id)
        .limit(1)
    )


def build_person(session: Session, claim: Claim, user_id: int | None) -> list[Person]:
    values = claim.values
    name = values["name"]
    key = name_key(name)
    organization_id = None
    if values.get("organization"):
        organization_id = ensure_organization(session, claim, user_id, values["organization"]).id
    fields = {
        "rank": values.get("rank"),
        "position": values.get("position"),
        "call_sign": values.get("call_sign"),
        "status": values.get("status"),
        "organization_id": organization_id,
    }
    found = find_person(session, key)
    person = upsert(session, claim, user_id, found, lambda: Person(name=name, name_key=key), fields)
    for variant in [name, *values.get("variants", [])]:
        _add_variant(session, person, variant)
    return [person]


def _add_variant(session: Session, person: Person, text: str) -> None:
    if any(v.text == text for v in person.variants):
        return
    script = script_of(text)
    variant = NameVariant(
        person_id=person.id,
        text=text,
        script=script,
        language="en" if script == "latin" else None,
        system="as written",
        key=name_key(text),
    )
    session.add(variant)
    person.variants.append(variant)

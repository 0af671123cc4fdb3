"""A person's record as a role may see it: names, fields, statuses, each with its sources.

The rule for who sees what is one function (``visible``), so the CLI, the web pages and the
API cannot drift apart: analysts, editors and admins see everything; a viewer sees only what
a published source (an article or an official statement) stated, which is public already.
Lists, PFIF records, testimony and family reports stay with the roles that may see them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger.models import (
    Claim,
    ClaimLink,
    Merge,
    NameVariant,
    Person,
    PersonFact,
    PersonIdentifier,
    PersonNote,
    PersonStatus,
    Role,
    Source,
)
from polon.registry.merge import members, roots
from polon.registry.record import BY_NAME, FIELDS, PERSONAL

PUBLISHED = frozenset({"article", "statement"})
SEES_PERSONAL = frozenset({Role.ADMIN, Role.EDITOR, Role.ANALYST})


def sees_personal(role: str) -> bool:
    return role in SEES_PERSONAL


def visible(role: str, source_kind: str) -> bool:
    """May ``role`` see a value that a source of ``source_kind`` stated about a person?"""
    return sees_personal(role) or source_kind in PUBLISHED


class PersonNotFound(LookupError):
    pass


def findable(role: str, sources: dict[int, tuple[int, str, str]]) -> bool:
    """Does ``role`` know of a person with these sources at all (a viewer: a published one)?"""
    return sees_personal(role) or any(visible(role, kind) for _, _, kind in sources.values())


def person_sources(session: Session, person_id: int) -> tuple[int, list[int], dict]:
    """(root, members, claim id → source) of the person ``person_id`` belongs to."""
    root = roots(session, [person_id]).get(person_id)
    if root is None:
        raise PersonNotFound(f"no person with id {person_id}")
    ids = members(session, root)
    return root, ids, _sources(session, ids)


def person_record(session: Session, person_id: int, role: str) -> dict[str, Any]:
    """The whole record of the person ``person_id`` belongs to, filtered for ``role``."""
    root, ids, sources = person_sources(session, person_id)
    if not findable(role, sources):
        raise PersonNotFound(f"no person with id {person_id}")  # nothing published about them
    person = session.get(Person, root)

    def shown(claim_id: int | None) -> bool:
        kind = sources.get(claim_id, (None, None, "manual"))[2]
        return visible(role, kind)

    def cite(claim_id: int | None) -> dict[str, Any]:
        source_id, name, kind = sources.get(claim_id, (None, None, None))
        return {"claim_id": claim_id, "source_id": source_id, "source": name, "source_kind": kind}

    variants = session.scalars(
        select(NameVariant).where(NameVariant.person_id.in_(ids)).order_by(NameVariant.id)
    )
    names = [
        {"text": v.text, "script": v.script, "language": v.language, **cite(v.claim_id)}
        for v in variants
        if v.claim_id is None or shown(v.claim_id)
    ]
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in session.scalars(
        select(PersonFact).where(PersonFact.person_id.in_(ids)).order_by(PersonFact.id)
    ):
        if shown(fact.claim_id) and not any(f["value"] == fact.value for f in facts[fact.field]):
            facts[fact.field].append({"value": fact.value, **cite(fact.claim_id)})
    order = [f.name for f in FIELDS]
    fields = [
        {"field": name, "label": BY_NAME[name].label if name in BY_NAME else name,
         "personal": name in PERSONAL, "values": facts[name]}
        for name in sorted(facts, key=lambda n: (order.index(n) if n in order else len(order), n))
    ]  # fmt: skip
    statuses = [
        {"status": s.status, "date": s.date.isoformat() if s.date else None,
         "date_precision": s.date_precision, "place": s.place, "exchange_id": s.exchange_id,
         "evidence": s.evidence, "note": s.note, **cite(s.claim_id)}
        for s in session.scalars(
            select(PersonStatus).where(PersonStatus.person_id.in_(ids))
            .order_by(PersonStatus.date.is_(None), PersonStatus.date, PersonStatus.id)
        )
        if shown(s.claim_id)
    ]  # fmt: skip
    record: dict[str, Any] = {
        "id": root,
        # a viewer is shown a name a published source used, not one only a list holds
        "name": person.name if sees_personal(role) or not names else names[0]["text"],
        "members": ids,
        "names": names,
        "fields": fields,
        "statuses": statuses,
        "current_status": statuses[-1]["status"] if statuses else person.status,
        "sources": sorted(
            {(sid, name, kind) for sid, name, kind in sources.values() if visible(role, kind)}
        ),
    }
    if sees_personal(role):
        record["identifiers"] = [
            {"scheme": scheme, "value": value}
            for scheme, value in session.execute(
                select(PersonIdentifier.scheme, PersonIdentifier.value).where(
                    PersonIdentifier.person_id.in_(ids)
                )
            )
        ]
        record["notes"] = _notes(session, ids)
        record["merges"] = [
            {"id": m.id, "kept_id": m.kept_id, "persons": sorted(map(int, m.previous)),
             "undone": m.undone_at is not None, "reason": m.reason}
            for m in session.scalars(
                select(Merge).where(Merge.kept_id.in_(ids)).order_by(Merge.id)
            )
        ]  # fmt: skip
    record["sources"] = [{"id": s[0], "name": s[1], "kind": s[2]} for s in record["sources"]]
    return record


def has_personal_data(record: dict[str, Any]) -> bool:
    return any(field["personal"] for field in record["fields"]) or bool(record.get("notes"))


def _sources(session: Session, person_ids: list[int]) -> dict[int, tuple[int, str, str]]:
    """Claim id → (source id, source name, source kind) for every claim behind the persons."""
    claim_ids = select(ClaimLink.claim_id).where(
        ClaimLink.entity_type == "persons", ClaimLink.entity_id.in_(person_ids)
    )
    fact_claims = select(PersonFact.claim_id).where(PersonFact.person_id.in_(person_ids))
    status_claims = select(PersonStatus.claim_id).where(PersonStatus.person_id.in_(person_ids))
    rows = session.execute(
        select(Claim.id, Source.id, Source.name, Source.kind)
        .join(Source, Source.id == Claim.source_id)
        .where(Claim.id.in_(claim_ids) | Claim.id.in_(fact_claims) | Claim.id.in_(status_claims))
    )
    return {claim_id: (source_id, name, kind) for claim_id, source_id, name, kind in rows}


def _notes(session: Session, person_ids: list[int]) -> list[dict[str, Any]]:
    rows = session.execute(
        select(PersonNote, Claim)
        .join(Claim, Claim.id == PersonNote.claim_id)
        .where(PersonNote.person_id.in_(person_ids))
        .order_by(PersonNote.id)
    )
    return [{"claim_id": claim.id, **claim.values} for note, claim in rows]

"""Proposed clusters: what linkage (or a PFIF duplicate link) suggests, until a reviewer decides.

Linkage never merges by itself. Each cluster it finds is stored as a proposal; accepting one
merges its persons (undoably), rejecting it records that they are different people, and
splitting it accepts only the groups the reviewer names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.models import (
    Claim,
    LinkProposal,
    Person,
    PersonFact,
    PersonIdentifier,
    utcnow,
)
from polon.registry.merge import MergeError, merge, roots


class ProposalError(ValueError):
    pass


def propose(
    session: Session,
    run: str,
    clusters: Iterable[tuple[list[int], float, str]],
    user_id: int | None,
) -> list[int]:
    """Store clusters (person ids, probability, reason) that are not one person already.

    A cluster a reviewer has already rejected, or one still waiting, is not proposed again.
    """
    decided = {
        tuple(sorted(p.person_ids))
        for p in session.scalars(
            select(LinkProposal).where(LinkProposal.state.in_(("rejected", "proposed")))
        )
    }
    made = []
    for person_ids, probability, reason in clusters:
        found = roots(session, person_ids)
        if len(set(found.values())) < 2:
            continue
        ids = sorted(set(found.values()))
        if tuple(ids) in decided:
            continue
        decided.add(tuple(ids))
        proposal = LinkProposal(
            run=run, person_ids=ids, probability=round(float(probability), 4), reason=reason
        )
        session.add(proposal)
        session.flush()
        audit.record(session, user_id, "propose_link", proposal)
        made.append(proposal.id)
    return made


def propose_linked_records(session: Session, claim_ids: Iterable[int]) -> list[int]:
    """PFIF notes naming a linked_person_record_id: both records are one person, says the note."""
    clusters = []
    for claim in session.scalars(
        select(Claim).where(Claim.id.in_(list(claim_ids)), Claim.kind == "note")
    ):
        a = claim.values.get("person_record_id")
        b = claim.values.get("linked_person_record_id")
        if not (a and b):
            continue
        rows = session.execute(
            select(PersonIdentifier.value, PersonIdentifier.person_id).where(
                PersonIdentifier.scheme == "pfif", PersonIdentifier.value.in_((a, b))
            )
        ).all()
        ids = sorted({person_id for _, person_id in rows})
        if len(ids) == 2:
            note = claim.values.get("note_record_id", f"claim {claim.id}")
            clusters.append((ids, 1.0, f"PFIF note {note} links {a} and {b} as one person"))
    return propose(session, "pfif", clusters, None)


def decide_proposal(
    session: Session,
    proposal_id: int,
    decision: str,
    user_id: int | None,
    groups: list[list[int]] | None = None,
) -> list[int]:
    """Accept (merge), reject, or split (merge only the named groups); returns merge ids."""
    proposal = session.get(LinkProposal, proposal_id)
    if proposal is None:
        raise ProposalError(f"no proposal with id {proposal_id}")
    if proposal.state != "proposed":
        raise ProposalError(f"proposal {proposal_id} is already {proposal.state}")
    before = audit.snapshot(proposal)
    merged: list[int] = []
    try:
        if decision == "accept":
            merged.append(merge(session, proposal.person_ids, user_id, proposal_id=proposal.id,
                                reason=proposal.reason).id)  # fmt: skip
        elif decision == "split":
            _check_groups(proposal, groups or [])
            for group in groups or []:
                if len(group) >= 2:
                    merged.append(merge(session, group, user_id, proposal_id=proposal.id,
                                        reason="split of a proposal").id)  # fmt: skip
        elif decision != "reject":
            raise ProposalError(f"unknown decision {decision!r}: accept, reject or split")
    except MergeError as error:
        raise ProposalError(str(error)) from None
    proposal.state = {"accept": "accepted", "reject": "rejected", "split": "split"}[decision]
    proposal.decided_by = user_id
    proposal.decided_at = utcnow()
    audit.record(session, user_id, f"{decision}_link", proposal, before)
    return merged


def _check_groups(proposal: LinkProposal, groups: list[list[int]]) -> None:
    if not groups:
        raise ProposalError("a split names the groups to keep together, e.g. --group 3,7")
    allowed = set(proposal.person_ids)
    seen: set[int] = set()
    for group in groups:
        stray = set(group) - allowed
        if stray:
            raise ProposalError(f"persons {sorted(stray)} are not in proposal {proposal.id}")
        if seen & set(group):
            raise ProposalError(f"persons {sorted(seen & set(group))} are in two groups")
        seen |= set(group)


def proposals(session: Session, state: str | None = "proposed") -> list[dict[str, Any]]:
    query = select(LinkProposal).order_by(LinkProposal.probability.desc(), LinkProposal.id)
    if state:
        query = query.where(LinkProposal.state == state)
    found = list(session.scalars(query))
    ids = {pid for p in found for pid in p.person_ids}
    names = dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).all())
    return [
        {"id": p.id, "run": p.run, "state": p.state, "probability": p.probability,
         "reason": p.reason,
         "persons": [{"id": pid, "name": names.get(pid)} for pid in p.person_ids]}
        for p in found
    ]  # fmt: skip


def link_rows(session: Session, person_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """The persons (roots only) as linkage input: names and the fields comparisons use."""
    query = select(Person.id, Person.name, Person.rank, Person.call_sign).where(
        Person.merged_into.is_(None)
    )
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    rows = {pid: {"id": pid, "full_name": name, "rank": rank, "call_sign": sign}
            for pid, name, rank, sign in session.execute(query)}  # fmt: skip
    wanted = ("surname", "given_names", "patronymic", "date_of_birth", "unit", "rank", "call_sign")
    facts: dict[int, dict[str, str]] = defaultdict(dict)
    for person_id, field, value in session.execute(
        select(PersonFact.person_id, PersonFact.field, PersonFact.value)
        .where(PersonFact.field.in_(wanted))
        .order_by(PersonFact.id)
    ):
        if person_id in rows:
            facts[person_id].setdefault(field, value)
    for person_id, row in rows.items():
        stated = facts.get(person_id, {})
        row["surname"] = stated.get("surname")
        row["given"] = stated.get("given_names")
        row["patronymic"] = stated.get("patronymic")
        row["date_of_birth"] = stated.get("date_of_birth")
        row["unit"] = stated.get("unit")
        row["rank"] = row["rank"] or stated.get("rank")
        row["call_sign"] = row["call_sign"] or stated.get("call_sign")
    return list(rows.values())

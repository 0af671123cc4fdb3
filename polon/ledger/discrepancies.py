"""Discrepancies after they open: an editor resolves one with a reason, and a person's
statuses that cannot both hold open one.

Resolving keeps both claims and the discrepancy: it records who decided, when and why, so a
reader sees that the disagreement existed and what was made of it. A resolved discrepancy
cannot be resolved a second time (the first reason would be lost) and is not reopened by the
same claims, nor by a source repeating what it already names; a source that disagrees in a
new way opens a new one.

Person statuses (``PersonStatus``) are dated reports of a fate, each from its own claim. Most
pairs can both be true, because a fate moves: captured, held, transferred, returned, and
captured again. Only the pairs in ``RULES`` cannot:

| first   | second                                                   | when                  |
| ------- | -------------------------------------------------------- | --------------------- |
| died    | captured, held, transferred, released, returned or alive | second wholly after   |
| alive   | died                                                     | dates overlap         |
| died    | died                                                     | dates cannot be equal |

Pairs left out on purpose, because a person can live through both in either order:
"held" or "captured" after "returned" or "released" (captured again: it happens, and a later
source saying so is news, not an error); "missing" after anything (a returned soldier can go
missing at the front again); "released" before "captured" (the capture before it may simply
be unrecorded); any alive-implying status on the same dates as "died" (a person can be
held and die in captivity within one month, or one day). "alive" is the exception because
it states life itself, where "held" states a place. Undated statuses never conflict: nothing
orders them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.build.common import flag
from polon.ledger.compat import date_range, dates_overlap
from polon.ledger.models import Discrepancy, DiscrepancyClaim, PersonStatus, User, utcnow

REASON_MAX = 4000  # characters: a paragraph or two, not a document


class DiscrepancyError(ValueError):
    """A resolution that cannot be made; the message says why."""


class UnknownDiscrepancy(DiscrepancyError, LookupError):
    def __init__(self, discrepancy_id: int) -> None:
        super().__init__(f"no discrepancy with id {discrepancy_id}")


class AlreadyResolved(DiscrepancyError):
    def __init__(self, discrepancy: Discrepancy) -> None:
        when = discrepancy.resolved_at.date().isoformat() if discrepancy.resolved_at else "?"
        why = discrepancy.resolution
        super().__init__(f"discrepancy {discrepancy.id} was already resolved on {when}: {why}")


def resolve(session: Session, discrepancy_id: int, reason: str, user_id: int) -> Discrepancy:
    """Mark the discrepancy resolved by ``user_id`` because of ``reason``, audited in the
    caller's transaction.

    The row is read ``FOR UPDATE`` (PostgreSQL; SQLite writers queue anyway), so of two
    editors resolving at once the second sees the first's resolution and is refused instead
    of overwriting its reason.
    """
    text = (reason or "").strip()
    if not text:
        raise DiscrepancyError("a resolution needs a reason: say what you decided and why")
    if len(text) > REASON_MAX:
        raise DiscrepancyError(f"the reason is longer than {REASON_MAX} characters")
    found = session.get(Discrepancy, discrepancy_id, with_for_update=True)
    if found is None:
        raise UnknownDiscrepancy(discrepancy_id)
    if found.status == "resolved":
        raise AlreadyResolved(found)
    before = audit.snapshot(found)
    found.status = "resolved"
    found.resolved_by = user_id
    found.resolved_at = utcnow()
    found.resolution = text
    session.flush()
    audit.record(session, user_id, "resolve", found, before)
    return found


def outcome(session: Session, discrepancy: Discrepancy) -> dict[str, Any]:
    """What a resolution left: the fields the list shows, for a command's or API's answer."""
    resolver = session.get(User, discrepancy.resolved_by) if discrepancy.resolved_by else None
    at = discrepancy.resolved_at
    return {
        "id": discrepancy.id,
        "kind": discrepancy.kind,
        "subject": discrepancy.subject,
        "description": discrepancy.description,
        "status": discrepancy.status,
        "resolution": discrepancy.resolution,
        "resolved_at": at.isoformat(timespec="seconds") if at else None,
        "resolved_by": resolver.name if resolver else None,
    }


# person statuses ------------------------------------------------------------------------------

ALIVE = frozenset({"captured", "held", "transferred", "released", "returned", "alive"})
When = Literal["after", "overlap", "apart"]


class Stated(NamedTuple):
    """One status as a source dated it."""

    status: str
    date: dt.date | None
    precision: str | None

    def __str__(self) -> str:
        if self.date is None:
            return f"{self.status} (undated)"
        shown = {"year": "%Y", "month": "%Y-%m"}.get(self.precision or "day", "%Y-%m-%d")
        return f"{self.status} {self.date.strftime(shown)}"


@dataclass(frozen=True)
class Rule:
    """``first`` and ``second`` cannot both hold when their dates stand ``when`` each other:
    ``after``: every day ``second`` may mean is later than every day ``first`` may mean;
    ``overlap``: some day is possible for both; ``apart``: no day is."""

    first: frozenset[str]
    second: frozenset[str]
    when: When
    why: str


RULES = (
    Rule(frozenset({"died"}), ALIVE, "after", "alive after their death"),
    Rule(frozenset({"alive"}), frozenset({"died"}), "overlap", "alive and dead at once"),
    Rule(frozenset({"died"}), frozenset({"died"}), "apart", "a person dies once"),
)


def _holds(when: When, first: Stated, second: Stated) -> bool:
    a, b = (first.date, first.precision), (second.date, second.precision)
    if a[0] is None or b[0] is None:
        return False
    if when == "after":
        return date_range(*b)[0] > date_range(*a)[1]
    overlap = dates_overlap(a, b)
    return overlap if when == "overlap" else not overlap


def conflict(a: Stated, b: Stated) -> tuple[Rule, Stated, Stated] | None:
    """The rule ``a`` and ``b`` break, with the two in the rule's order; None when both can
    hold."""
    orders = sorted([(a, b), (b, a)], key=lambda pair: pair[0].date or dt.date.max)
    for rule in RULES:
        for first, second in orders:  # the earlier first, for rules that take either order
            named = first.status in rule.first and second.status in rule.second
            if named and _holds(rule.when, first, second):
                return rule, first, second
    return None


def check_statuses(session: Session, added: PersonStatus, user_id: int | None) -> list[int]:
    """Open a discrepancy for each status of the person that cannot hold beside ``added``
    (already flushed); returns the ids opened.

    One query reads the person's statuses with the discrepancies (open or resolved) that
    already name them, so a list of 100,000 rows costs one indexed read per dated status. A
    conflict already flagged between the same two stated statuses (another source repeating
    "held 2023-05-02") opens nothing new: it is the same question for the editor, and one
    an editor may already have answered.
    """
    mine = Stated(added.status, added.date, added.date_precision)
    if mine.date is None:
        return []
    subject = f"person {added.person_id}: status"
    rows = session.execute(
        select(
            PersonStatus.id,
            PersonStatus.status,
            PersonStatus.date,
            PersonStatus.date_precision,
            PersonStatus.claim_id,
            Discrepancy.id,
        )
        .outerjoin(DiscrepancyClaim, DiscrepancyClaim.claim_id == PersonStatus.claim_id)
        .outerjoin(
            Discrepancy,
            (Discrepancy.id == DiscrepancyClaim.discrepancy_id)
            & (Discrepancy.kind == "person")
            & (Discrepancy.subject == subject),
        )
        .where(PersonStatus.person_id == added.person_id)
        .order_by(PersonStatus.id)
    ).all()
    others: dict[int, tuple[Stated, int]] = {}
    flagged: dict[int, set[Stated]] = {}  # discrepancy id → the statuses it names
    for status_id, status, date, precision, claim_id, discrepancy_id in rows:
        stated = Stated(status, date, precision)
        if discrepancy_id is not None:
            flagged.setdefault(discrepancy_id, set()).add(stated)
        if status_id != added.id and claim_id != added.claim_id:
            others[status_id] = (stated, claim_id)
    opened = []
    for stated, claim_id in others.values():
        found = conflict(mine, stated)
        if found is None or any({mine, stated} <= named for named in flagged.values()):
            continue
        rule, first, second = found
        description = f"{first} but {second}: {rule.why}"
        discrepancy = flag(session, "person", subject, description, [claim_id, added.claim_id],
                           user_id)  # fmt: skip
        if discrepancy is not None:
            flagged[discrepancy.id] = {mine, stated}
            opened.append(discrepancy.id)
    return opened

"""Resolving discrepancies, and person statuses that cannot both hold (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from polon.ingest.claims import CandidateClaim
from polon.ingest.documents import Document
from polon.ledger import Ledger, SourceKind, SourceMeta
from polon.ledger.discrepancies import (
    AlreadyResolved,
    DiscrepancyError,
    Stated,
    UnknownDiscrepancy,
    conflict,
)
from polon.ledger.models import AuditEntry
from polon.registry.registry import Registry
from tests.conftest import FIXTURES
from tests.ledger.helpers import ingest_text

D = dt.date


@pytest.fixture
def figure_dispute(ledger: Ledger) -> int:
    """Two sources giving 2,000 and about 8,000 held on one date: one open discrepancy."""
    ingest_text(ledger, FIXTURES / "held_low.txt")
    ingest_text(ledger, FIXTURES / "held_high.txt")
    [discrepancy] = ledger.read("discrepancies")
    return discrepancy["id"]


def test_resolve_records_who_when_why_and_audits_it(ledger: Ledger, figure_dispute: int):
    answer = ledger.resolve_discrepancy(
        figure_dispute, "  The bulletin counts civilians.  ", "olena"
    )
    assert answer["status"] == "resolved"
    assert answer["resolution"] == "The bulletin counts civilians."
    assert answer["resolved_by"] == "olena"
    [row] = ledger.read("discrepancies")
    assert row["status"] == "resolved" and row["resolved_by"] == "olena"
    assert row["resolution"] == "The bulletin counts civilians."
    assert dt.datetime.fromisoformat(row["resolved_at"]) <= dt.datetime.now(dt.UTC).replace(
        tzinfo=None
    )
    assert len(row["claims"]) == 2  # both claims stay named
    with ledger._sessions() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "resolve"))
        assert entry is not None
        assert (entry.entity_type, entry.entity_id) == ("discrepancies", figure_dispute)
        assert entry.before["status"] == "open" and entry.before["resolution"] is None
        assert entry.after["status"] == "resolved"
        assert entry.after["resolution"] == "The bulletin counts civilians."
        assert entry.after["resolved_by"] == entry.user_id is not None


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_blank_reason_is_refused_and_changes_nothing(
    ledger: Ledger, figure_dispute: int, reason: str
):
    with pytest.raises(DiscrepancyError, match="needs a reason"):
        ledger.resolve_discrepancy(figure_dispute, reason, "olena")
    [row] = ledger.read("discrepancies")
    assert row["status"] == "open" and row["resolution"] is None


def test_an_unknown_id_is_refused(ledger: Ledger, figure_dispute: int):
    with pytest.raises(UnknownDiscrepancy, match="no discrepancy with id 999"):
        ledger.resolve_discrepancy(999, "because", "olena")
    assert isinstance(UnknownDiscrepancy(1), LookupError)


def test_resolving_twice_keeps_the_first_reason(ledger: Ledger, figure_dispute: int):
    ledger.resolve_discrepancy(figure_dispute, "first reason", "olena")
    with pytest.raises(AlreadyResolved, match="already resolved .*: first reason"):
        ledger.resolve_discrepancy(figure_dispute, "second reason", "taras")
    [row] = ledger.read("discrepancies")
    assert (row["resolution"], row["resolved_by"]) == ("first reason", "olena")
    with ledger._sessions() as session:
        resolves = session.scalars(select(AuditEntry).where(AuditEntry.action == "resolve"))
        assert len(list(resolves)) == 1


def test_the_list_filters_by_status(ledger: Ledger, figure_dispute: int):
    assert [d["id"] for d in ledger.discrepancies("open")] == [figure_dispute]
    assert ledger.discrepancies("resolved") == []
    ledger.resolve_discrepancy(figure_dispute, "checked", "olena")
    assert ledger.discrepancies("open") == []
    assert [d["id"] for d in ledger.discrepancies("resolved")] == [figure_dispute]
    assert [d["id"] for d in ledger.discrepancies()] == [figure_dispute]


# person statuses ------------------------------------------------------------------------------

CONFLICTS = [
    # (status, date, precision) × 2 → cannot both hold
    (("died", D(2023, 3, 1), "day"), ("held", D(2023, 5, 2), "day"), True),
    (("held", D(2023, 5, 2), "day"), ("died", D(2023, 3, 1), "day"), True),  # either order
    (("died", D(2023, 3, 1), "day"), ("returned", D(2023, 3, 2), "day"), True),
    (("died", D(2023, 3, 1), "day"), ("alive", D(2023, 4, 1), "month"), True),
    (("died", D(2022, 1, 1), "year"), ("captured", D(2023, 1, 1), "year"), True),
    (("died", D(2023, 3, 1), "month"), ("held", D(2023, 4, 1), "day"), True),
    (("alive", D(2023, 3, 10), "day"), ("died", D(2023, 3, 1), "month"), True),
    (("alive", D(2023, 3, 1), "day"), ("died", D(2023, 3, 1), "day"), True),
    (("died", D(2023, 3, 1), "day"), ("died", D(2023, 6, 10), "day"), True),
    # can both hold
    (("held", D(2023, 2, 1), "day"), ("died", D(2023, 3, 1), "day"), False),  # held, then died
    (("died", D(2023, 3, 1), "month"), ("held", D(2023, 3, 20), "day"), False),  # same month
    (("died", D(2023, 3, 1), "day"), ("held", D(2023, 1, 1), "year"), False),  # same year
    (("died", D(2023, 3, 1), "day"), ("held", D(2023, 3, 1), "day"), False),  # died in captivity
    (("alive", D(2023, 1, 1), "day"), ("died", D(2023, 3, 1), "day"), False),  # alive, then died
    (("died", D(2023, 3, 1), "day"), ("missing", D(2023, 5, 2), "day"), False),
    (("died", D(2023, 3, 1), "day"), ("died", D(2023, 3, 1), "month"), False),  # same death
    (("returned", D(2022, 9, 21), "day"), ("held", D(2023, 5, 2), "day"), False),  # again
    (("released", D(2022, 1, 8), "day"), ("captured", D(2022, 3, 1), "day"), False),
    (("missing", D(2022, 3, 1), "day"), ("alive", D(2022, 5, 1), "day"), False),
    (("died", None, None), ("held", D(2023, 5, 2), "day"), False),  # undated never conflict
    (("alive", D(2023, 3, 1), "day"), ("died", None, None), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), CONFLICTS)
def test_status_rules(a: tuple, b: tuple, expected: bool):
    assert (conflict(Stated(*a), Stated(*b)) is not None) is expected


def say(ledger: Ledger, words: str, status: str, date: str, name: str = "Ivan Petrenko") -> int:
    """An article that names ``name`` with a status; its claim is accepted. Returns the claim."""
    text = f"{name}: {words}"
    document = Document(f"{words}.txt", text.encode(), "text/plain", text, None, None, None, None,
                        None)  # fmt: skip
    values = {"name": name, "status": status, "status_date": date}
    claim = CandidateClaim("person", values, 0, len(text))
    meta = SourceMeta(kind=SourceKind.ARTICLE)
    [claim_id] = ledger.add_source(document, [claim], meta, "tester", accept=True).claim_ids
    return claim_id


def test_died_then_held_opens_one_discrepancy_naming_both(ledger: Ledger):
    died = say(ledger, "killed in captivity, the family was told", "died", "2023-03-01")
    held = say(ledger, "seen in Olenivka by a released prisoner", "held", "2023-05-02")
    [person] = ledger.read("persons")
    [discrepancy] = ledger.read("discrepancies")
    assert discrepancy["kind"] == "person"
    assert discrepancy["subject"] == f"person {person['id']}: status"
    assert "Petrenko" not in discrepancy["subject"]  # viewers read subjects
    assert discrepancy["description"].startswith("died 2023-03-01 but held 2023-05-02")
    assert {c["id"] for c in discrepancy["claims"]} == {died, held}
    with ledger._sessions() as session:
        created = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "create", AuditEntry.entity_type == "discrepancies"
            )
        )
        assert len(list(created)) == 1

    # Another source repeating the same "held" is the same question, not a second one.
    say(ledger, "held in Olenivka, a second witness says", "held", "2023-05-02")
    assert len(ledger.read("discrepancies")) == 1
    # A different date of death is another disagreement, with both deaths.
    say(ledger, "died in June, an official list says", "died", "2023-06-10")
    # (Held in May, then died in June, is no conflict.)
    first, second = ledger.read("discrepancies")
    assert second["description"] == "died 2023-03-01 but died 2023-06-10: a person dies once"
    assert len(second["claims"]) == 2


def test_a_death_reported_after_the_sighting_is_flagged_too(ledger: Ledger):
    held = say(ledger, "seen in Olenivka", "held", "2023-05-02")
    died = say(ledger, "died in March, the family was told", "died", "2023-03")
    [discrepancy] = ledger.read("discrepancies")
    assert discrepancy["description"].startswith("died 2023-03 but held 2023-05-02")
    assert {c["id"] for c in discrepancy["claims"]} == {held, died}


def test_a_resolved_conflict_is_not_reopened_by_a_repeat(ledger: Ledger):
    say(ledger, "dead, the family was told", "died", "2023-03-01")
    say(ledger, "held, a witness says", "held", "2023-05-02")
    [discrepancy] = ledger.read("discrepancies")
    ledger.resolve_discrepancy(discrepancy["id"], "the witness saw his brother", "olena")
    say(ledger, "held, a second witness says", "held", "2023-05-02")
    assert [d["status"] for d in ledger.read("discrepancies")] == ["resolved"]


def test_undated_and_compatible_statuses_open_nothing(ledger: Ledger):
    say(ledger, "captured at Azovstal", "captured", "2022-05-20")
    say(ledger, "returned in the September swap", "returned", "2022-09-21")
    say(ledger, "captured again near Bakhmut", "captured", "2023-05-02")
    text = "Ivan Petrenko: dead, undated"
    document = Document("undated.txt", text.encode(), "text/plain", text, None, None, None, None,
                        None)  # fmt: skip
    claim = CandidateClaim("person", {"name": "Ivan Petrenko", "status": "died"}, 0, len(text))
    ledger.add_source(document, [claim], SourceMeta(kind=SourceKind.ARTICLE), "t", accept=True)
    assert ledger.read("discrepancies") == []


PFIF = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
{body}
</pfif:pfif>
"""
PERSON = """<pfif:person>
  <pfif:person_record_id>polon.test/person.1</pfif:person_record_id>
  <pfif:full_name>Oleh Hnatiuk</pfif:full_name>
  <pfif:given_name>Oleh</pfif:given_name>
  <pfif:family_name>Hnatiuk</pfif:family_name>
  <pfif:source_date>2023-01-01T00:00:00Z</pfif:source_date>
</pfif:person>"""
NOTE = """<pfif:note>
  <pfif:note_record_id>polon.test/note.{n}</pfif:note_record_id>
  <pfif:person_record_id>polon.test/person.1</pfif:person_record_id>
  <pfif:author_name>a relative</pfif:author_name>
  <pfif:text>{text}</pfif:text>
  <pfif:source_date>{date}T10:00:00Z</pfif:source_date>
  <pfif:status>{status}</pfif:status>
</pfif:note>"""


def pfif(*parts: str) -> bytes:
    return PFIF.format(body="\n".join(parts)).encode()


def test_a_pfif_import_flags_alive_after_death_once(ledger: Ledger):
    registry = Registry(ledger)
    dead = NOTE.format(n=1, text="believed dead", date="2023-03-01", status="believed_dead")
    alive = NOTE.format(n=2, text="seen alive", date="2023-05-02", status="believed_alive")
    registry.import_bytes(pfif(PERSON, dead), "first.xml", "tester")
    registry.import_bytes(pfif(alive), "second.xml", "tester")
    [discrepancy] = ledger.read("discrepancies")
    assert discrepancy["description"].startswith("died 2023-03-01 but alive 2023-05-02")
    assert len(discrepancy["claims"]) == 2
    # The same notes again, in a file of their own: PFIF notes are kept once, so nothing new.
    registry.import_bytes(pfif(PERSON, dead, alive), "again.xml", "tester")
    assert len(ledger.read("discrepancies")) == 1

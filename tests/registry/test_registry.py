"""The registry on a real ledger (SQLite and PostgreSQL): names, search, records, merges."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from polon.ingest.claims import CandidateClaim
from polon.ingest.documents import Document
from polon.ledger import Ledger, SourceKind, SourceMeta
from polon.ledger.models import AuditEntry, PersonStatus
from polon.registry.registry import Registry, RegistryError
from polon.registry.views import PersonNotFound
from tests.conftest import NV_SEED
from tests.ledger.helpers import ingest_text


def add_persons(
    ledger: Ledger, name: str, rows: list[dict], kind: SourceKind = SourceKind.LIST
) -> list[int]:
    """A source of ``kind`` whose text is one line per row, each row a person claim."""
    lines = [row["name"] for row in rows]
    text = "\n".join(lines)
    claims, offset = [], 0
    for row, line in zip(rows, lines, strict=True):
        values = {"new_person": True, **row}
        claims.append(CandidateClaim("person", values, offset, offset + len(line)))
        offset += len(line) + 1
    document = Document(name, text.encode(), "text/plain", text, None, None, None, None, None)
    added = ledger.add_source(document, claims, SourceMeta(kind=kind), "tester", accept=True)
    with ledger._sessions() as session:
        from polon.ledger.models import ClaimLink

        links = session.execute(
            select(ClaimLink.claim_id, ClaimLink.entity_id).where(
                ClaimLink.claim_id.in_(added.claim_ids), ClaimLink.entity_type == "persons"
            )
        ).all()
    by_claim = dict(links)
    return [by_claim[claim_id] for claim_id in added.claim_ids]


@pytest.fixture
def registry(ledger: Ledger) -> Registry:
    return Registry(ledger)


@pytest.fixture
def kozhekins(ledger: Ledger) -> list[int]:
    return add_persons(
        ledger,
        "exchange list",
        [
            {"name": "Костянтин Кожекін", "surname": "Кожекін", "given_names": "Костянтин",
             "fields": {"date_of_birth": "1989-03-02", "unit": "Azov"}},
            {"name": "Kozhekin Kostiantyn", "surname": "Kozhekin", "given_names": "Kostiantyn",
             "status": "returned", "status_date": "2022-09-21"},
            {"name": "Кожекин Константин", "surname": "Кожекин", "given_names": "Константин"},
            {"name": "Коваленко Іван", "surname": "Коваленко", "given_names": "Іван",
             "fields": {"date_of_birth": "1990"}},
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    "query",
    ["Konstantin Kozhekin", "Konstantyn Kozhekin", "Кожекін Костянтин", "KOZHEKIN Kostiantyn",
     "Кожекин"],
)  # fmt: skip
def test_search_finds_every_spelling(registry: Registry, kozhekins: list[int], query: str):
    hits = registry.search(query)
    found = {hit.person_id for hit in hits}
    assert set(kozhekins[:3]) <= found
    assert kozhekins[3] not in found
    assert all(hit.reason for hit in hits)
    assert all(0 < hit.score <= 1 for hit in hits)


def test_search_explains_the_given_name_table(registry: Registry, kozhekins: list[int]):
    hits = {hit.person_id: hit for hit in registry.search("Konstantin Kozhekin")}
    ukrainian = hits[kozhekins[0]]
    assert "given name" in ukrainian.reason
    russian = hits[kozhekins[2]]
    assert russian.score >= ukrainian.score  # Константин is Konstantin's own spelling


def test_search_ranks_the_same_spelling_first(registry: Registry, kozhekins: list[int]):
    hits = registry.search("Kozhekin Kostiantyn")
    assert hits[0].person_id == kozhekins[1]
    assert hits[0].score == 1.0
    assert "same spelling" in hits[0].reason


def test_search_by_unfinished_word(registry: Registry, kozhekins: list[int]):
    assert kozhekins[0] in {hit.person_id for hit in registry.search("Kozhek")}


def test_search_of_nothing(registry: Registry, kozhekins: list[int]):
    assert registry.search("") == []
    assert registry.search("Zyxwvut Qqq") == []


def test_merge_keeps_every_name_and_source_and_undoes(
    ledger: Ledger, registry: Registry, kozhekins: list[int]
):
    merge_id = registry.merge(kozhekins[:3], "editor", reason="same birth date and unit")
    record = registry.person(kozhekins[2], "editor")
    assert record["id"] == kozhekins[0]
    assert sorted(record["members"]) == sorted(kozhekins[:3])
    assert {n["text"] for n in record["names"]} >= {
        "Костянтин Кожекін", "Kozhekin Kostiantyn", "Кожекин Константин",
    }  # fmt: skip
    assert [s["status"] for s in record["statuses"]] == ["returned"]
    hits = registry.search("Konstantin Kozhekin")
    assert [hit.person_id for hit in hits] == [kozhekins[0]]
    with pytest.raises(RegistryError, match="already one person"):
        registry.merge(kozhekins[:2], "editor")

    registry.undo_merge(merge_id, "editor")
    assert registry.person(kozhekins[2], "editor")["id"] == kozhekins[2]
    with pytest.raises(RegistryError, match="already undone"):
        registry.undo_merge(merge_id, "editor")
    with ledger._sessions() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert "merge" in actions and "undo_merge" in actions


def test_split_takes_one_person_out(registry: Registry, kozhekins: list[int]):
    merge_id = registry.merge(kozhekins[:3], "editor")
    registry.split(kozhekins[1], "editor")
    assert registry.person(kozhekins[1], "editor")["members"] == [kozhekins[1]]
    assert kozhekins[1] not in registry.person(kozhekins[0], "editor")["members"]
    with pytest.raises(RegistryError, match="moved by a later merge or split"):
        registry.undo_merge(merge_id, "editor")
    with pytest.raises(RegistryError, match="record others were merged into"):
        registry.split(kozhekins[0], "editor")


def test_a_viewer_sees_only_what_was_published(
    ledger: Ledger, registry: Registry, kozhekins: list[int]
):
    # The list is not published: a viewer finds no one and cannot open the record.
    assert registry.search("Kozhekin", role="viewer") == []
    with pytest.raises(PersonNotFound):
        registry.person(kozhekins[0], "someone", role="viewer")
    # An article names him: now the viewer sees that, and only that.
    ingest_text(ledger, NV_SEED)
    hits = registry.search("Kozhekin", role="viewer")
    assert hits, "the article's Konstantyn Kozhekin must be found"
    record = registry.person(hits[0].person_id, "someone", role="viewer")
    assert all(source["kind"] == "article" for source in record["sources"])
    assert not any(field["personal"] for field in record["fields"])
    assert "identifiers" not in record and "notes" not in record


def test_viewing_personal_data_is_audited(ledger: Ledger, registry: Registry, kozhekins: list[int]):
    record = registry.person(kozhekins[0], "analyst1", role="analyst")
    assert any(f["field"] == "date_of_birth" for f in record["fields"])
    with ledger._sessions() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "view_personal"))
        )
    assert [e.entity_id for e in entries] == [kozhekins[0]]


def test_statuses_are_dated_with_their_claim_and_evidence(
    ledger: Ledger, registry: Registry, kozhekins: list[int]
):
    with ledger._sessions() as session:
        status = session.scalar(select(PersonStatus).where(PersonStatus.person_id == kozhekins[1]))
    assert (status.status, status.date.isoformat(), status.evidence) == (
        "returned", "2022-09-21", "list",
    )  # fmt: skip
    record = registry.person(kozhekins[1], "a")
    assert record["statuses"][0]["source"] == "exchange list"


def test_each_row_is_a_claim_whose_evidence_is_its_lines(
    ledger: Ledger, registry: Registry, tmp_path
):
    path = tmp_path / "list.csv"
    path.write_bytes(
        'Прізвище;Ім\'я;Примітка\r\nКожекін;Костянтин;"два\r\nрядки"\r\nБондар;Олена;\r\n'.encode(
            "cp1251"
        )
    )
    done = registry.import_list(path, "tester")
    assert (done.persons, done.created) == (2, True)
    claims = ledger.claims(source_id=done.source_id)
    evidence = [c["evidence"]["text"] if isinstance(c["evidence"], dict) else c["evidence"]
                for c in claims]  # fmt: skip
    assert [e.strip() for e in evidence] == [
        "Кожекін;Костянтин;\"два\r\nрядки\"", "Бондар;Олена;",
    ]  # fmt: skip

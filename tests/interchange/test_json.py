"""JSON export keeps everything and reads back to the same records."""

from __future__ import annotations

import json

import pytest

from polon.interchange import ListErrors, read_bytes, read_list, write_json

from .conftest import LISTS, NOW, unplaced


def test_json_round_trip_keeps_sources_notes_and_fields(pfif_dir):
    persons = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW).persons
    persons += read_list(LISTS / "uk_cp1251_semicolon.csv").persons
    loose = read_list(pfif_dir / "test.pfif-1.2-note.xml", now=NOW).notes
    text = write_json(persons, loose)
    document = json.loads(text)
    assert document["format"] == "polon-persons"
    assert document["persons"][0]["source_date"] == "2000-01-01T00:00:00Z"
    assert "line" not in document["persons"][0]
    assert document["persons"][1]["status_date"] == "2022-09-21"
    again = read_bytes(text.encode(), "again.json")
    assert again.format == "json"
    assert [unplaced(p) for p in again.persons] == [unplaced(p) for p in persons]
    assert [unplaced(n) for n in again.notes] == [unplaced(n) for n in loose]


def test_json_errors_name_the_place():
    document = {
        "format": "polon-persons",
        "version": 1,
        "persons": [
            {"full_name": "A", "status": "lost", "fields": {"shoe_size": "44"}},
            {"full_name": "B", "source_date": "yesterday", "colour": "red"},
        ],
    }
    with pytest.raises(ListErrors) as caught:
        read_bytes(json.dumps(document).encode(), "bad.json")
    assert [e.field for e in caught.value.errors] == [
        "persons[0].status", "persons[0].fields", "persons[1].source_date", "persons[1].colour",
    ]  # fmt: skip

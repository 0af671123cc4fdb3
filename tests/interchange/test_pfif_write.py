"""PFIF export: valid element order, ids, versions, and read -> write -> read round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from polon.interchange import NoteRecord, PersonRecord, read_bytes, read_list, write_pfif
from polon.interchange.pfif_fields import MANDATORY, NOTE_ORDER, PERSON_ORDER

from .conftest import LISTS, NOW, unplaced

PFIF_FILES = (
    "test.pfif-1.1.xml",
    "test.pfif-1.2.xml",
    "test.pfif-1.2-note.xml",
    "test.pfif-1.2-believed-dead.xml",
    "test.pfif-1.2-badrecord.xml",
    "test.pfif-1.4.xml",
)


def _same(first, second) -> None:
    assert [unplaced(p) for p in first.persons] == [unplaced(p) for p in second.persons]
    assert [unplaced(n) for n in first.notes] == [unplaced(n) for n in second.notes]


@pytest.mark.parametrize("name", PFIF_FILES)
def test_round_trip_through_pfif_1_4(pfif_dir, name):
    original = read_list(pfif_dir / name, now=NOW)
    written = write_pfif(original.persons, original.notes)
    again = read_bytes(written, "again.xml", now=NOW)
    assert again.version == "1.4"
    _same(original, again)


def test_round_trip_of_own_sample():
    original = read_list(LISTS / "exchange_list.pfif.xml", now=NOW)
    _same(original, read_bytes(write_pfif(original.persons, original.notes), "x", now=NOW))


def _children(element) -> list[str]:
    return [etree.QName(child).localname for child in element]


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3", "1.4"])
def test_element_order_and_mandatory_fields(pfif_dir, version):
    parsed = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW)
    root = etree.fromstring(write_pfif(parsed.persons, version=version))
    assert root.nsmap == {"pfif": f"http://zesty.ca/pfif/{version}"}
    person = root[0]
    names = [n for n in _children(person) if n != "note"]
    order = PERSON_ORDER[version]
    assert names == sorted(names, key=order.index)  # in the schema's sequence
    assert _children(person)[len(names) :] == ["note"] * 4  # notes after the fields
    for note in person.iterchildren(f"{{{root.nsmap['pfif']}}}note"):
        fields = _children(note)
        assert fields == sorted(fields, key=NOTE_ORDER[version].index)
        mandatory = {n for n in NOTE_ORDER[version] if n in MANDATORY[version]["note"]}
        assert mandatory <= set(fields)


def test_old_versions_use_old_names(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW)
    text = write_pfif(parsed.persons, version="1.1").decode()
    assert "<pfif:first_name>_test_given_name</pfif:first_name>" in text
    assert "<pfif:home_zip>_test_home_postal_code</pfif:home_zip>" in text
    assert "<pfif:other>description:\n    _test_description</pfif:other>" in text
    assert "<pfif:found>false</pfif:found>" in text
    back = read_bytes(text.encode(), "old.xml", now=NOW).persons[0]
    assert back.fields["description"] == "_test_description"
    assert back.given_names == "_test_given_name"


def test_ids_are_made_with_the_domain_when_missing():
    persons = [
        PersonRecord(surname="Бондар", given_names="Олена", patronymic="Петрівна",
                     notes=[NoteRecord(text="Дзвонила сестра", author_name="Оператор")]),
        PersonRecord(record_id="ngo.example.org/person.1", full_name="Taras Shevchuk"),
        PersonRecord(record_id="3", full_name="Row three of a list"),  # "3" is no PFIF id
    ]  # fmt: skip
    written = write_pfif(persons, domain="ombudsman.example.org", now=NOW)
    parsed = read_bytes(written, "x", now=NOW)
    assert [p.record_id for p in parsed.persons] == [
        "ombudsman.example.org/person.1", "ngo.example.org/person.1",
        "ombudsman.example.org/person.2",
    ]  # fmt: skip
    first = parsed.persons[0]
    assert first.full_name == "Олена Петрівна Бондар"  # PFIF 1.4 requires full_name
    assert (first.given_names, first.patronymic) == ("Олена", "Петрівна")  # split again
    assert first.notes[0].note_record_id == "ombudsman.example.org/note.1"
    assert first.notes[0].person_record_id == "ombudsman.example.org/person.1"
    assert first.source_date == NOW  # required: filled with "now" when unknown
    assert persons[0].record_id is None  # the input is not changed
    with pytest.raises(ValueError, match="not a domain"):
        write_pfif(persons, domain="bad/domain")


def test_registry_status_becomes_a_believed_note():
    person = PersonRecord(
        record_id="x.org/person.1", full_name="Андрій Коваленко", status="returned",
        status_date=dt.date(2022, 9, 21), source_name="Вигаданий список",
    )  # fmt: skip
    [back] = read_bytes(write_pfif([person], now=NOW), "x", now=NOW).persons
    [note] = back.notes
    assert (note.status, note.text) == ("believed_alive", "Polon status: returned since 2022-09-21")
    assert note.source_date == dt.datetime(2022, 9, 21, tzinfo=dt.UTC)
    assert note.author_name == "Вигаданий список"


def test_loose_notes_stay_at_the_top_level(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.2-note.xml", now=NOW)
    root = etree.fromstring(write_pfif([], parsed.notes))
    assert _children(root) == ["note", "note"]
    with pytest.raises(ValueError, match="1.1 cannot"):
        write_pfif([], parsed.notes, version="1.1")


def test_characters_xml_cannot_hold_are_dropped():
    written = write_pfif([PersonRecord(full_name="Bad\x00\x07Name")], now=NOW)
    assert read_bytes(written, "x", now=NOW).persons[0].full_name == "BadName"

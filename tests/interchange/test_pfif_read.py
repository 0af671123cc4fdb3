"""PFIF import: each of Person Finder's six samples behaves as its README row says."""

from __future__ import annotations

import datetime as dt

import pytest

from polon.interchange import ListError, ListErrors, read_bytes, read_list
from polon.interchange.pfif_read import description_from_other

from .conftest import LISTS, NOW

UTC = dt.UTC


def test_pfif_1_4_person_fields(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW)
    assert (parsed.format, parsed.version, parsed.skipped) == ("pfif", "1.4", [])
    [person] = parsed.persons
    assert person.record_id == "test.google.com/person.21009"
    assert person.full_name == "_test_full_name1\n_test_full_name2"  # multi-line, kept
    assert (person.given_names, person.surname) == ("_test_given_name", "_test_family_name")
    assert person.alternate_names == ["_test_alternate_name1", "_test_alternate_name2"]
    assert person.fields == {
        "description": "_test_description",
        "sex": "female",
        "date_of_birth": "1970-01",  # a partial date stays partial
        "age": "35-45",  # a range stays a range
        "photo_url": "_test_photo_url",
        "last_residence": "_test_home_street, _test_home_neighborhood, _test_home_city, "
        "_test_home_state, _test_home_postal_code, US",
    }
    assert person.extra["home_city"] == "_test_home_city"  # whitespace around it stripped
    assert person.extra["profile_urls"] == "_test_profile_url1\n_test_profile_url2"
    assert (person.author_name, person.author_email, person.author_phone) == (
        "_test_author_name", "_test_author_email", "_test_author_phone",
    )  # fmt: skip
    assert (person.source_name, person.source_url) == ("_test_source_name", "_test_source_url")
    assert person.source_date == dt.datetime(2000, 1, 1, tzinfo=UTC)
    assert person.entry_date == dt.datetime(2000, 1, 16, 2, 7, 57, tzinfo=UTC)
    assert person.status is None  # PFIF speaks of status only in notes
    assert person.line == 3


def test_pfif_1_4_notes(pfif_dir):
    [person] = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW).persons
    ids = [note.note_record_id.rsplit(".", 1)[1] for note in person.notes]
    assert ids == ["27009", "31095", "40121", "50121"]
    first, second, third, fourth = person.notes
    assert first.linked_person_record_id == "test.google.com/person.999"  # a duplicate link
    assert (first.status, first.author_made_contact) == ("believed_missing", False)
    assert first.photo_url == "_test_note_photo_url"
    assert first.source_date == dt.datetime(2000, 1, 16, 4, 5, 6, tzinfo=UTC)
    # notes without a person_record_id inherit their parent's
    assert {n.person_record_id for n in person.notes} == {"test.google.com/person.21009"}
    assert second.person_record_id == "test.google.com/person.21009"
    assert (second.status, second.author_made_contact) == (None, True)
    assert second.email_of_found_person is None  # an empty element is no value
    assert second.last_known_location == "19.16592425362802 -71.9384765625"
    assert (third.status, third.author_made_contact) == ("is_note_author", None)
    assert fourth.text == "backdated change"


def test_pfif_1_4_notes_without_author_are_kept_with_a_warning(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.4.xml", now=NOW)
    lacking = [n for n in parsed.persons[0].notes if n.author_name is None]
    assert [n.note_record_id for n in lacking] == [
        "test.google.com/note.40121", "test.google.com/note.50121",
    ]  # fmt: skip
    assert parsed.warnings == [
        "line 65: note test.google.com/note.40121 lacks the required author_name; kept",
        "line 73: note test.google.com/note.50121 lacks the required author_name; kept",
    ]


def test_pfif_1_2_maps_old_names(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.2.xml", now=NOW)
    assert parsed.version == "1.2"
    [person] = parsed.persons
    assert (person.given_names, person.surname) == ("_test_first_name", "_test_last_name")
    # full_name is optional before 1.3; it is composed as Person Finder does
    assert person.full_name == "_test_first_name _test_last_name"
    assert person.fields["description"] == "_test_description"  # "other", label removed
    assert person.fields["date_of_birth"] == "1970-01"
    assert person.fields["age"] == "35-45"
    assert person.extra["home_postal_code"] == "_test_home_postal_code"
    # 1.2 "found" is 1.4 "author_made_contact"
    assert [n.author_made_contact for n in person.notes] == [False, True, None, False]
    assert person.notes[0].linked_person_record_id == "test.google.com/person.999"
    assert [n.status for n in person.notes] == [
        "believed_missing", None, "is_note_author", "believed_missing",
    ]  # fmt: skip


def test_pfif_1_1_home_zip_and_found(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.1.xml", now=NOW)
    assert parsed.version == "1.1"
    [person] = parsed.persons
    assert person.extra["home_postal_code"] == "_test_home_zip"  # 1.1 home_zip, renamed
    assert person.extra["home_city"] == "_test_home_city"
    assert person.fields["description"] == "_test_description"
    assert "sex" not in person.fields  # not in PFIF 1.1
    first, second = person.notes
    assert first.author_made_contact is True  # <found>true</found>
    assert second.author_made_contact is None
    assert {n.status for n in person.notes} == {None}  # 1.1 has no note status
    # 1.1 notes have no person_record_id element at all: they take the enclosing person's
    assert {n.person_record_id for n in person.notes} == {"test.google.com/person.21009"}
    assert parsed.warnings == []


def test_pfif_1_2_notes_outside_any_person(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.2-note.xml", now=NOW)
    assert parsed.persons == []
    assert [(n.note_record_id, n.person_record_id) for n in parsed.notes] == [
        ("test.google.com/note.27009", "test.google.com/person.21009"),
        ("test.google.com/note.31095", "test.google.com/person.21010"),
    ]
    assert parsed.notes[0].linked_person_record_id == "test.google.com/person.999"
    assert parsed.notes[1].status == "is_note_author"


def test_pfif_1_2_believed_dead(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.2-believed-dead.xml", now=NOW)
    [note] = parsed.notes
    assert (note.status, note.author_made_contact) == ("believed_dead", False)
    assert note.person_record_id == "test.google.com/person.21009"
    assert note.source_date == dt.datetime(2011, 9, 20, 17, 8, 9, tzinfo=UTC)


def test_pfif_1_2_record_of_another_domain_is_read(pfif_dir):
    parsed = read_list(pfif_dir / "test.pfif-1.2-badrecord.xml", now=NOW)
    assert [p.record_id for p in parsed.persons] == [
        "test.google.com/person.21009", "foo.google.com/person.666",
    ]  # fmt: skip
    other = parsed.persons[1]
    assert other.notes == []
    assert other.full_name == "_test_first_name _test_last_name"
    assert other.line == 79


def test_expiry_is_judged_against_the_given_now():
    path = LISTS / "exchange_list.pfif.xml"
    before = read_list(path, now=dt.datetime(2022, 12, 31, tzinfo=UTC))
    assert [p.record_id for p in before.persons] == [
        "hotline.example.org/person.101", "hotline.example.org/person.102",
    ]  # fmt: skip
    after = read_list(path, now=dt.datetime(2023, 1, 2, tzinfo=UTC))
    assert [p.record_id for p in after.persons] == ["hotline.example.org/person.101"]
    assert after.skipped == [
        "line 27: person hotline.example.org/person.102 expired on 2023-01-01T00:00:00+00:00; "
        "left out with 0 notes"
    ]


def test_own_sample_patronymic_and_loose_note_attached():
    [person] = read_list(LISTS / "exchange_list.pfif.xml", now=NOW).persons
    assert (person.surname, person.given_names, person.patronymic) == (
        "Коваленко", "Андрій", "Миколайович",
    )  # fmt: skip
    assert person.alternate_names == ["Kovalenko Andrii", "Коваленко Андрей"]
    # the top-level note names person 101, who is in the file: it joins that person
    assert [n.note_record_id for n in person.notes] == [
        "hotline.example.org/note.501", "hotline.example.org/note.502",
    ]  # fmt: skip
    assert person.notes[1].linked_person_record_id == "volunteers.example.org/person.7"


def _pfif(body: str, version: str = "1.4") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/{version}">\n{body}\n</pfif:pfif>\n'
    ).encode()


def test_unknown_pfif_element_is_kept_in_extra_and_foreign_ones_ignored():
    data = _pfif(
        "<pfif:person><pfif:person_record_id>x.org/p.1</pfif:person_record_id>"
        "<pfif:full_name>A B</pfif:full_name><pfif:source_date>2020-01-01T00:00:00Z"
        "</pfif:source_date><pfif:shoe_size> 44 </pfif:shoe_size>"
        '<o:colour xmlns:o="urn:other">red</o:colour></pfif:person>'
    )
    parsed = read_bytes(data, "x.xml", now=NOW)
    assert parsed.persons[0].extra == {"shoe_size": "44"}
    assert parsed.warnings == ["line 3: element {urn:other}colour is not PFIF 1.4; ignored"]


def test_bad_values_are_all_reported():
    data = _pfif(
        "<pfif:person>\n<pfif:full_name>A</pfif:full_name>\n"
        "<pfif:source_date>yesterday</pfif:source_date>\n"
        "<pfif:date_of_birth>1970-13</pfif:date_of_birth>\n</pfif:person>\n"
        "<pfif:note>\n<pfif:person_record_id>x.org/p.1</pfif:person_record_id>\n"
        "<pfif:status>believed_happy</pfif:status>\n</pfif:note>"
    )
    with pytest.raises(ListErrors) as caught:
        read_bytes(data, "bad.xml", now=NOW)
    assert [(e.line, e.field) for e in caught.value.errors] == [
        (3, "source_date"), (3, "date_of_birth"), (8, "status"),
    ]  # fmt: skip


def test_duplicate_person_ids_are_an_error():
    person = (
        "<pfif:person><pfif:person_record_id>x.org/p.1</pfif:person_record_id>"
        "<pfif:full_name>A</pfif:full_name></pfif:person>"
    )
    with pytest.raises(ListError, match="also used on line 3"):
        read_bytes(_pfif(person + "\n" + person), "dup.xml", now=NOW)


def test_description_from_other():
    assert description_from_other("description:\n    two\n    lines\n") == "two\nlines"
    assert description_from_other("description: one line") == "one line"
    kept = "description: tall\nheight: 180"
    assert description_from_other(kept) == kept  # other labels: nothing is dropped
    assert description_from_other("free text") == "free text"

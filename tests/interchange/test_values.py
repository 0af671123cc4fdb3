"""Tables of cell values and what they become: dates, statuses, sex, names, --map."""

from __future__ import annotations

import datetime as dt

import pytest

from polon.interchange import MappingError, parse_mapping
from polon.interchange.headers import HEADER_INDEX, TARGETS, resolve_columns
from polon.interchange.values import (
    STATUSES,
    normalise_sex,
    parse_date,
    parse_status,
    parse_timestamp,
    split_full_name,
)
from polon.registry.record import FIELDS


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("14.03.1991", "1991-03-14"),
        ("4.3.1991", "1991-03-04"),
        ("1991-03-14", "1991-03-14"),
        ("14/03/1991", "1991-03-14"),
        ("14-03-1991", "1991-03-14"),
        ("1991-03-14 00:00:00", "1991-03-14"),
        ("1991", "1991"),
        ("1991 р.", "1991"),
        ("03.1991", "1991-03"),
        ("1991-03", "1991-03"),
        ("29.02.2000", "2000-02-29"),
    ],
)
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31.02.1990", "not a real date"),
        ("29.02.1900", "not a real date"),
        ("12/31/1990", "not a real date"),  # American order is not guessed
        ("13.1990", "no month 13"),
        ("01.02.90", "two-digit year"),
        ("0990", "unlikely year"),
        ("весна 1990", "is not a date"),
    ],
)
def test_impossible_dates(text, why):
    with pytest.raises(ValueError, match=why):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("повернутий", "returned"),
        ("Повернута з полону", "returned"),
        ("обміняний 21.09.2022", "returned"),
        ("returned", "returned"),
        ("в полоні", "captured"),
        ("У полоні", "captured"),
        ("captured", "captured"),
        ("в плену", "captured"),
        ("зник безвісти", "missing"),
        ("пропал без вести", "missing"),
        ("Missing", "missing"),
        ("загинув", "died"),
        ("загинув у полоні", "died"),
        ("died", "died"),
        ("звільнений", "released"),
        ("звільнена з полону", "released"),
        ("освобожден", "released"),
        ("released", "released"),
        ("утримується", "held"),
        ("переведений до іншої установи", "transferred"),
        ("живий", "alive"),
        ("невідомо", None),
        ("уточнюється", None),
    ],
)
def test_statuses(text, status):
    assert parse_status(text) == status


def test_unknown_status_is_an_error():
    with pytest.raises(ValueError, match="not a status Polon knows"):
        parse_status("на Марсі")


def test_statuses_match_the_ledger():
    from polon.ledger.models import STATUSES as LEDGER_STATUSES

    assert LEDGER_STATUSES == STATUSES


@pytest.mark.parametrize(
    ("text", "sex"),
    [("ч", "male"), ("Чол.", "male"), ("M", "male"), ("жін.", "female"), ("Ж", "female"),
     ("female", "female"), ("невказано", "невказано")],
)  # fmt: skip
def test_sex(text, sex):
    assert normalise_sex(text) == sex


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Петренко Іван Петрович", ("Петренко", "Іван", "Петрович")),
        ("Іван Петрович Петренко", ("Петренко", "Іван", "Петрович")),
        ("Бондар Олена Петрівна", ("Бондар", "Олена", "Петрівна")),
        ("Kovalenko Andrii Mykolaiovych", ("Kovalenko", "Andrii", "Mykolaiovych")),
        ("Петренко Іван", None),
        ("Іван Петрович Шуфрич", None),  # a surname in -ич: the order is unclear
        ("Anna Maria Smith", None),
    ],
)
def test_split_full_name(text, parts):
    assert split_full_name(text) == parts


def test_timestamps():
    utc = dt.UTC
    assert parse_timestamp("2000-01-16T02:07:57Z") == dt.datetime(2000, 1, 16, 2, 7, 57, tzinfo=utc)
    assert parse_timestamp("2000-01-16T04:07:57+02:00") == dt.datetime(
        2000, 1, 16, 2, 7, 57, tzinfo=utc
    )
    with pytest.raises(ValueError):
        parse_timestamp("2000-02-30T00:00:00Z")


def test_parse_mapping():
    assert parse_mapping("given_names=Ім'я,surname=Прізвище") == {
        "given_names": "Ім'я", "surname": "Прізвище",
    }  # fmt: skip
    # a comma inside a header survives, since no "field=" follows it
    assert parse_mapping("full_name=Прізвище, ім'я, по батькові, status=Стан") == {
        "full_name": "Прізвище, ім'я, по батькові", "status": "Стан",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "why"),
    [("name=ПІБ", "'name' is not a Polon field"), ("surname", "write field=Header"),
     ("surname=A,surname=B", "mapped twice"), ("surname=", "write field=Header")],
)  # fmt: skip
def test_parse_mapping_errors(text, why):
    with pytest.raises(MappingError, match=why):
        parse_mapping(text)


def test_every_registry_field_has_a_header():
    assert set(TARGETS) >= {f.name for f in FIELDS}
    assert set(HEADER_INDEX.values()) == set(TARGETS)


def test_mapping_overrides_the_header_names():
    columns = resolve_columns(
        ["Прізвище", "Прізвище (латиницею)"], {"surname": "Прізвище (латиницею)"}
    )
    assert columns.targets == [None, "surname"]
    columns = resolve_columns(["Прізвище", "Прізвище (латиницею)"])
    assert columns.targets == ["surname", None]
    assert columns.notes == ["column 'Прізвище (латиницею)' also looks like surname; kept in extra"]

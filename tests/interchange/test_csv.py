"""CSV lists: encodings, separators, headers in three languages, --map, errors, round trip."""

from __future__ import annotations

import datetime as dt

import pytest

from polon.interchange import (
    ListError,
    ListErrors,
    PersonRecord,
    parse_mapping,
    read_bytes,
    read_list,
    write_csv,
)
from polon.interchange.headers import target_of

from .conftest import LISTS, unplaced


def test_ukrainian_cp1251_semicolon_extract():
    parsed = read_list(LISTS / "uk_cp1251_semicolon.csv")
    assert (parsed.format, parsed.encoding, parsed.delimiter) == ("csv", "cp1251", ";")
    assert parsed.warnings == [
        "line 1 above the header was skipped: "
        "'Список осіб, повернутих з полону (вигадані дані для тестів)'"
    ]
    first, second, third, fourth = parsed.persons
    assert (first.line, first.record_id) == (3, "1")  # the physical line, title included
    assert (first.surname, first.given_names, first.patronymic) == (
        "Коваленко", "Андрій", "Миколайович",
    )  # fmt: skip
    assert first.fields == {
        "date_of_birth": "1991-03-14",
        "rank": "старший солдат",
        "unit": "А0000",
        "call_sign": "Грім",
        "place_of_birth": "м. Запоріжжя",
    }
    assert (first.status, first.status_date) == ("returned", dt.date(2022, 9, 21))
    assert second.fields["date_of_birth"] == "1988"  # partial: a year
    assert (second.status, second.status_date) == ("released", dt.date(2022, 9, 21))
    assert third.fields["date_of_birth"] == "1979-05"  # partial: mm.yyyy
    assert (third.status, third.status_date) == ("captured", None)
    assert fourth.status == "missing"


def test_english_comma_table_keeps_unknown_columns():
    parsed = read_list(LISTS / "en_comma.csv")
    assert (parsed.encoding, parsed.delimiter) == ("utf-8", ",")
    shevchuk, lysenko, hnatiuk = parsed.persons
    assert (shevchuk.record_id, shevchuk.surname, shevchuk.given_names) == (
        "N-101", "Shevchuk", "Taras",
    )  # fmt: skip
    assert shevchuk.fields["date_of_birth"] == "1990-08-22"  # dd/mm/yyyy
    assert shevchuk.fields["call_sign"] == "Dnipro"
    assert shevchuk.extra == {"Phone of family": "+380 00 000 0001"}
    assert lysenko.fields["date_of_birth"] == "1984-02-29"  # a real leap day
    assert (lysenko.status, lysenko.status_date) == ("released", dt.date(2023, 1, 8))
    assert (hnatiuk.status, hnatiuk.fields["rank"]) == ("died", "Captain")


def test_russian_full_name_column_bom_and_tabs():
    parsed = read_list(LISTS / "ru_full_name_bom_tab.csv")
    assert (parsed.encoding, parsed.delimiter) == ("utf-8-sig", "\t")
    petrenko, sydorenko, kravets = parsed.persons
    assert petrenko.full_name == "Петренко Дмитрий Олегович"
    # a clear patronymic makes the order certain, so the parts are filled in
    assert (petrenko.surname, petrenko.given_names, petrenko.patronymic) == (
        "Петренко", "Дмитрий", "Олегович",
    )  # fmt: skip
    assert (petrenko.status, petrenko.fields["unit"]) == ("captured", "в/ч А0003")
    assert (sydorenko.status, sydorenko.fields["date_of_birth"]) == ("released", "1990-07")
    # two words could be either order: the full name is kept, the parts left empty
    assert (kravets.full_name, kravets.surname, kravets.given_names) == ("Ivan Kravets", None, None)
    assert kravets.status == "missing"


def test_mapping_names_unknown_headers():
    mapping = parse_mapping(
        "surname=Прізвище військовослужбовця,given_names=Ім'я військовослужбовця,date_of_birth=Рік"
    )
    parsed = read_list(LISTS / "custom_headers.csv", mapping)
    first, second = parsed.persons
    assert (first.surname, first.given_names) == ("Гончаренко", "Максим")
    assert first.fields == {"date_of_birth": "1999", "service_number": "АА-000001"}
    assert second.fields["date_of_birth"] == "2001"


def test_without_mapping_the_error_names_the_headers():
    with pytest.raises(ListError) as caught:
        read_list(LISTS / "custom_headers.csv")
    message = str(caught.value)
    assert caught.value.line == 1
    assert '"Прізвище військовослужбовця", "Ім\'я військовослужбовця", "Рік"' in message
    assert "--map" in message


def test_mapping_to_a_missing_column():
    mapping = parse_mapping("surname=Призвище")
    with pytest.raises(ListError, match="--map surname=Призвище: no such column"):
        read_list(LISTS / "custom_headers.csv", mapping)


def test_bad_rows_are_all_reported_with_physical_lines():
    with pytest.raises(ListErrors) as caught:
        read_list(LISTS / "bad_rows.csv")
    found = [(e.line, e.field) for e in caught.value.errors]
    assert found == [
        (4, "Дата народження"),  # 31.02: after a two-line quoted cell on lines 2-3
        (5, None),  # no name
        (6, None),  # four cells for five headers
        (7, "Дата народження"),  # 13.13.1995
        (7, "Статус"),  # "на Марсі"
        (11, "Дата народження"),  # 1999-02-30, after a three-line cell on lines 8-10
    ]
    messages = [str(e) for e in caught.value.errors]
    assert messages[1].endswith(":5: the row has no name")
    assert messages[2].endswith(":6: 4 cells where the header has 5")
    assert "nothing was imported" in str(caught.value)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Ім'я", "given_names"),
        ("Ім’я", "given_names"),
        ("Імʼя", "given_names"),
        ("ІМ`Я:", "given_names"),
        ("П.І.Б.", "full_name"),
        ("ФИО", "full_name"),
        ("Прізвище, ім'я, по батькові", "full_name"),
        ("Фамилия", "surname"),
        ("Last name", "surname"),
        ("По-батькові", "patronymic"),
        ("Позывной", "call_sign"),
        ("Військова частина", "unit"),
        ("В/ч", "unit"),
        ("DOB", "date_of_birth"),
        ("Дата народження (дд.мм.рррр)", "date_of_birth"),
        ("Місце народження", "place_of_birth"),
        ("Статус", "status"),
        ("Дата", "status_date"),
        ("№ з/п", "record_id"),
        ("Service or serial number", "service_number"),
        ("next_of_kin_address", "next_of_kin_address"),
        ("Колір очей", None),
    ],
)
def test_header_names(header, field):
    assert target_of(header) == field


def test_a_bad_date_under_a_dob_header():
    with pytest.raises(ListErrors, match="is not a date"):
        read_bytes("DOB;Прізвище\nx;Y\n".encode(), "h.csv")


def test_placeholders_are_empty_and_empty_rows_skipped():
    data = "Прізвище;Дата народження;Статус\nКоваль;—;невідомо\n;;\n\nМельник;-;уточнюється\n"
    parsed = read_bytes(data.encode(), "p.csv")
    assert [(p.line, p.fields, p.status) for p in parsed.persons] == [
        (2, {}, None), (5, {}, None),
    ]  # fmt: skip


def test_csv_round_trip():
    originals = []
    for name in ("uk_cp1251_semicolon.csv", "en_comma.csv", "ru_full_name_bom_tab.csv"):
        originals += read_list(LISTS / name).persons
    originals.append(
        PersonRecord(
            surname="Гнатюк", given_names="Оксана", alternate_names=["Hnatiuk Oksana"],
            fields={"description": "=1+1 is not a formula\nand two lines", "sex": "female"},
            extra={"Код": "-7"},
        )
    )  # fmt: skip
    text = write_csv(originals)
    header = text.splitlines()[0].split(",")
    assert header[:3] == ["record_id", "full_name", "surname"]
    assert "status" in header and "'=1+1 is not a formula" in text  # guarded for spreadsheets
    again = read_bytes(text.encode(), "again.csv")
    assert [unplaced(p) for p in again.persons] == [unplaced(p) for p in originals]

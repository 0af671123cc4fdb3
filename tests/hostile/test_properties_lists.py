"""Properties of person-list import on malformed input: a clear error, and nothing written.

Every input goes through ``Registry.import_bytes`` (what an upload calls) into a real ledger.
Whatever the bytes, the import either stores the list or raises ListError/RegistryError
naming the file (and each bad row's line or element), with every table's row count unchanged.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from polon.interchange import ListError, ListErrors
from polon.ledger import Ledger
from polon.registry.registry import Registry, RegistryError
from tests.hostile.conftest import examples
from tests.hostile.rows import table_counts

CSV_ROWS = [
    "Прізвище;Ім'я;По батькові;Дата народження;Звання;Статус;Дата",
    "Коваленко;Андрій;Петрович;12.03.1991;сержант;полонений;16.05.2022",
    "Мельник;Олена;Іванівна;1988;;звільнена;21.09.2022",
    'Бондар;"Тарас";Олегович;1979-07-30;капітан;загинув;',
    "Ткачук;Ігор;;31.02.1990;;;",
]
PFIF = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>polon.example/p.1</pfif:person_record_id>
    <pfif:entry_date>2022-09-22T10:00:00Z</pfif:entry_date>
    <pfif:full_name>Andrii Kovalenko</pfif:full_name>
    <pfif:given_name>Andrii</pfif:given_name>
    <pfif:family_name>Kovalenko</pfif:family_name>
    <pfif:sex>male</pfif:sex>
    <pfif:date_of_birth>1991-03-12</pfif:date_of_birth>
    <pfif:age>31</pfif:age>
    <pfif:note>
      <pfif:note_record_id>polon.example/n.1</pfif:note_record_id>
      <pfif:author_name>Olena</pfif:author_name>
      <pfif:source_date>2022-09-21T12:00:00+03:00</pfif:source_date>
      <pfif:status>believed_alive</pfif:status>
      <pfif:author_made_contact>true</pfif:author_made_contact>
      <pfif:text>Came home in the exchange of 21 September.</pfif:text>
    </pfif:note>
  </pfif:person>
  <pfif:person>
    <pfif:person_record_id>polon.example/p.2</pfif:person_record_id>
    <pfif:full_name>Mariia Melnyk</pfif:full_name>
    <pfif:expiry_date>2099-01-01T00:00:00Z</pfif:expiry_date>
  </pfif:person>
</pfif:pfif>
"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:person_record_id>x/1</pfif:person_record_id><pfif:full_name>&lol9;</pfif:full_name>
</pfif:person></pfif:pfif>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE pfif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>
<pfif:person_record_id>x/1</pfif:person_record_id><pfif:full_name>&secret;</pfif:full_name>
</pfif:person></pfif:pfif>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE pfif SYSTEM "http://127.0.0.1:9/evil.dtd">
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"/>"""

# Values that break a field's format, for the cells and elements they are put into.
BAD_VALUES = st.sampled_from([
    "", " ", "31.02.1990", "1800", "99.99.9999", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00", "2022-13-45T99:99:99Z", "yes-ish", "unknown_status", "-1",
    "=HYPERLINK(\"http://x\")", "\"", "'", ";", ",", "\t", "\n", "\r", "\x00", "\x98", "&", "<",
    "]]>", "&bogus;", "&#0;", "9" * 5000, "Я" * 3000, "\ufeff", "\u202e",
])  # fmt: skip


def mutate(base: bytes, data: st.DataObject) -> bytes:
    """One to three edits: truncate, cut out, insert bytes or a bad value, swap encoding."""
    raw = base
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(st.sampled_from(["truncate", "cut", "insert", "value", "encode"]))
        at = data.draw(st.integers(0, len(raw)))
        if kind == "truncate":
            raw = raw[:at]
        elif kind == "cut":
            raw = raw[:at] + raw[at + data.draw(st.integers(1, 40)) :]
        elif kind == "insert":
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=20)) + raw[at:]
        elif kind == "value":
            raw = raw[:at] + data.draw(BAD_VALUES).encode("utf-8", "replace") + raw[at:]
        else:
            raw = raw.decode("utf-8", "replace").encode(
                data.draw(st.sampled_from(["cp1251", "utf-16", "utf-8-sig", "latin-1"])),
                errors="replace",
            )
    return raw


def csv_base(data: st.DataObject) -> bytes:
    """A real-looking list with rows of the wrong width, bad cells or a stray quote."""
    rows = list(CSV_ROWS)
    for _ in range(data.draw(st.integers(0, 3))):
        row = data.draw(st.integers(1, len(rows) - 1))
        cells = rows[row].split(";")
        change = data.draw(st.sampled_from(["drop", "add", "value", "quote"]))
        if change == "drop":
            cells = cells[:-1]
        elif change == "add":
            cells.append("зайва")
        elif change == "value":
            cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(BAD_VALUES)
        else:
            cells[0] = '"' + cells[0]
        rows[row] = ";".join(cells)
    return "\n".join(rows).encode(data.draw(st.sampled_from(["utf-8", "cp1251"])), "replace")


def attempt(ledger: Ledger, raw: bytes, name: str) -> None:
    """The property itself: stored, or a clear error and every table as it was."""
    before = table_counts(ledger)
    try:
        imported = Registry(ledger).import_bytes(raw, name, "tester")
    except (ListError, RegistryError) as error:
        message = str(error)
        assert message.startswith(name), message
        for row in getattr(error, "errors", []):
            assert row.line is not None and str(row).startswith(f"{name}:{row.line}"), row
        assert table_counts(ledger) == before, message
        reason = re.sub(r"^(?::\d+)?(?: \([^)]*\))?: ", "", message[len(name) :])
        event("refused: bad rows" if isinstance(error, ListErrors) else f"refused: {reason[:40]}")
        return
    event("stored" if imported.created else "already stored")
    if imported.created:
        assert table_counts(ledger)["sources"] == before["sources"] + 1


@pytest.fixture
def sqlite_ledger(tmp_path) -> Ledger:
    """One SQLite ledger for all of a test's inputs (they accumulate, as uploads would)."""
    with Ledger(f"sqlite:///{tmp_path / 'ledger.db'}") as opened:
        opened.init()
        yield opened


@given(st.data())
def test_malformed_csv_is_refused_whole(sqlite_ledger: Ledger, data: st.DataObject):
    attempt(sqlite_ledger, mutate(csv_base(data), data), "список.csv")


@given(st.data())
def test_malformed_pfif_is_refused_whole(sqlite_ledger: Ledger, data: st.DataObject):
    attempt(sqlite_ledger, mutate(PFIF.encode(), data), "records.pfif")


@given(st.binary(max_size=3000), st.sampled_from(["list.csv", "list.pfif", "list.json"]))
def test_random_bytes_are_refused_whole(sqlite_ledger: Ledger, raw: bytes, name: str):
    attempt(sqlite_ledger, raw, name)


@settings(max_examples=examples(10))
@given(st.data())
def test_malformed_lists_write_nothing_on_either_backend(ledger: Ledger, data: st.DataObject):
    """The same property on SQLite and PostgreSQL (fewer inputs: a fresh schema each run)."""
    if data.draw(st.booleans()):
        attempt(ledger, mutate(csv_base(data), data), "список.csv")
    else:
        attempt(ledger, mutate(PFIF.encode(), data), "records.pfif")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (BILLION_LAUGHS, "DOCTYPE|entity amplification"),  # libxml2 stops it first
        (XXE, "DOCTYPE"),
        (EXTERNAL_DTD, "DOCTYPE"),
        (PFIF.encode()[: len(PFIF) // 2], "malformed XML"),
        (PFIF.replace("1.4", "9.9").encode(), "not a PFIF document"),
    ],
)
def test_hostile_xml_is_refused_with_its_reason(sqlite_ledger: Ledger, raw: bytes, reason: str):
    before = table_counts(sqlite_ledger)
    with pytest.raises(ListError, match=reason) as refused:
        Registry(sqlite_ledger).import_bytes(raw, "evil.xml", "tester")
    assert str(refused.value).startswith("evil.xml:")
    assert "root:" not in str(refused.value)  # nothing of /etc/passwd was read
    assert table_counts(sqlite_ledger) == before


def test_a_valid_list_and_its_broken_copy(sqlite_ledger: Ledger):
    """The base inputs are valid, so the mutations above are what gets refused."""
    assert Registry(sqlite_ledger).import_bytes(PFIF.encode(), "ok.pfif", "tester").persons == 2
    good = "\n".join(CSV_ROWS[:3]).encode()
    assert Registry(sqlite_ledger).import_bytes(good, "ok.csv", "tester").persons == 2
    before = table_counts(sqlite_ledger)
    broken = good + "\nШевчук;Тарас".encode()  # two cells where the header has seven
    with pytest.raises(ListErrors, match=r"список\.csv:4.*2 cells"):
        Registry(sqlite_ledger).import_bytes(broken, "список.csv", "tester")
    assert table_counts(sqlite_ledger) == before


PFIF_FIELDS = re.findall(r"<pfif:(\w+)>[^<]*</pfif:\1>", PFIF)
CSV_HEADERS = ["Прізвище", "Ім'я", "Дата народження", "Звання", "Підрозділ", "Статус", "Дата"]
FIELD_VALUES = (
    BAD_VALUES
    | st.text(max_size=40)
    | st.from_regex(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)?", fullmatch=True)
)


@given(st.sampled_from(PFIF_FIELDS), FIELD_VALUES)
@example("source_date", "0001-01-01T00:00:00+01:00")  # an offset that leaves the calendar
@example("entry_date", "9999-12-31T23:59:59-01:00")
def test_any_value_in_any_pfif_field(sqlite_ledger: Ledger, field: str, value: str):
    """Each field of a valid record given any value (escaped, so the XML stays well formed)."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;")
    raw = re.sub(rf"<pfif:{field}>[^<]*</pfif:{field}>",
                 lambda _: f"<pfif:{field}>{escaped}</pfif:{field}>", PFIF, count=1)  # fmt: skip
    attempt(sqlite_ledger, raw.encode("utf-8", "replace"), "records.pfif")


@given(st.lists(FIELD_VALUES, min_size=len(CSV_HEADERS), max_size=len(CSV_HEADERS)))
@example(["Коваленко", "Андрій", "12.03.1991", "", "9" * 5000, "полонений", ""])  # a long unit
def test_any_values_in_a_csv_row(sqlite_ledger: Ledger, cells: list[str]):
    rows = [CSV_HEADERS, ["Коваленко", "Андрій", "12.03.1991", "сержант", "36", "полонений",
                          "16.05.2022"], cells]  # fmt: skip
    text = "\n".join(";".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    attempt(sqlite_ledger, text.encode("utf-8", "replace"), "список.csv")


@given(st.from_regex(r"[0-9]{1,6000}", fullmatch=True), st.text(max_size=10))
def test_a_unit_number_of_any_length_is_a_linkage_key(number: str, rest: str):
    """Linkage compares units by their number; a 5,000-digit one must not stop `polon link`."""
    from polon.registry.linkage.records import _unit_key

    assert _unit_key(f"{number} {rest}").lstrip("0") == number.lstrip("0")

"""Hostile and broken input: nothing expands, nothing is read from disk, nothing crashes."""

from __future__ import annotations

import pytest

from polon.interchange import ListError, read_bytes, read_list

from .conftest import NOW


def test_malformed_xml_names_the_line():
    data = (
        b'<?xml version="1.0"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">\n'
        b"<pfif:person>\n<pfif:full_name>A</pfif:given_name>\n</pfif:person>\n</pfif:pfif>\n"
    )
    with pytest.raises(ListError) as caught:
        read_bytes(data, "broken.xml", now=NOW)
    assert caught.value.line == 4
    assert "malformed XML" in str(caught.value)


@pytest.mark.parametrize(
    "namespace", ["http://zesty.ca/pfif/1.5", "http://example.org/pfif/1.4", ""]
)
def test_wrong_namespace_is_not_pfif(namespace):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    data = f"<pfif{xmlns}><person/></pfif>".encode()
    with pytest.raises(ListError, match="not a PFIF document"):
        read_bytes(data, "other.xml", now=NOW)


def test_external_entity_is_neither_resolved_nor_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE pfif [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>'
        "<pfif:full_name>&xxe;</pfif:full_name></pfif:person></pfif:pfif>"
    ).encode()
    with pytest.raises(ListError, match="DOCTYPE") as caught:
        read_bytes(data, "xxe.xml", now=NOW)
    assert "TOP SECRET" not in str(caught.value)


def test_entity_expansion_bomb_is_refused_quickly():
    levels = ['<!ENTITY a0 "laugh">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE pfif [{"".join(levels)}]>\n'
        '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>'
        "<pfif:full_name>&a9;</pfif:full_name></pfif:person></pfif:pfif>"
    ).encode()
    # libxml2 may stop it first ("entity amplification"); either way it is refused
    with pytest.raises(ListError, match="DOCTYPE|entity amplification") as caught:
        read_bytes(data, "bomb.xml", now=NOW)
    assert "laughlaugh" not in str(caught.value)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"Surname\n" + b"Smith\n" * 1000)
    assert len(read_list(path).persons) == 1000
    with pytest.raises(ListError, match="over the limit of 1,000"):
        read_list(path, max_bytes=1000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest-of-a-zip", "spreadsheet"),
        (b"Surname\nA\x00B\n", "NUL"),
        (b"\x98\x98\x98 not text", "neither UTF-8 nor Windows-1251"),
        (b'{"persons": []}', "not a Polon person list"),
        (b"{not json", "malformed JSON"),
    ],
)
def test_things_that_are_not_lists(data, message):
    with pytest.raises(ListError, match=message):
        read_bytes(data, "odd", now=NOW)


def test_map_is_refused_for_pfif(tmp_path):
    path = tmp_path / "list.csv"  # the name does not matter: the content is XML
    path.write_bytes(b'<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"/>')
    assert read_list(path, now=NOW).format == "pfif"
    with pytest.raises(ListError, match="--map is for CSV"):
        read_list(path, {"surname": "Прізвище"}, now=NOW)

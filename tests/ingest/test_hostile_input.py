"""Arbitrary input never crashes reading or extraction: it yields what it can or a clear
error naming the document."""

from __future__ import annotations

import random

import pytest

from polon.ingest import DocumentError, extract, load_document
from polon.ingest.documents import MAX_TEXT_CHARS
from polon.ingest.facts import document_facts


def run(raw: bytes, name: str) -> dict:
    document = load_document(raw, name)
    extraction = extract(document)
    return document_facts(document, None, extraction.claims)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text document"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ],
)
def test_unreadable_input_is_a_clear_error(raw: bytes, reason: str):
    with pytest.raises(DocumentError) as error:
        run(raw, "upload.bin")
    assert str(error.value).startswith("upload.bin: ") and reason in str(error.value)


def test_a_gigantic_text_is_refused_not_read_for_minutes():
    line = "Russia released 215 prisoners of war on Sept. 21, officials said.\n"
    raw = "".join(f"{n} {line}" for n in range(MAX_TEXT_CHARS // len(line) + 10)).encode()
    with pytest.raises(DocumentError, match="too long"):
        run(raw, "dump.txt")


def test_a_long_text_under_the_limit_is_read_whole():
    rng = random.Random(7)
    words = "Russia Ukraine released held prisoners exchange 215 Sept. 21 the of said".split()  # noqa: SIM905
    paragraphs = [" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(2000)]
    result = run("\n\n".join(paragraphs).encode(), "long.txt")
    assert len(result["text"]) > 100_000


@pytest.mark.parametrize(
    "raw",
    [
        b"<html><body><article><p>On Sept. 21 Russia released 215 prisoners"
        + b"<div><span>" * 3000
        + b"</p>",  # unclosed tags
        b"<html><body><article><p>Russia released 215 prisoners on Sept. 21, 2022.</p>"
        b"<p>\xff\xfe broken bytes \xc3</p></article></body></html>",
        "Росія звільнила 215 полонених 21 вересня 2022 року. Денис Прокопенко вдома.".encode(),
        "Die Ukraine hat am 21. September 2022 insgesamt 215 Gefangene zurückgeholt.".encode(),
        ("\u202e" * 50 + "Russia released 215 prisoners. " + "\u0000" * 3).encode(),
    ],
)
def test_odd_input_yields_facts_or_a_clear_error(raw: bytes):
    try:
        result = run(raw, "odd.html")
    except DocumentError as error:
        assert str(error).startswith("odd.html: ")
        return
    for kind in ("exchanges", "figures", "persons", "places", "promises", "events"):
        for item in result[kind]:
            for start, end in item["evidence"]:
                assert 0 <= start < end <= len(result["text"])

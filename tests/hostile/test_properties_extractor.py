"""Properties of reading and extraction on any text or HTML-ish input.

Whatever bytes arrive (report sentences mixed with tags, entities, broken markup, control
characters, Cyrillic, huge numbers), ``load_document`` either reads them or raises the one
documented DocumentError, and every claim's evidence is a span of the cleaned text.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import event, given
from hypothesis import strategies as st

from polon.ingest import DocumentError, extract, load_document
from polon.ingest.facts import document_facts

SENTENCES = [
    "On Sept. 21, 2022, Ukraine brought home 215 defenders, including 108 Azov fighters.",
    "More than 2,500 defenders of Mariupol were taken prisoner in May 2022.",
    "The ombudsman said that at least 3 574 Ukrainians remain in captivity.",
    "In exchange, Russia received 55 prisoners and Viktor Medvedchuk.",
    "The swap was mediated by Turkey and Saudi Arabia, officials said yesterday.",
    "On May 16, the commander promised to return the defenders within 3 months.",
    "The men have remained in captivity for almost 20 months.",
    "The bodies of 64 fallen soldiers were handed over on 21.09.2022.",
    "Denys Prokopenko, the Azov commander, returned home on Thursday.",
    "21 вересня 2022 року з полону повернулися 215 захисників.",
    "Омбудсман Дмитро Лубінець заявив, що понад 3,5 тис. людей досі в полоні.",
    "Россия освободила 144 военнопленных 29 июня.",
    "Subscribe to our newsletter.",
    "By Olena Koval, October 6, 2022 3:33 PM",
    "Read also: exchange of prisoners",
]
MARKUP = [
    "<p>", "</p>", "<div class='caption'>", "</div>", "<article>", "<br>", "<html>", "<body>",
    "<!DOCTYPE html>", "<title>Swap | News</title>", "<script>alert(1)</script>", "<style>",
    "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&amp;", "&nbsp;", "&#0;", "&#x110000;",
    "&#99999999999;", "&bogus;", "<a href='javascript:x'>", "<meta charset='cp1251'>",
    "<table><tr><td>", "<p class=\"", "<?xml version='1.0'?>", "<svg><foreignObject>",
]  # fmt: skip
ODD = [
    "\x00", "\x01", "\x1b[31m", "\x7f", "\u202e", "\u200b", "\ufeff", "\ufffd", "\u2028",
    "İ", "ſ", "ı", "\xa0", "\u202f", "\r", "\r\n", "\t", "𝟑", "٣", "😀",
]  # fmt: skip
NUMBERS = st.one_of(
    st.integers(0, 10**40).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", " ")),
    st.sampled_from(
        [
            "within 99999999 years",
            "for 9999 years",
            "9999-12-31",
            "0000-00-00",
            "31.12.9999",
            "Feb. 30, 2022",
            "3 billion",
            "999 billion",
        ]
    ),  # fmt: skip
)
# Report sentences with any number where a count, an amount of time or a year goes.
TEMPLATES = [
    "On May 16, 2022, the commander promised to bring them home within {} {}.",
    "The men have remained in captivity for {} {}.",
    "Ukraine brought home {} defenders on Sept. 21, {}.",
    "More than {} prisoners were exchanged in {}.",
    "Russia handed over {} bodies {} days ago.",
]
FILLED = st.builds(
    lambda template, a, b: template.format(a, b),
    st.sampled_from(TEMPLATES),
    NUMBERS,
    st.one_of(NUMBERS, st.sampled_from(["days", "weeks", "months", "years", "2022"])),
)
PIECE = st.one_of(
    st.sampled_from(SENTENCES),
    FILLED,
    st.sampled_from(MARKUP),
    st.sampled_from(ODD),
    NUMBERS,
    st.text(max_size=30),
)
TEXT = st.lists(PIECE, min_size=1, max_size=30).flatmap(
    lambda pieces: st.lists(st.sampled_from([" ", "\n", "\n\n", ""]), min_size=len(pieces),
                            max_size=len(pieces)).map(
        lambda seps: "".join(p + s for p, s in zip(pieces, seps, strict=True))
    )
)  # fmt: skip
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"])
NAME = st.sampled_from(["report.txt", "report.html", "report", "../../etc/passwd"])


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def check(raw: bytes, name: str, note: Callable[[str], None] = event) -> None:
    """The properties: a DocumentError naming the file, or claims inside the cleaned text."""
    try:
        document = load_document(raw, name)
    except DocumentError as error:
        assert str(error).startswith(f"{name}: ") and error.reason
        note(f"refused: {error.reason.split(' (')[0]}")
        return
    text = document.text
    extraction = extract(document)
    note("read, with claims" if extraction.claims else "read, no claims")
    for claim in extraction.claims:
        assert 0 <= claim.start < claim.end <= len(text), (claim.kind, claim.start, claim.end)
        shown = claim.as_dict(text)
        assert shown["evidence"]["text"] == text[claim.start : claim.end]
        json.dumps(shown, allow_nan=False)  # what the ledger stores must be plain JSON
        span = claim.values.get("outcome_span")
        if span:
            assert 0 <= span[0] < span[1] <= len(text)
    facts = document_facts(document, None, extraction.claims)
    for kind in ("exchanges", "figures", "persons", "places", "promises", "events"):
        for item in facts[kind]:
            for start, end in item["evidence"]:
                assert 0 <= start < end <= len(text)


@given(TEXT, ENCODING, NAME)
def test_any_report_text_reads_or_fails_clearly(text: str, encoding: str, name: str):
    check(encode(text, encoding), name)


@given(TEXT, st.booleans())
def test_any_html_reads_or_fails_clearly(body: str, doctype: bool):
    head = "<!DOCTYPE html><html><head><title>A swap</title></head>" if doctype else "<html>"
    check(f"{head}<body><article><p>{body}</p></article></body></html>".encode(), "page.html")


@given(st.binary(max_size=2000), NAME)
def test_any_bytes_read_or_fail_clearly(raw: bytes, name: str):
    check(raw, name)


# Pathological shapes, each once (a regex that backtracks on them would hang here).
def once(raw: bytes, name: str) -> None:
    check(raw, name, note=lambda _: None)


def test_a_200_kb_line_of_digits():
    once(b"Russia released " + b"7" * 200_000 + b" prisoners.", "digits.txt")
    once(b"1" * 200_000, "digits.txt")
    once(b"Some " + b"1 000 " * 10_000 + b"defenders.", "groups.txt")  # linear: ~75 µs a number


def test_ten_thousand_nested_tags():
    sentence = b"<p>On Sept. 21, 2022, Ukraine brought home 215 defenders.</p>"
    once(b"<html><body>" + b"<div>" * 10_000 + sentence + b"</div>" * 10_000, "nested.html")
    once(b"<html><body>" + b"<div><span>" * 10_000 + sentence, "unclosed.html")
    once(b"<p>" * 10_000 + sentence, "paragraphs.html")


def test_long_lines_of_repeated_words_and_punctuation():
    once(b"more than " * 20_000 + b"5 prisoners.", "qualifiers.txt")
    once(b"Sept. " * 20_000 + b"21, 2022.", "months.txt")
    once(b"Subscribe " * 20_000 + b".", "appeals.txt")
    once(b". " * 50_000 + b"Read also", "dots.txt")
    once(b"a" * 200_000 + b".", "letters.txt")
    once(("Прокопенко " * 20_000 + ".").encode(), "names.txt")

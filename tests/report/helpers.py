"""Building ledgers for the brief's tests, and the checks every brief must pass."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from polon.ingest import extract, load_document
from polon.ledger import Ledger, SourceMeta
from tests.ledger.helpers import ingest_text

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
# Our own short reports in plain text, so the markup below reaches the ledger as text: a
# title, an exchange and a figure whose evidence carries it, and a second figure that
# contradicts the first on the same day, so a discrepancy quotes it as well.
HOSTILE_TITLE = f'Swap of 14 March {SCRIPT} "><img src=x onerror="{PWN}">'
HOSTILE = f"""{HOSTILE_TITLE}

Ukraine and Russia carried out a prisoner exchange on March 14, 2023: 40 Ukrainian servicemen
returned home {IMG}, the Coordination Headquarters said.

According to the ombudsman, Russia keeps 3,000 Ukrainian POWs {SCRIPT} as of March 15, 2023.
"""
CONTRADICTING = f"""Monitor {IMG}

A humanitarian monitor said on March 15, 2023 that Russia held about 9,000 Ukrainian POWs.
"""
HOSTILE_URL = "javascript:alert(document.domain)"
SAFE_URL = "https://example.org/report?a=1&b=2"

# Elements that load or run something when a page is opened.
# (An SVG <use> is fine: the charts' markers point to "#…" in the same file.)
_LOADING = {
    "script", "img", "iframe", "frame", "object", "embed", "link", "base", "audio", "video",
    "source", "track", "picture", "image", "feimage", "foreignobject",
}  # fmt: skip
_URL_IN_CSS = re.compile(r"url\(\s*(?!['\"]?#)|@import", re.I)


def seed(ledger: Ledger, seeds: list[Path]) -> None:
    for path in seeds:
        ingest_text(ledger, path)


def add_text(ledger: Ledger, tmp: Path, name: str, text: str, url: str | None = None) -> int:
    """A report of our own, stored and accepted the way ``polon ingest --accept`` would."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    document = load_document(path.read_bytes(), path.name)
    extraction = extract(document)
    meta = SourceMeta(published=extraction.published, url=url)
    return ledger.add_source(document, extraction.claims, meta, "tester", accept=True).source_id


def add_hostile(ledger: Ledger, tmp: Path) -> None:
    add_text(ledger, tmp, "hostile.txt", HOSTILE, url=HOSTILE_URL)
    add_text(ledger, tmp, "contradicting.txt", CONTRADICTING, url=SAFE_URL)


def assert_offline(html: str) -> None:
    """Opening the brief can load nothing and run nothing: no element that fetches or runs,
    no ``src``, no event handler, no CSS ``url()`` but SVG-internal ones; the only links are
    to the brief itself (``#…``) or a source's http(s) address, followed only by a click."""
    assert "<script" not in html.lower()
    root = lxml.html.document_fromstring(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in _LOADING, lxml.html.tostring(element)[:200]
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].split(":")[-1].lower()  # xlink:href is an href
            assert not name.startswith("on"), (tag, name)
            assert name not in {"src", "srcset", "background", "poster", "action"}, (tag, name)
            if name == "href" and not value.startswith("#"):
                assert tag == "a" and re.match(r"https?://", value), (tag, value)
                assert "noreferrer" in element.get("rel", ""), value
            if name == "style":
                assert not _URL_IN_CSS.search(value), value
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            raise AssertionError("a meta refresh would navigate away")
    for style in root.iter("style"):
        assert not _URL_IN_CSS.search(style.text or ""), "CSS loads a resource"


def section(html: str, name: str) -> lxml.html.HtmlElement:
    """One section of the brief by its id, to search its text."""
    found = lxml.html.document_fromstring(html).get_element_by_id(name)
    assert found is not None, name
    return found


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())

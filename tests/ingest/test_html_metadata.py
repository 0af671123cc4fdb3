"""Reading an HTML page once, with Polon's own choice of trafilatura's metadata steps, gives what
trafilatura's one-call extraction gives, on every HTML page of the evaluation set."""

from __future__ import annotations

import pathlib

import pytest
from trafilatura import bare_extraction, extract_metadata, load_html

from bench.extraction.__main__ import SETS
from polon.ingest.clean import _DATE_PARAMS, _PRUNE_XPATH, _page_metadata, clean_html

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
PAGES = sorted(
    [*(p for s in SETS.values() for p in s.iterdir() if p.suffix in (".html", ".htm"))]
    + [*FIXTURES.glob("*.html")]
)
FIELDS = ("title", "sitename", "author", "url", "date")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_metadata_is_trafilaturas(page: pathlib.Path):
    html = page.read_text(encoding="utf-8")
    ours = _page_metadata(load_html(html))
    theirs = extract_metadata(load_html(html), date_config=dict(_DATE_PARAMS))
    assert {f: getattr(ours, f) for f in FIELDS} == {f: getattr(theirs, f) for f in FIELDS}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_text_is_what_one_call_extraction_gives(page: pathlib.Path):
    html = page.read_text(encoding="utf-8")
    document = bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        prune_xpath=_PRUNE_XPATH,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    cleaned = clean_html(html)
    assert cleaned.title == (document.title or None)
    assert cleaned.url == (document.url or None)
    assert cleaned.published_text == (document.date or None)
    if document.sitename:
        assert cleaned.publisher == document.sitename
    if document.author:
        assert cleaned.author == document.author
    lines = [line.strip() for line in document.text.splitlines() if line.strip()]
    assert all(line in lines for line in cleaned.text.split("\n\n") if line)

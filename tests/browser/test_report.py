"""The brief opened from disk (file://) in chromium: it asks for nothing but itself, runs
nothing, shows its two charts, and keeps hostile source text as text, with the
Content-Security-Policy it carries and with the browser told to ignore it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from polon.cli import app
from polon.ledger import Ledger
from tests.browser.conftest import DESKTOP, KI_SEED, NV_SEED
from tests.report.helpers import HOSTILE_TITLE, PWN, add_hostile, seed


@pytest.fixture(scope="module")
def brief_file(tmp_path_factory) -> Path:
    """The seeds and the hostile reports in an SQLite ledger, the brief written by the CLI."""
    folder = tmp_path_factory.mktemp("brief")
    url = f"sqlite:///{folder / 'ledger.db'}"
    with Ledger(url) as ledger:
        ledger.init()
        seed(ledger, [NV_SEED, KI_SEED])
        add_hostile(ledger, folder)
    out = folder / "brief.html"
    result = CliRunner().invoke(
        app,
        ["--db", url, "--user", "browser", "report", "--out", str(out), "--as-of", "2024-06-01"],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(params=["csp", "no-csp"])
def opened(request, chromium, brief_file):
    """The brief in a fresh context, every request, console error, page error and dialog kept;
    with ``no-csp`` the browser ignores the brief's Content-Security-Policy."""
    context = chromium.new_context(viewport=DESKTOP, bypass_csp=request.param == "no-csp")
    page = context.new_page()
    seen: dict[str, list[str]] = {"requests": [], "errors": [], "dialogs": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(brief_file.as_uri(), wait_until="load")
    page.wait_for_timeout(300)  # time for anything deferred to try
    yield page, seen
    context.close()


def test_the_brief_loads_only_itself_and_runs_nothing(opened, brief_file, shot):
    page, seen = opened
    assert seen["requests"] == [brief_file.as_uri()]
    assert seen["errors"] == [] and seen["dialogs"] == []
    state = page.evaluate(
        """() => ({
          pwned: typeof window.__pwned,
          scripts: document.scripts.length,
          handlers: Array.from(document.querySelectorAll("*")).flatMap(e =>
            Array.from(e.attributes).filter(a => a.name.startsWith("on")).map(a => a.name)),
          loading: document.querySelectorAll("img, iframe, object, embed, link, image").length,
        })"""
    )
    assert state == {"pwned": "undefined", "scripts": 0, "handlers": [], "loading": 0}
    assert PWN in page.locator("#sources").inner_text()  # the hostile title, as text
    assert HOSTILE_TITLE.split('"')[0].strip() in page.locator("#sources").inner_text()
    shot(page, "brief")


def test_both_charts_are_visible_and_drawn(opened, shot):
    page, _ = opened
    charts = page.locator("#charts .chart > svg")
    assert charts.count() == 2
    for index in range(2):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 400 and box["height"] > 200
    held = page.locator("#charts .chart").first.inner_text()
    assert "People held over time" in held and "a subgroup: lower bound" in held
    assert "215 · 2022-09-21" in page.locator("#charts .chart").nth(1).inner_text()
    shot(page, "brief", phone=True)


def test_print_puts_each_section_on_a_new_a4_page(opened, shot):
    page, _ = opened
    page.emulate_media(media="print")
    breaks = page.evaluate(
        "() => Array.from(document.querySelectorAll('body > section'),"
        " s => getComputedStyle(s).breakBefore)"
    )
    assert breaks[0] == "auto" and set(breaks[1:]) == {"page"} and len(breaks) == 9
    shot(page, "brief-print")

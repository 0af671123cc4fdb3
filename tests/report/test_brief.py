"""The brief built from the two seed reports, on SQLite and PostgreSQL: what it says, what it
cites, what it leaves out, and that opening it can load and run nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import select

from polon.analytics.series import MAIN_GROUP, series
from polon.ledger import Ledger
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, Discrepancy
from polon.registry.registry import Registry
from polon.report.brief import build_brief, export_brief
from tests.conftest import FIXTURES, KI_SEED, NV_SEED
from tests.report.helpers import (
    HOSTILE_TITLE,
    HOSTILE_URL,
    SAFE_URL,
    add_hostile,
    assert_offline,
    section,
    seed,
    text,
)

AS_OF = dt.date(2024, 6, 1)


@pytest.fixture
def seeded(ledger: Ledger) -> Ledger:
    seed(ledger, [NV_SEED, KI_SEED])  # source 1: The New Voice; source 2: The Kyiv Independent
    return ledger


def brief(ledger: Ledger, as_of: dt.date = AS_OF, group: str | None = None) -> str:
    with ledger._sessions() as session:
        return build_brief(session, as_of, group)


def test_the_swap_of_21_september_once_with_each_sources_subgroup(seeded: Ledger):
    html = brief(seeded)
    rows = section(html, "exchanges").xpath(".//tbody[@class='exchange']")
    assert len(rows) == 1
    row = text(rows[0])
    assert row.startswith("2022-09-21 215 215")
    assert "Mariupol defenders: 188 [1]" in row
    assert "Azov Regiment: 108 [2]" in row
    assert "Azov commanders: 5 (for 55) [1]" in row
    assert "[1][2]" in row  # the exchange's own sources, both
    assert "Condition: they would be sent to exile in Turkey" in row
    assert "BROKEN" in row.upper() and "travelled back to Ukraine" in row


def test_the_gru_generals_promise_is_broken_with_its_evidence(seeded: Ledger):
    promises = section(html := brief(seeded), "promises")
    said = text(promises)
    assert said.startswith("Promises broken Vladimir Alekseev to Mariupol defenders, 2022-05")
    assert "Window: 2022-08-16 to 2022-09-16. Outcome: broken, because" in said
    assert (
        "“Some of the Azovstal defenders have remained in captivity for almost 20 months.” [1]"
        in said
    )
    assert "188 Mariupol defenders returned only on 2022-09-21" in said
    assert promises.xpath(".//span[@class='outcome broken']")
    assert 'href="#source-1"' in html


def test_before_the_deadline_the_promise_is_open_and_nothing_later_shows(seeded: Ledger):
    html = brief(seeded, dt.date(2022, 9, 1))
    assert "PENDING" in text(section(html, "promises")).upper()
    assert "No exchanges recorded up to 2022-09-01." in text(section(html, "exchanges"))
    figures = text(section(html, "charts"))
    assert "more than 2,500" in figures and "2,500 Ukrainian POWs" not in figures  # 25 Sept


def test_headline_is_the_analytics_estimate_with_its_rule_and_source(seeded: Ledger):
    with seeded._sessions() as session:
        estimate = series(session, MAIN_GROUP, as_of=AS_OF)["estimate"]
    head = section(brief(seeded), "headline")
    box = text(head.xpath(".//div[@class='estimate']")[0])
    assert estimate is not None
    assert f"{estimate['stated']} as of {estimate['as_of']}" in box
    assert f"Chosen as {estimate['rule']}" in box
    assert re.search(r"\[\d\]", box)
    latest = text(head)
    for stated in ["3,574", "more than 700", "more than 2,500"]:
        assert stated in latest


def test_sources_are_numbered_once_with_title_publisher_and_date(seeded: Ledger):
    items = section(brief(seeded), "sources").xpath(".//li")
    assert [item.get("id") for item in items] == ["source-1", "source-2"]
    first, second = (text(item) for item in items)
    assert first.startswith("Russian GRU General promised Azov Battalion security guarantees")
    assert "The New Voice of Ukraine. Publication date not stated." in first
    assert "Azov senior officer" in second
    assert "The Kyiv Independent. Published 2022-10-06." in second


def test_every_citation_points_to_a_listed_source(seeded: Ledger):
    html = brief(seeded)
    root = lxml.html.document_fromstring(html)
    listed = {li.get("id") for li in root.xpath("//ol[@class='sources']/li")}
    cited = Counter(a.get("href")[1:] for a in root.xpath("//a[@class='cite']"))
    assert set(cited) == listed
    for link in root.xpath("//a[@class='cite']"):
        assert text(link) == f"[{link.get('href').rsplit('-', 1)[1]}]"


def test_the_seed_brief_loads_nothing_and_its_chart_ids_are_unique(seeded: Ledger):
    html = brief(seeded)
    assert_offline(html)
    root = lxml.html.document_fromstring(html)
    assert len(root.xpath("//div[@class='chart']/svg")) == 2
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert "<metadata>" not in html


def test_hostile_text_is_text(ledger: Ledger, tmp_path: Path):
    add_hostile(ledger, tmp_path)
    html = brief(ledger, dt.date(2023, 4, 1), group="<script>alert(1)</script>")
    assert_offline(html)
    root = lxml.html.document_fromstring(html)
    said = text(root)
    assert HOSTILE_TITLE in said  # the title, shown as the characters it is
    assert "Headline group: <script>alert(1)</script>." in said  # --group is input too
    assert "<script>window.__pwned=1</script>" in text(section(html, "discrepancies"))
    assert "&lt;script&gt;" in html
    assert HOSTILE_URL in said  # shown as text ...
    assert not root.xpath(f"//a[@href='{HOSTILE_URL}']")  # ... and never as a link
    [safe] = root.xpath(f"//a[@href='{SAFE_URL}']")
    assert safe.get("rel") == "noreferrer noopener"


def test_who_came_home_is_left_out(seeded: Ledger):
    Registry(seeded).import_list(FIXTURES / "lists" / "en_comma.csv", "tester", exchange_id=1)
    html = brief(seeded)
    for name in ["Shevchuk", "Lysenko", "Hnatiuk", "+380"]:
        assert name not in html
    assert "en_comma.csv" not in html  # the list is no source the brief cites


def test_discrepancies_about_a_persons_records_are_counted_not_shown(seeded: Ledger):
    with transaction(seeded._sessions) as session:
        session.add(Discrepancy(kind="person", subject="person 3: status",
                                description="Taras Shevchuk released but died"))  # fmt: skip
    said = text(section(brief(seeded), "discrepancies"))
    assert "Shevchuk" not in said
    assert "1 more open discrepancy concerns persons' records, which the brief leaves out." in said


def test_an_export_is_audited_and_changes_nothing_else(seeded: Ledger):
    with seeded._sessions() as session:
        before = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    exported = export_brief(seeded, "analyst-1", AS_OF)
    assert exported.sources == 2 and exported.html.startswith("<!doctype html>")
    with seeded._sessions() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.id > before)))
    assert [(e.action, e.entity_type) for e in entries] == [("export", "brief")]
    assert entries[0].after == {"format": "html", "as_of": "2024-06-01",
                                "group": MAIN_GROUP, "sources": 2}  # fmt: skip


def test_an_empty_ledger_gives_a_brief_that_says_so(ledger: Ledger):
    html = brief(ledger)
    assert_offline(html)
    assert "No figures of people held yet." in html
    assert "No exchange of 100 or more people is recorded" in html
    assert "No promises recorded." in html

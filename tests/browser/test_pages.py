"""Every page in a browser, by role, over a ledger that already holds both seed reports
(stored and accepted through Python, as ``polon demo`` does), plus one short statement and
one person list whose claims wait for review.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from polon.ledger.models import ClaimState
from polon.ledger.review import proposed_ids
from polon.web.upload import store_upload
from tests.browser.conftest import DESKTOP, KI_SEED, NV_SEED, PHONE

STATEMENT = b"""Statement of the coordination office, 9 January 2023

On 7 January 2023 another 50 Ukrainian servicemen came home from captivity in a prisoner
swap. In return Ukraine handed over 50 Russian soldiers.
"""

# a person list sent to review, in Ukrainian
LIST = "Прізвище,Ім'я,Статус\nКоваленко,Андрій,в полоні\n".encode()

EVERYONE = ["Dashboard", "Sources", "Exchanges", "Figures", "Promises", "Places", "Persons",
            "Discrepancies", "Analysis"]  # fmt: skip
ADMIN = ["Dashboard", "Review", "Sources", "Exchanges", "Figures", "Promises", "Places",
         "Persons", "Discrepancies", "Analysis", "Upload", "Audit log", "Users"]  # fmt: skip


@pytest.fixture(scope="module")
def seeded(server):
    ledger = server.ledger
    ids = {}
    for path in (NV_SEED, KI_SEED):
        stored = store_upload(ledger, "admin", path.name, path.read_bytes())
        with ledger._sessions() as session:
            claims = proposed_ids(session, [stored.source_id])
        ledger.decide(claims, ClaimState.ACCEPTED, "admin", (), None)
        ids[path.name] = stored.source_id
    ids["statement"] = store_upload(ledger, "admin", "statement.txt", STATEMENT).source_id
    ids["list"] = store_upload(ledger, "admin", "list.csv", LIST, review_lists=True).source_id
    return ids


def nav_labels(page) -> list[str]:
    return page.locator("header.top nav a").all_inner_texts()


def sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_viewer_sees_no_editor_links_and_is_refused_the_review_queue(browse, seeded, watch, shot):
    page = browse("viewer")
    page.goto("/")
    expect(page.locator("header.top .who span")).to_have_text("viewer (viewer)")
    assert nav_labels(page) == EVERYONE
    watch.expect_status(403)
    for path in ["/review", f"/review/{seeded['statement']}", "/upload", "/audit"]:
        answer = page.goto(path)
        assert answer.status == 403, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
        expect(page.get_by_role("alert")).to_have_text("your role may not do this")
    shot(page, "viewer-refused")
    # a viewer reads the exchange and finds a published name under another spelling
    page.goto("/exchanges")
    expect(page.locator("main tbody tr", has_text="2022-09-21")).to_have_count(1)
    page.goto("/persons?q=" + "Богдан Кротевич")
    expect(page.locator("#hits tbody tr").first.get_by_role("link")).to_have_text(
        "Bohdan Krotevych"
    )
    shot(page, "viewer-search")


def test_every_page_as_admin_on_desktop_and_phone(browse, seeded, shot):
    page = browse("admin")
    page.goto("/persons")
    person = page.locator("main tbody a").first.get_attribute("href")
    page.goto("/")
    assert nav_labels(page) == ADMIN
    nav = page.locator("header.top nav")
    wide = []

    def check(step: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shot(page, step)
        page.set_viewport_size(PHONE)
        if sideways(page) > 0:
            wide.append(f"{page.url}: {sideways(page)} px")
        page.set_viewport_size(DESKTOP)

    for label in ADMIN:
        with page.expect_navigation():
            nav.get_by_role("link", name=label, exact=True).click()
        check(re.sub(r"\W+", "-", label.lower()))
    shot(page, "users", phone=True)
    for path in [f"/sources/{seeded[NV_SEED.name]}", person, "/login"]:
        page.goto(path)
        check(re.sub(r"\W+", "-", path.strip("/")))
    assert wide == [], "pages that scroll sideways at phone width"


def test_edit_a_claim_then_a_stale_decision_is_refused(browse, seeded, watch, server, shot):
    page = browse("editor")
    href = f"/review/{seeded['statement']}"
    page.goto(href)
    claim = page.locator("section.claim", has=page.locator("header b", has_text="exchange"))
    expect(claim).to_have_count(1)
    claim_id = claim.get_attribute("data-claim")
    stale = page.context.new_page()  # a second tab, opened before the edit
    watch.attach(stale)
    stale.goto(href)

    claim.locator("details.edit summary").click()
    claim.get_by_label("Date", exact=True).fill("2023-01-08")
    with page.expect_navigation():
        claim.get_by_role("button", name="Save").click()
    expect(page).to_have_url(server.url + f"{href}#claim-{claim_id}")
    expect(claim.locator("header")).to_contain_text("2023-01-08")
    expect(claim).to_have_class(re.compile(r"\bproposed\b"))
    shot(page, "claim-edited")

    # the other tab still shows the old version: its accept is refused, not applied
    watch.expect_status(409)
    with stale.expect_navigation() as answered:
        stale.locator(f"#claim-{claim_id}").get_by_role("button", name="Accept", exact=True).click()
    assert answered.value.status == 409
    expect(stale.get_by_role("heading", level=1)).to_have_text("Changed by someone else")
    shot(stale, "stale-decision")
    page.reload()
    expect(claim).to_have_class(re.compile(r"\bproposed\b"))

    # R rejects every claim still proposed
    count = page.locator("section.claim").count()
    with page.expect_navigation():
        page.keyboard.press("Shift+R")
    expect(page.locator("section.claim.rejected")).to_have_count(count)
    expect(page.locator("#decide")).to_contain_text("Every claim of this source is decided.")


def test_dashboard_counts_each_source_once(browse, seeded):
    page = browse("viewer")
    page.goto("/")
    row = page.locator("#exchanges tbody tr", has_text="2022-09-21")
    # two outlets reported the swap: the first, and one more
    expect(row.locator("td").nth(3)).to_have_text("The New Voice of Ukraine +1", timeout=1000)


def test_claim_values_are_readable_on_the_review_page(browse, seeded):
    page = browse("editor")
    page.goto(f"/review/{seeded[KI_SEED.name]}")
    report = page.locator("section.claim pre.values").all_inner_texts()
    page.goto(f"/review/{seeded['list']}")
    listed = page.locator("section.claim pre.values").all_inner_texts()
    unreadable = [v for v in report + listed if "\\u" in v]
    assert any("Ukraine's" in v for v in report), unreadable
    assert any('"name": "Андрій Коваленко"' in v for v in listed), unreadable


def test_an_unknown_page_still_shows_who_is_logged_in(browse, watch):
    watch.expect_status(404)
    page = browse("viewer")
    answer = page.goto("/no-such-page")
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("header.top .who span")).to_have_text("viewer (viewer)", timeout=1000)

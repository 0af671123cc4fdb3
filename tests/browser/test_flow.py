"""The main flow in a browser: log in, upload a seed report, accept its claims in the review
queue, see the exchange of 2022-09-21 on the dashboard and its chart, find a person under
another spelling, log out. Then the review page's keyboard shortcuts on the other seed.

The tests in this module share one server, each in its own browser context; none needs
another to have run first.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, KI_SEED, NV_SEED, PHONE, log_in, search, upload

DECIDED = "Every claim of this source is decided."


def phone_overflow(page) -> int:
    """How many CSS pixels the page is wider than a phone screen (0: no sideways scrolling)."""
    page.set_viewport_size(PHONE)
    try:
        return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    finally:
        page.set_viewport_size(DESKTOP)


def follow(page, label: str) -> None:
    """Click a link of the header's navigation and wait for the page it opens."""
    with page.expect_navigation():
        page.locator("header.top nav").get_by_role("link", name=label, exact=True).click()


def chart_loaded(page, src: str) -> None:
    image = page.locator(f'img[src="{src}"]')
    expect(image).to_be_visible()
    page.wait_for_function(
        'src => { const i = document.querySelector(`img[src="${src}"]`);'
        " return i && i.complete && i.naturalWidth > 0; }",
        arg=src,
    )


def test_wrong_password_shows_the_error_and_opens_no_session(page, server, watch, shot):
    watch.expect_status(401)
    log_in(page, "editor", "not the password at all")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
    expect(page.locator("header.top nav a")).to_have_count(0)
    expect(page.locator("header.top .who")).to_contain_text("Log in")
    shot(page, "wrong-password")
    cookies = {c["name"] for c in page.context.cookies()}
    assert "polon_session" not in cookies
    # the form it shows again works: the next try with the right password logs in
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill(server.passwords["editor"])
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(server.url + "/")
    expect(page.locator("header.top .who")).to_contain_text("editor (editor)")
    assert "polon_session" in {c["name"] for c in page.context.cookies()}


def test_main_flow(page, server, shot):
    # a page that needs a login sends there, and back after it
    page.goto("/review")
    expect(page).to_have_url(re.compile(r"/login\?next=/review$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    shot(page, "login")
    page.get_by_label("User name").fill("editor")
    page.get_by_label("Password").fill(server.passwords["editor"])
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(server.url + "/review")
    expect(page.locator("header.top .who")).to_contain_text("editor (editor)")
    nav = page.locator("header.top nav")
    expect(nav.get_by_role("link", name="Review")).to_be_visible()
    expect(nav.get_by_role("link", name="Upload")).to_be_visible()
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)  # admins only

    # the dashboard, empty
    follow(page, "Dashboard")
    expect(page.locator("#exchanges tbody")).to_contain_text("No exchanges yet.")
    shot(page, "dashboard-empty")

    # upload a seed report through the form (its script sends it with XHR)
    follow(page, "Upload")
    expect(page).to_have_url(server.url + "/upload")
    upload(page, NV_SEED, navigate=False)
    row = page.locator("#results tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(0)).to_have_text(NV_SEED.name)
    expect(row.locator("td").nth(1)).to_have_text("report")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"^\d+ claims to review$"))
    expect(page.locator("#progress-text")).to_have_text("Done.")
    claims = int(row.locator("td").nth(2).inner_text().split()[0])
    assert claims > 5
    review_link = row.get_by_role("link", name="review")
    href = review_link.get_attribute("href")
    assert re.fullmatch(r"/review/\d+", href)
    source_id = int(href.rsplit("/", 1)[1])
    shot(page, "upload-done")

    # the review queue lists it
    follow(page, "Review")
    queue_row = page.locator("table tbody tr", has=page.locator(f'a[href="{href}"]'))
    expect(queue_row).to_have_count(1)
    expect(queue_row.locator("td").nth(3)).to_have_text(str(claims))
    shot(page, "review-queue")

    # its review page: the evidence is highlighted, the first claim is current
    queue_row.locator(f'a[href="{href}"]').click()
    expect(page).to_have_url(server.url + href)
    expect(page.locator("section.claim")).to_have_count(claims)
    expect(page.locator("section.claim.proposed")).to_have_count(claims)
    assert page.locator("#text mark").count() > 0
    first = page.locator("section.claim").first
    expect(first).to_have_class(re.compile(r"\bcurrent\b"))
    expect(page.locator("#text mark.current").first).to_be_visible()
    first_id = first.get_attribute("data-claim")
    for claim_ids in page.locator("#text mark.current").evaluate_all(
        "marks => marks.map(m => m.dataset.claims)"
    ):
        assert first_id in claim_ids.split()
    expect(page.locator("#accept-all")).to_be_visible()
    shot(page, "review-source")
    shot(page, "review-source", phone=True)
    assert phone_overflow(page) <= 0, "the review page scrolls sideways on a phone"

    # accept every claim with the button
    with page.expect_navigation():
        page.locator("#accept-all").click()
    expect(page).to_have_url(server.url + href)
    expect(page.locator("#decide")).to_contain_text(DECIDED)
    expect(page.locator("section.claim.accepted")).to_have_count(claims)
    expect(page.locator("section.claim.proposed")).to_have_count(0)
    expect(page.locator("section.claim form.actions")).to_have_count(0)
    shot(page, "review-accepted")
    follow(page, "Review")
    expect(page.locator("table tbody")).to_contain_text("Nothing waits for review.")

    # the dashboard: the exchange of 21 September 2022, in the table and on the chart
    follow(page, "Dashboard")
    exchange = page.locator("#exchanges tbody tr", has_text="2022-09-21")
    expect(exchange).to_have_count(1)
    expect(exchange.locator("td").nth(1)).to_have_text("215")
    chart_loaded(page, "/charts/exchanges.svg")
    chart_loaded(page, "/charts/held.svg")
    svg = page.request.get("/charts/exchanges.svg")
    assert svg.ok and svg.headers["content-type"].startswith("image/svg+xml")
    assert "2022-09-21" in svg.text()
    expect(page.locator(".cards")).to_contain_text("215")
    shot(page, "dashboard")
    shot(page, "dashboard", phone=True)
    assert phone_overflow(page) <= 0, "the dashboard scrolls sideways on a phone"

    # a person under another spelling: Cyrillic for "Denys Prokopenko"
    follow(page, "Persons")
    search(page, "Денис Прокопенко")
    expect(page).to_have_url(re.compile(r"/persons\?q="))
    expect(page.get_by_label("Name")).to_have_value("Денис Прокопенко")
    hit = page.locator("#hits tbody tr").first.get_by_role("link")
    expect(hit).to_have_text("Denys Prokopenko")
    expect(page.locator("#hits tbody tr").first).to_contain_text("another alphabet")
    shot(page, "person-search")
    hit.click()
    expect(page).to_have_url(re.compile(r"/persons/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Denys Prokopenko")
    expect(page.locator("#statuses")).to_be_visible()
    expect(page.locator(f'main a[href="/sources/{source_id}"]').first).to_be_visible()
    shot(page, "person")

    # and one whose status history has a row, under another romanisation
    page.goto("/persons?q=Kostiantyn+Kozhekin")
    hit = page.locator("#hits tbody tr").first.get_by_role("link")
    expect(hit).to_have_text("Konstantyn Kozhekin")
    hit.click()
    status = page.locator("#statuses tbody tr")
    expect(status).to_have_count(1)
    expect(status.locator("td").nth(1)).to_have_text("released")
    expect(status.get_by_role("link")).to_have_attribute("href", f"/sources/{source_id}")
    shot(page, "person-with-status")

    # its source, from the person page
    status.get_by_role("link").click()
    expect(page).to_have_url(server.url + f"/sources/{source_id}")
    expect(page.locator("main table tbody tr")).to_have_count(claims)
    shot(page, "source")

    # log out with the header's button; the review queue is closed again
    with page.expect_navigation():
        page.locator("header.top").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(server.url + "/login")
    assert "polon_session" not in {c["name"] for c in page.context.cookies()}
    page.goto("/review")
    expect(page).to_have_url(re.compile(r"/login\?next=/review$"))
    shot(page, "logged-out")


def test_keyboard_shortcuts_on_the_review_page(browse, shot):
    page = browse("editor2")
    upload(page, KI_SEED)
    review = page.locator("#results tbody tr").get_by_role("link", name="review")
    href = review.get_attribute("href")
    with page.expect_navigation():
        review.click()  # the link the upload page's script built
    assert page.url.endswith(href)
    claims = page.locator("section.claim")
    count = claims.count()
    assert count >= 4
    ids = [claims.nth(i).get_attribute("data-claim") for i in range(count)]

    def current() -> str:
        return page.evaluate(
            "() => { const c = document.querySelectorAll('section.claim.current');"
            " return c.length === 1 ? c[0].dataset.claim : `${c.length} current`; }"
        )

    def focused() -> str | None:
        return page.evaluate("() => document.activeElement.dataset.claim || null")

    # j and k move between claims; the current one has focus and its evidence is marked
    assert current() == ids[0] and focused() == ids[0]
    page.keyboard.press("j")
    assert current() == ids[1] and focused() == ids[1]
    marked = page.locator("#text mark.current").evaluate_all(
        "marks => marks.map(m => m.dataset.claims.split(' '))"
    )
    assert marked and all(ids[1] in m for m in marked)
    page.keyboard.press("k")
    page.keyboard.press("k")  # stops at the first
    assert current() == ids[0]
    shot(page, "review-keyboard")

    # a accepts the current claim; the page comes back with the next proposed one current
    with page.expect_navigation():
        page.keyboard.press("a")
    expect(claims.nth(0)).to_have_class(re.compile(r"\baccepted\b"))
    assert current() == ids[1]

    # j then r rejects the third; the current one is then the first still proposed
    page.keyboard.press("j")
    assert current() == ids[2]
    with page.expect_navigation():
        page.keyboard.press("r")
    expect(claims.nth(2)).to_have_class(re.compile(r"\brejected\b"))
    expect(claims.nth(1)).to_have_class(re.compile(r"\bproposed\b"))
    assert current() == ids[1]

    # e opens the editor; keys typed there are text, not shortcuts
    page.keyboard.press("e")
    editor = claims.nth(1).locator("details.edit")
    expect(editor).to_have_attribute("open", "")
    expect(editor.locator("textarea")).to_be_focused()
    before = editor.locator("textarea").input_value()
    page.keyboard.press("Control+End")
    page.keyboard.type(" aArR")
    expect(editor.locator("textarea")).to_have_value(before + " aArR")
    expect(claims.nth(1)).to_have_class(re.compile(r"\bproposed\b"))
    shot(page, "review-keyboard-edit")

    # a click on a claim makes it current; a modified key is left to the browser
    claims.nth(3).locator("header").click()
    assert current() == ids[3]
    page.keyboard.press("Control+a")
    expect(claims.nth(3)).to_have_class(re.compile(r"\bproposed\b"))

    # A accepts all that are left
    with page.expect_navigation():
        page.keyboard.press("Shift+A")
    expect(page.locator("#decide")).to_contain_text(DECIDED)
    expect(page.locator("section.claim.proposed")).to_have_count(0)
    expect(page.locator("section.claim.rejected")).to_have_count(1)
    expect(page.locator("section.claim.accepted")).to_have_count(count - 1)
    expect(claims.nth(2)).to_have_class(re.compile(r"\brejected\b"))
    shot(page, "review-keyboard-done")

    # the JSON API says the same
    source_id = href.rsplit("/", 1)[1]
    listed = page.request.get(f"/api/v1/claims?source_id={source_id}&limit=200").json()
    states = {str(c["id"]): c["state"] for c in listed["items"]}
    assert states[ids[2]] == "rejected"
    assert sorted(states.values()).count("accepted") == count - 1

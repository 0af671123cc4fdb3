"""Text from sources, names and user input is always shown as text: a source carrying
``<script>``, ``<img onerror>`` or ``<svg onload>`` runs nothing in the browser.

Every page is visited twice: once as served (the Content-Security-Policy would block an
inline script, and the page fixture fails on the violation it reports) and once with the
browser told to ignore the CSP, so that escaping alone must keep the markup inert.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from polon.ledger.accounts import add_user
from polon.ledger.db import transaction
from polon.ledger.models import ClaimState
from polon.ledger.review import proposed_ids
from tests.browser.conftest import (
    MARKUP_USER,
    PASSWORD,
    Watch,
    log_in,
    search,
    upload,
    watched_page,
)

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
SVG = f'"><svg onload={PWN}>'

# Our own short report; the markup in its text is entity-encoded, so the cleaned text holds
# it literally, while the raw file holds real tags as well.
REPORT_TITLE = f"Swap of 14 March {SCRIPT}"
REPORT = f"""<!doctype html>
<html><head><meta charset="utf-8">
<title>Swap of 14 March &lt;script&gt;{PWN}&lt;/script&gt;</title>
<script>window.__pwned = 1</script>
</head><body><article>
<h1>Swap of 14 March &lt;script&gt;{PWN}&lt;/script&gt;</h1>
<p>Ukraine and Russia carried out a prisoner exchange on March 14, 2023: 40 Ukrainian
servicemen returned home &lt;img src=x onerror="{PWN}"&gt;, the Coordination Headquarters
said.</p>
<p>Among those released was Sergeant Taras Melnyk"&gt;&lt;svg onload={PWN}&gt;, a marine
captured in Mariupol in April 2022.</p>
<img src=x onerror="window.__pwned = 1">
</article></body></html>
""".encode()
REPORT_FILE = {"name": f"{IMG}.html", "mimeType": "text/html", "buffer": REPORT}

# A plain-text report left in the review queue, its title line hostile.
NOTE_TITLE = f"Families wait for news {SCRIPT}"
NOTE = f"""{NOTE_TITLE}

Relatives of marines held since April 2022 {IMG} met the ombudsman in Kyiv on 2 May 2023.
""".encode()
NOTE_FILE = {"name": "note.txt", "mimeType": "text/plain", "buffer": NOTE}

# A person list whose names and unit are markup, and one whose error message quotes markup.
PERSON_NAME = f"Olena{SVG} Bondar{SCRIPT}"
LIST = (
    "Last name,First name,Rank,Unit,Status\n"
    f'"Bondar{SCRIPT}","Olena""><svg onload={PWN}>",Medic,"<img src=x onerror=""{PWN}"">",'
    "captured\n"
).encode()
LIST_FILE = {"name": "list.csv", "mimeType": "text/csv", "buffer": LIST}
BAD_LIST = f'Last name,First name,Date of birth\nSavchuk,Ivan,"<img src=x onerror=""{PWN}"">"\n'
BAD_LIST_FILE = {"name": "bad.csv", "mimeType": "text/csv", "buffer": BAD_LIST.encode()}

FILES = [REPORT_FILE, NOTE_FILE, LIST_FILE, BAD_LIST_FILE]


def assert_inert(page) -> None:
    """Nothing injected ran or became an element: no stray script, handler or image."""
    state = page.evaluate(
        """() => ({
          pwned: typeof window.__pwned,
          scripts: Array.from(document.scripts, s => s.getAttribute("src")),
          handlers: Array.from(document.querySelectorAll("*")).flatMap(e =>
            Array.from(e.attributes).filter(a => a.name.startsWith("on"))
              .map(a => `${e.tagName} ${a.name}`)),
          injected: Array.from(
            document.querySelectorAll("svg, img:not(.chart), iframe, object, embed"),
            e => e.outerHTML),
        })"""
    )
    expected = {"pwned": "undefined", "scripts": ["/static/polon.js"], "handlers": [],
                "injected": []}  # fmt: skip
    assert state == expected, page.url


def test_the_watch_sees_a_csp_violation(page, watch):
    """The safety net itself: an inline script is blocked, and the page fixture hears of it."""
    page.goto("/login")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => { const s = document.createElement("script");
                       s.textContent = "window.__pwned = 1"; document.body.append(s); }"""
        )
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in e for e in watch.errors), watch.errors
    watch.errors.clear()


@pytest.fixture(scope="module")
def hostile(chromium, server, signed_in):
    """The hostile files uploaded by an editor, the report's claims accepted; the note's are
    left in the review queue. Returns the ids of what was stored."""
    watch = Watch(server.url)
    context, page = watched_page(chromium, server.url, watch, storage_state=signed_in("editor"))
    try:
        upload(page, *FILES)
        rows = page.locator("#results tbody tr")
        links = [rows.nth(i).locator("a").get_attribute("href") for i in range(3)]
        report, note, listed = (int(link.rsplit("/", 1)[1]) for link in links)
        expect(rows.nth(3)).to_have_class("error")
    finally:
        context.close()
    watch.assert_clean()
    ledger = server.ledger
    with ledger._sessions() as session:
        ids = proposed_ids(session, [report])
    ledger.decide(ids, ClaimState.ACCEPTED, "editor", (), None)
    return {"report": report, "note": note, "list": listed}


@pytest.fixture(params=["csp", "no-csp"])
def page_as_editor(request, browse):
    """An editor's page; with ``no-csp`` the browser ignores the Content-Security-Policy."""
    return browse("editor", bypass_csp=request.param == "no-csp")


def test_upload_results_are_text(page_as_editor, hostile, shot):
    page = page_as_editor
    upload(page, *FILES)
    rows = page.locator("#results tbody tr")
    expect(rows.nth(0).locator("td").nth(0)).to_have_text(re.compile(r"^_img_src_x_onerror"))
    expect(rows.nth(0)).to_contain_text(f"already in the ledger as source {hostile['report']}")
    expect(rows.nth(3).locator("td").nth(2)).to_contain_text(
        """'<img src=x onerror="window.__pwned=1">' is not a date"""
    )
    assert_inert(page)
    shot(page, "upload-results")


def test_source_page_shows_the_raw_file_as_text(page_as_editor, hostile, shot):
    page = page_as_editor
    page.goto(f"/sources/{hostile['report']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(REPORT_TITLE)
    assert page.title() == f"{REPORT_TITLE} · Polon"
    expect(page.locator("main .text")).to_contain_text(f"returned home {IMG}, the")
    expect(page.locator("main .text")).to_contain_text(f"Taras Melnyk{SVG}, a marine")
    raw = page.locator("pre.raw")
    expect(raw).to_be_hidden()
    page.locator("details summary", has_text="Raw file").click()
    expect(raw).to_be_visible()
    expect(raw).to_contain_text("<script>window.__pwned = 1</script>")
    expect(raw).to_contain_text('<img src=x onerror="window.__pwned = 1">')
    # the literal tag is on screen, as text; entities in the file stay entities
    assert raw.inner_text().count("<script>") == 1
    expect(raw).to_contain_text(f"<title>Swap of 14 March &lt;script&gt;{PWN}&lt;/script&gt;")
    assert_inert(page)
    shot(page, "source-raw")


def test_review_pages_show_evidence_as_text(page_as_editor, hostile, shot):
    page = page_as_editor
    page.goto("/review")
    link = page.locator(f'a[href="/review/{hostile["note"]}"]')
    expect(link).to_have_text(NOTE_TITLE)
    assert_inert(page)
    shot(page, "review-queue")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {NOTE_TITLE}")
    assert_inert(page)

    page.goto(f"/review/{hostile['report']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review: {REPORT_TITLE}")
    assert page.locator("#text mark").count() > 0
    expect(page.locator("#text")).to_contain_text(f"returned home {IMG}, the")
    expect(page.locator("section.claim blockquote").first).to_contain_text(IMG)
    expect(page.locator("section.claim.accepted").first).to_be_visible()
    assert_inert(page)
    shot(page, "review-source")


def test_entity_pages_show_names_as_text(page_as_editor, hostile, shot):
    page = page_as_editor
    for path in ["/", "/sources", "/exchanges", "/figures", "/places", "/promises",
                 "/discrepancies", "/audit"]:  # fmt: skip
        page.goto(path)
        assert_inert(page)
    page.goto("/sources")
    expect(page.locator(f'main a[href="/sources/{hostile["report"]}"]')).to_have_text(REPORT_TITLE)
    page.goto("/exchanges")
    expect(page.locator("main table")).to_contain_text("2023-03-14")

    page.goto("/persons")
    row = page.locator("main tbody tr", has_text="Medic")
    expect(row.locator("td").nth(0)).to_have_text(PERSON_NAME)
    expect(row.locator("td").nth(2)).to_have_text(f'<img src=x onerror="{PWN}">')
    assert_inert(page)
    shot(page, "persons")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON_NAME)
    assert page.title() == f"{PERSON_NAME} · Polon"
    assert_inert(page)
    shot(page, "person")


def test_search_echoes_the_query_as_text(page_as_editor, hostile, shot):
    page = page_as_editor
    page.goto("/persons")
    search(page, SVG + SCRIPT)
    expect(page.get_by_label("Name")).to_have_value(SVG + SCRIPT)
    assert_inert(page)
    # the hostile name is found, and so is the report's marine, in Cyrillic
    search(page, "Олена Бондар")
    expect(page.locator("#hits tbody tr").first.get_by_role("link")).to_have_text(PERSON_NAME)
    assert_inert(page)
    shot(page, "search-hostile-name")
    search(page, "Тарас Мельник")
    expect(page.locator("#hits tbody tr").first.get_by_role("link")).to_have_text("Taras Melnyk")
    assert_inert(page)


def test_login_form_echoes_next_as_text_and_never_leaves_the_site(browse, server):
    page = browse(bypass_csp=True)
    hostile_next = f"{SVG}{SCRIPT}"
    page.goto("/login?next=" + quote(hostile_next, safe=""))
    expect(page.locator("input[name=next]")).to_have_value(hostile_next)
    assert_inert(page)
    log_in(page, "editor", next_path="//example.org/")
    expect(page).to_have_url(server.url + "/")


def test_a_user_named_with_markup_is_shown_as_text(browse, shot):
    page = browse(bypass_csp=True)
    log_in(page, MARKUP_USER)
    expect(page.locator("header.top .who span")).to_have_text(f"{MARKUP_USER} (editor)")
    assert_inert(page)
    shot(page, "markup-user")
    page.goto("/audit")
    expect(page.locator("main tbody tr").first.locator("td").nth(2)).to_have_text(MARKUP_USER)
    assert_inert(page)
    # an admin sees the name in the user list, and its forms' addresses hold no markup
    page = browse("admin", bypass_csp=True)
    page.goto("/admin/users")
    row = page.locator("main tbody tr", has_text="Eve")
    expect(row.locator("td").first).to_have_text(MARKUP_USER)
    for action in row.locator("form").evaluate_all("forms => forms.map(f => f.action)"):
        assert "<" not in action and '"' not in action and " " not in action
    assert_inert(page)
    shot(page, "users")


def test_admin_can_issue_a_token_to_a_user_whose_name_has_a_slash(browse, server, watch):
    watch.expect_status(404)  # what it gets now; the assertion below says so first
    with transaction(server.ledger._sessions) as session:
        add_user(session, "kyiv/ops", "analyst", PASSWORD, None)
    page = browse("admin")
    page.goto("/admin/users")
    row = page.locator("main tbody tr", has=page.get_by_role("cell", name="kyiv/ops"))
    with page.expect_navigation() as answered:
        row.get_by_role("button", name="New token").click()
    assert answered.value.status == 200, f"{answered.value.status} from {answered.value.url}"
    expect(page.get_by_role("status")).to_contain_text("New API token for kyiv/ops")

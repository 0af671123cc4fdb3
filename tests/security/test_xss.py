"""Stored XSS: hostile text in every place a user or a source can put it (a report's title
and sentences, a claim edited by hand, a figure's attribution, a discrepancy's resolution,
a source's URL, a person's name in an uploaded list, a file name, a bad list's error) is
rendered as text on every page, for an admin and a viewer.

Each page is parsed as HTML and must hold no element or attribute the payload brought: no
script but our own file, no svg/iframe/object, no image but our charts, no ``on…`` handler,
no ``javascript:`` link. The browser suite (tests/browser/test_escaping.py) runs the same
idea in Chromium; this one is cheap enough to cover every route on both backends.
"""

from __future__ import annotations

import csv
import io
from html import escape
from html.parser import HTMLParser

from sqlalchemy import select

from polon.ingest.documents import load_document
from polon.ledger import SourceMeta
from polon.ledger.models import Discrepancy, Person
from tests.security.walk import concrete, endpoints
from tests.web.conftest import Site, log_in

PAYLOADS = (
    "<script>xss1()</script>",
    "<img src=x onerror=xss2()>",
    '"><svg onload=xss3()>',
    "javascript:xss4()",
    "' onmouseover='xss5()' x='",
    "</textarea></title><script>xss6()</script>",
)
HOSTILE = " ".join(PAYLOADS)
MARK = "xss1()"  # shows that the payload is on the page (as text)
SHOWN_ON = {
    "sources_page",
    "source_page",
    "review_queue",
    "review_source",
    "persons_page",
    "person_page",
    "discrepancies_page",
    "audit_page",
    "analysis_page",
    "figures_page",
}
NOT_PAGES = {"static", "chart_held", "chart_exchanges"}  # files and matplotlib's SVG


class Markup(HTMLParser):
    """Every element and attribute a browser would build from the page, judged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "").strip().lower() for name, value in attrs}
        if tag in ("svg", "iframe", "object", "embed", "frame", "base"):
            self.bad.append(f"<{tag}>")
        if tag == "script" and not values.get("src", "").startswith("/static/"):
            self.bad.append("inline <script>")
        if tag == "img" and not values.get("src", "").startswith(("/charts/", "/static/")):
            self.bad.append(f"<img src={values.get('src')!r}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and value.startswith("javascript:"):
                self.bad.append(f"<{tag} {name}={value!r}>")


def inert(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser.bad


def report(title: str, held: int) -> bytes:
    text = escape(HOSTILE)
    return f"""<html><head><title>{title} {text}</title></head><body><article>
<h1>{title} {text}</h1>
<p>On 2 May 2023 the Coordination Headquarters said that {held:,} Ukrainians remain in
Russian captivity {text}.</p>
<p>On 6 May 2023, 45 Ukrainian defenders returned home in an exchange mediated by the
United Arab Emirates {text}.</p></article></body></html>""".encode()


def plant(site: Site) -> dict[str, int]:
    """Hostile text everywhere a user or a source can put it; the ids to visit."""
    client = site.client()
    editor = site.as_role(client, "editor")
    ids = {}
    for name, held in (("first", 8000), ("second", 9000)):
        files = [("files", (f"{name}.html", report(f"Border swap {name}", held), "text/html"))]
        ids[name] = client.post("/api/v1/upload", files=files, headers=editor).json()[0][
            "source_id"
        ]
    claims = client.get(f"/api/v1/claims?source_id={ids['first']}", headers=editor).json()
    figure = next(c for c in claims["items"] if c["kind"] == "figure")
    edit = {"version": figure["version"], "attributed_to": HOSTILE}
    assert client.patch(f"/api/v1/claims/{figure['id']}", json=edit, headers=editor).is_success
    for name in ("first", "second"):
        decision = {"decision": "accept"}
        client.post(f"/api/v1/sources/{ids[name]}/decision", json=decision, headers=editor)
    with site.ledger._sessions() as session:
        disputed = session.scalar(select(Discrepancy.id))
    assert disputed is not None, "the two figures should disagree"
    resolved = client.post(
        f"/api/v1/discrepancies/{disputed}/resolve", json={"reason": HOSTILE}, headers=editor
    )
    assert resolved.is_success, resolved.text
    note = load_document(
        f"Families of marines met in Kyiv {HOSTILE}\n\nSergeant Mykola "
        "Hrytsenko was captured in Mariupol in April 2022.".encode(),
        "n.txt",
    )
    from polon.ingest import extract

    added = site.ledger.add_source(
        note, extract(note).claims, SourceMeta(url="javascript:xss4()"), "tester"
    )
    ids["note"] = added.source_id
    proposed = client.get(f"/api/v1/claims?source_id={ids['note']}", headers=editor).json()
    first = proposed["items"][0]
    edit = {"version": first["version"], "values": {"note": HOSTILE}}
    assert client.patch(f"/api/v1/claims/{first['id']}", json=edit, headers=editor).is_success
    rows = io.StringIO()
    csv.writer(rows).writerows(
        [
            ["Last name", "First name", "Rank", "Status"],
            [f"Bondarenko{HOSTILE}", "Olha", "Medic", "captured"],
        ]
    )
    files = [("files", ("medics.csv", rows.getvalue().encode(), "text/csv"))]
    assert client.post("/api/v1/upload", files=files, headers=editor).json()[0]["persons"] == 1
    with site.ledger._sessions() as session:
        ids["person"] = session.scalar(select(Person.id).where(Person.name.contains("xss1")))
    return ids


def test_stored_text_is_escaped_on_every_page_for_every_role(site: Site):
    ids = plant(site)
    client = site.client()
    group = client.get("/api/v1/analysis/groups", headers=site.as_role(client, "admin")).json()
    extra = {
        "persons_page": ["?q=Olha Bondarenko"],
        "analysis_page": [f"?group={group[0]['key']}"],
        "discrepancies_page": ["?status=resolved"],
        "login_form": [f"?next={HOSTILE}"],
    }
    checked, shown, failures = 0, set(), []
    for endpoint in endpoints(client.app):
        if endpoint.method != "GET" or endpoint.is_api or endpoint.name in NOT_PAGES:
            continue
        sources = [ids["first"], ids["note"]] if "{source_id}" in endpoint.path else [0]
        for source in sources:
            base = concrete(endpoint.path, {"source_id": source, "person_id": ids["person"]})
            for url in [base + q for q in extra.get(endpoint.name, [""])]:
                for role in ("admin", "viewer"):
                    answer = client.get(url, headers=site.as_role(client, role))
                    checked += 1
                    failures += [f"{url} as {role}: {bad}" for bad in inert(answer.text)]
                    if MARK in answer.text:
                        shown.add(endpoint.name)
    assert not failures, "\n".join(failures)
    admin = site.as_role(client, "admin")
    for url in (f"/api/v1/sources/{ids['first']}", f"/api/v1/persons/{ids['person']}"):
        answer = client.get(url, headers=admin)  # the payload as data, never as a page
        assert answer.headers["content-type"] == "application/json", url
        assert answer.headers["x-content-type-options"] == "nosniff" and MARK in answer.text
    assert shown >= SHOWN_ON, f"the payload never reached {SHOWN_ON - shown}"
    print(f"XSS: {checked} page views, payload shown on {len(shown)} routes, all inert")


def test_reflected_text_error_pages_and_the_json_api(site: Site):
    browser = site.client()
    csrf = log_in(browser, "editor")
    bad_list = f'Last name,First name,Date of birth\nSavchuk,Ivan,"{PAYLOADS[1]}"\n'.encode()
    files = [
        ("files", (f"{PAYLOADS[2]}.txt", b"On 1 May 2023 nothing happened.", "text/plain")),
        ("files", ("bad.csv", bad_list, "text/csv")),
    ]
    results = browser.post("/upload", data={"csrf": csrf}, files=files)
    assert results.status_code == 200 and "xss2()" in results.text
    assert inert(results.text) == []
    for url in (
        f"/sources/{HOSTILE}",
        f"/persons?q={HOSTILE}",
        f"/nowhere/{HOSTILE}",
        f"/analysis?as_of={HOSTILE}",
        f"/discrepancies?status={HOSTILE}",
    ):
        answer = browser.get(url)
        assert answer.status_code in (200, 404, 422) and inert(answer.text) == [], url
    admin = site.as_role(browser, "admin")
    for url in (f"/api/v1/sources/{HOSTILE}", f"/api/v1/persons?q={HOSTILE}", "/api/v1/audit"):
        answer = browser.get(url, headers=admin)
        assert answer.headers["content-type"] == "application/json", url
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_checker_sees_each_payload_when_it_is_not_escaped():
    for payload in PAYLOADS:
        page = f"<p title=\"{payload}\"><a href='{payload}'>{payload}</a></p>"
        assert inert(page), payload
        assert inert(f"<p>{escape(payload)}</p>") == []

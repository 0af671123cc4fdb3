"""Resolving discrepancies over the API and the page form, as each role (both backends)."""

from __future__ import annotations

import pytest

from polon.registry.registry import Registry
from tests.conftest import FIXTURES
from tests.ledger.test_discrepancies import NOTE, PERSON, pfif
from tests.web.conftest import Site, ingest, log_in


@pytest.fixture
def disputed(site: Site) -> int:
    """The site with one figure discrepancy (2,000 against about 8,000 held on one date)."""
    ingest(site.ledger, FIXTURES / "held_low.txt")
    ingest(site.ledger, FIXTURES / "held_high.txt")
    [discrepancy] = site.ledger.discrepancies("open")
    return discrepancy["id"]


def _resolve(site: Site, role: str, discrepancy_id: int, body: dict) -> object:
    client = site.client()
    url = f"/api/v1/discrepancies/{discrepancy_id}/resolve"
    return client.post(url, json=body, headers=site.as_role(client, role))


def test_an_editor_resolves_and_the_list_shows_it(site: Site, disputed: int):
    answer = _resolve(site, "editor", disputed, {"reason": "The bulletin counts civilians."})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "resolved"
    assert answer.json()["resolved_by"] == "editor"
    client = site.client()
    listed = client.get("/api/v1/discrepancies?status=resolved",
                        headers=site.as_role(client, "viewer")).json()  # fmt: skip
    assert listed["total"] == 1
    [item] = listed["items"]
    assert item["id"] == disputed
    assert (item["resolution"], item["resolved_by"]) == ("The bulletin counts civilians.", "editor")
    assert item["resolved_at"]
    still_open = client.get("/api/v1/discrepancies?status=open",
                            headers=site.as_role(client, "viewer")).json()  # fmt: skip
    assert still_open == {"items": [], "total": 0, "limit": 50, "offset": 0}
    entries = client.get("/api/v1/audit", headers=site.as_role(client, "admin")).json()["items"]
    [entry] = [e for e in entries if e["action"] == "resolve"]
    assert entry["user"] == "editor" and entry["entity_id"] == disputed
    assert entry["before"]["status"] == "open" and entry["after"]["status"] == "resolved"


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("analyst", 403), ("admin", 200)])
def test_who_may_resolve(site: Site, disputed: int, role: str, status: int):
    assert _resolve(site, role, disputed, {"reason": "checked"}).status_code == status


def test_anonymous_must_log_in(site: Site, disputed: int):
    answer = site.client().post(f"/api/v1/discrepancies/{disputed}/resolve", json={"reason": "x"})
    assert answer.status_code == 401
    assert site.ledger.discrepancies("open")


def test_refusals_have_their_status(site: Site, disputed: int):
    assert _resolve(site, "editor", 999, {"reason": "x"}).status_code == 404
    blank = _resolve(site, "editor", disputed, {"reason": "   "})
    assert blank.status_code == 422 and "needs a reason" in blank.json()["detail"]
    assert _resolve(site, "editor", disputed, {}).status_code == 422
    assert _resolve(site, "editor", disputed, {"reason": "first"}).status_code == 200
    again = _resolve(site, "admin", disputed, {"reason": "second"})
    assert again.status_code == 409 and "already resolved" in again.json()["detail"]
    [item] = site.ledger.discrepancies()
    assert item["resolution"] == "first"


def test_the_page_form_needs_its_csrf_token(site: Site, disputed: int):
    client = site.client()
    csrf = log_in(client, "editor")
    page = client.get("/discrepancies")
    assert f'action="/discrepancies/{disputed}/resolve"' in page.text
    url = f"/discrepancies/{disputed}/resolve"
    refused = client.post(url, data={"reason": "checked"})
    assert refused.status_code == 403 and "security token" in refused.text
    assert client.post(url, data={"reason": "checked", "csrf": "forged"}).status_code == 403
    assert site.ledger.discrepancies("open")
    blank = client.post(url, data={"reason": " ", "csrf": csrf})
    assert blank.status_code == 422 and "needs a reason" in blank.text
    done = client.post(url, data={"reason": "Checked <b>both</b> reports.", "csrf": csrf})
    assert done.status_code == 303
    assert done.headers["location"] == f"/discrepancies#discrepancy-{disputed}"
    shown = client.get("/discrepancies?status=resolved").text
    assert "Checked &lt;b&gt;both&lt;/b&gt; reports." in shown  # the reason is text, not markup
    assert "by editor" in shown
    assert f'action="/discrepancies/{disputed}/resolve"' not in shown


def test_viewers_see_no_form_and_no_list_evidence(site: Site, disputed: int):
    registry = Registry(site.ledger)
    dead = NOTE.format(n=1, text="believed dead", date="2023-03-01", status="believed_dead")
    alive = NOTE.format(n=2, text="seen alive", date="2023-05-02", status="believed_alive")
    registry.import_bytes(pfif(PERSON, dead), "first.xml", "tester")
    registry.import_bytes(pfif(alive), "second.xml", "tester")
    client = site.client()
    log_in(client, "viewer")
    page = client.get("/discrepancies").text
    assert "/resolve" not in page
    assert "Hnatiuk" not in page and "believed dead" not in page  # a PFIF file's data
    assert "not shown to your role" in page
    assert "2,000 Ukrainian POWs" in page  # published evidence is shown
    api = site.client()
    items = api.get("/api/v1/discrepancies", headers=site.as_role(api, "viewer")).json()["items"]
    person = next(d for d in items if d["kind"] == "person")
    assert all(c["withheld"] and c["evidence"] is None for c in person["claims"])
    items = api.get("/api/v1/discrepancies", headers=site.as_role(api, "analyst")).json()["items"]
    person = next(d for d in items if d["kind"] == "person")
    assert all(c["evidence"] for c in person["claims"])

"""Cross-site request forgery, on every state-changing route the app serves.

A browser attaches the session cookie to a form that another site posts to us, so a write
that rides on the cookie must also carry the token only our own pages know (bound to the
session, not just any valid token) and must not come from a foreign Origin. A request with
``Authorization: Bearer`` needs no token: browsers never add that header on their own (a
cross-site page can set it only through fetch, which first asks the server with a CORS
preflight that Polon does not answer), and with it the cookie is not even read.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from polon.ledger.models import AuditEntry
from tests.security.walk import Endpoint, concrete, endpoints
from tests.web.conftest import PASSWORD, Site, log_in

EVIL = "https://evil.example"
WRONG = "x" * 43


def writes(client: TestClient) -> list[Endpoint]:
    """Every non-GET route but the login form (below), logging out last."""
    found = [e for e in endpoints(client.app) if e.method != "GET" and e.name != "login"]
    return sorted(found, key=lambda e: e.name == "logout")


def send(client: TestClient, endpoint: Endpoint, site: Site, token: str | None, **headers: str):
    url = concrete(endpoint.path, {"source_id": site.list_source, "person_id": site.list_person})
    if endpoint.is_api:  # scripts in our pages send the token as a header
        if token is not None:
            headers["x-csrf-token"] = token
        return client.request(endpoint.method, url, json={}, headers=headers)
    data = {"csrf": token} if token is not None else {}
    return client.request(endpoint.method, url, data=data, headers=headers)


def refused(answer: Response) -> bool:
    text = answer.text
    return answer.status_code == 403 and ("security token" in text or "cross-site" in text)


def audit_entries(site: Site) -> int:
    with site.ledger._sessions() as session:
        return session.scalar(select(func.count(AuditEntry.id)))


def test_every_write_refuses_a_cookie_without_its_own_sessions_token(site: Site):
    browser, other = site.client(), site.client()
    token, others_token = log_in(browser, "admin"), log_in(other, "admin")
    before = audit_entries(site)
    routes = writes(browser)
    failures = []
    for endpoint in routes:
        cases = {
            "no token": send(browser, endpoint, site, None),
            "wrong token": send(browser, endpoint, site, WRONG),
            "another session's token": send(browser, endpoint, site, others_token),
            "foreign origin": send(browser, endpoint, site, token, origin=EVIL),
            "proxy's basic auth": send(browser, endpoint, site, None, authorization="Basic eDp5"),
        }
        failures += [
            f"{endpoint.method} {endpoint.path}: {case}"
            for case, answer in cases.items()
            if not refused(answer)
        ]
        assert not refused(send(browser, endpoint, site, token)), endpoint.path  # the real one
    assert not failures, "\n".join(failures)
    assert audit_entries(site) == before  # none of the refused writes wrote anything
    assert len(routes) >= 13
    print(f"CSRF: {len(routes)} write routes × 5 forged requests = {len(routes) * 5}")


def test_the_login_form_needs_its_own_token(site: Site):
    """Login CSRF would log a victim into the attacker's account, to watch what they enter."""
    browser, attacker = site.client(), site.client()
    browser.get("/login")
    attackers = attacker.get("/login").cookies["polon_pre"]
    own = browser.cookies["polon_pre"]
    form = {"username": "viewer", "password": PASSWORD}
    for token, headers in ((None, {}), (WRONG, {}), (attackers, {}), (own, {"origin": EVIL})):
        data = form if token is None else {**form, "csrf": token}
        assert refused(browser.post("/login", data=data, headers=headers))
    assert "polon_session" not in browser.cookies
    assert browser.post("/login", data={**form, "csrf": own}).status_code == 303


def test_a_bearer_token_needs_no_csrf_token_and_no_cors_is_offered(site: Site):
    client = site.client()
    admin = {**site.as_role(client, "admin"), "origin": EVIL}
    for endpoint in writes(client):
        answer = send(client, endpoint, site, None, **admin)
        assert answer.status_code not in (401, 403), (endpoint.path, answer.text)
    preflight = client.options(
        "/api/v1/upload",
        headers={
            "origin": EVIL,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers

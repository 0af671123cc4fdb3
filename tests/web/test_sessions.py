"""Logging in, sessions, CSRF, rate limits, escaping and security headers."""

from __future__ import annotations

from sqlalchemy import select

from polon.ledger import SourceMeta
from polon.ledger.accounts import WebSession, disable_user
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, User
from tests.web.conftest import PASSWORD, Site, log_in


def test_login_sets_a_fresh_httponly_samesite_session(site: Site):
    client = site.client()
    client.cookies.set("polon_session", "planted-by-an-attacker")
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "username": "editor",
            "password": PASSWORD,
            "csrf": form.cookies["polon_pre"],
            "next": "/review",
        },
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/review"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    issued = answer.cookies["polon_session"]
    assert issued != "planted-by-an-attacker"
    client.cookies.clear()
    client.cookies.set("polon_session", issued)
    assert client.get("/review").status_code == 200
    with site.ledger._sessions() as session:
        rows = list(session.scalars(select(WebSession)))
    assert len(rows) == 1 and rows[0].id_hash != issued  # stored hashed


def test_wrong_password_and_unknown_user_answer_alike(site: Site):
    client = site.client()
    answers = []
    for name in ("editor", "nobody"):
        form = client.get("/login")
        answers.append(
            client.post(
                "/login",
                data={
                    "username": name,
                    "password": "wrong-password",
                    "csrf": form.cookies["polon_pre"],
                },
            )
        )
    assert [a.status_code for a in answers] == [401, 401]
    assert all("Wrong user name or password." in a.text for a in answers)
    assert "polon_session" not in client.cookies
    form = client.get("/login")  # an empty form is no guess: 422, not counted
    empty = client.post("/login", data={"username": "", "csrf": form.cookies["polon_pre"]})
    assert empty.status_code == 422 and client.app.state.limiter.retry_after("x", "") == 0


def test_login_is_rate_limited_per_name(site: Site):
    client = site.client()
    codes = []
    for _ in range(6):
        form = client.get("/login")
        codes.append(
            client.post(
                "/login",
                data={
                    "username": "admin",
                    "password": "guess-guess",
                    "csrf": form.cookies["polon_pre"],
                },
            )
        )
    assert [a.status_code for a in codes] == [401] * 5 + [429]
    assert int(codes[-1].headers["retry-after"]) > 0
    form = client.get("/login")  # the right password is refused too while the limit holds
    late = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf": form.cookies["polon_pre"]},
    )
    assert late.status_code == 429


def test_login_redirects_only_within_the_site(site: Site):
    client = site.client()
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "username": "viewer",
            "password": PASSWORD,
            "csrf": form.cookies["polon_pre"],
            "next": "//evil.example/",
        },
    )
    assert answer.headers["location"] == "/"


def test_forms_need_the_session_csrf_token(site: Site):
    client = site.client()
    csrf = log_in(client, "editor")
    source = site.list_source
    no_token = client.post(f"/review/{source}", data={"decision": "accept"})
    assert no_token.status_code == 403
    wrong = client.post(f"/review/{source}", data={"decision": "accept", "csrf": "x" * 43})
    assert wrong.status_code == 403
    cross = client.post(
        f"/review/{source}",
        data={"decision": "accept", "csrf": csrf},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    right = client.post(f"/review/{source}", data={"decision": "accept", "csrf": csrf})
    assert right.status_code == 303
    login_form = client.post("/login", data={"username": "editor", "password": PASSWORD})
    assert login_form.status_code == 403  # the login form has its own token


def test_logout_ends_the_session_on_the_server(site: Site):
    client = site.client()
    csrf = log_in(client, "analyst")
    stolen = client.cookies["polon_session"]
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    thief = site.client()
    thief.cookies.set("polon_session", stolen)
    assert thief.get("/audit").status_code == 303  # back to the login form


def test_disabling_a_user_ends_sessions_and_tokens(site: Site):
    client = site.client()
    log_in(client, "analyst")
    headers = site.as_role(client, "analyst")
    with transaction(site.ledger._sessions) as session:
        disable_user(session, "analyst", None)
    assert client.get("/audit").status_code == 303
    assert site.client().get("/api/v1/me", headers=headers).status_code == 401


def test_user_management_is_audited_without_password_hashes(site: Site):
    client = site.client()
    csrf = log_in(client, "admin")
    added = client.post(
        "/admin/users",
        data={"name": "case worker", "role": "analyst", "password": "long enough pw", "csrf": csrf},
    )
    assert added.status_code == 303
    token_page = client.post("/admin/users/token", data={"csrf": csrf, "name": "case worker"})
    assert "polon_" in token_page.text
    with site.ledger._sessions() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "users")))
        stored = session.scalar(select(User).where(User.name == "case worker")).password_hash
    entry = next(e for e in entries if e.action == "user_add" and e.after["name"] == "case worker")
    assert entry.after["password_hash"] == "<set>"
    assert stored.startswith("$argon2")
    assert not any(stored in str(e.after) for e in entries)


def test_source_text_and_names_are_escaped(site: Site):
    from polon.ingest.documents import load_document

    sentence = (
        b"<p>On 3 May 2023, 45 defenders came home in a swap that took weeks to agree."
        b" &lt;img src=x onerror=alert(2)&gt; Their commander &quot;&gt;&lt;svg"
        b" onload=alert(3)&gt; thanked the mediators from the Emirates.</p>"
    )
    hostile = (
        b"<html><head><title>Swap &lt;script&gt;alert(1)&lt;/script&gt;</title></head>"
        b"<body><article><h1>Swap &lt;script&gt;alert(1)&lt;/script&gt;</h1>"
        + sentence * 4
        + b"<script>alert(5)</script></article></body></html>"
    )
    document = load_document(hostile, "hostile.html")
    added = site.ledger.add_source(document, [], SourceMeta(), "tester")
    client = site.client()
    page = client.get(f"/sources/{added.source_id}", headers=site.as_role(client, "viewer"))
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert "<img src=x" not in page.text and "<svg onload" not in page.text
    assert "&lt;script&gt;alert(5)" in page.text  # the raw file, shown as text
    search = client.get(
        '/persons?q="><script>alert(4)</script>', headers=site.as_role(client, "viewer")
    )
    assert "<script>alert(4)" not in search.text


def test_security_headers_on_pages_and_api(site: Site):
    client = site.client()
    for url in ("/login", "/api/v1/openapi.json"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-content-type-options"] == "nosniff"


def test_a_logged_in_user_can_log_in_as_someone_else(site: Site):
    client = site.client()
    log_in(client, "viewer")
    log_in(client, "editor")
    assert client.get("/review").status_code == 200


def test_editing_a_claim_in_the_form_keeps_a_month_date(site: Site):
    client = site.client()
    csrf = log_in(client, "editor")
    editor = site.as_role(client, "editor")
    claim = client.get("/api/v1/claims?state=proposed&limit=1", headers=editor).json()["items"][0]
    form = {"csrf": csrf, "version": str(claim["version"]), "values": '{"x": "Київ"}',
            "date": "2022-09", "qualifier": ""}  # fmt: skip
    assert client.post(f"/claims/{claim['id']}/edit", data=form).status_code == 303
    stored = client.get(f"/api/v1/claims/{claim['id']}", headers=editor).json()
    assert stored["date"] == "2022-09" and stored["values"] == {"x": "Київ"}
    form["version"] = str(stored["version"])
    form["date"] = ""
    client.post(f"/claims/{claim['id']}/edit", data=form)
    assert client.get(f"/api/v1/claims/{claim['id']}", headers=editor).json()["date"] == "2022-09"
    form["date"] = "21/09/2022"
    current = client.get(f"/api/v1/claims/{claim['id']}", headers=editor).json()["version"]
    form["version"] = str(current)
    refused = client.post(f"/claims/{claim['id']}/edit", data=form)
    assert refused.status_code == 422 and "date" in refused.text

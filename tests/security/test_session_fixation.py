"""Session fixation and the end of a session: a session id the browser brings to the login
is never the one it leaves with, and logging out or disabling the account ends the session
on the server, so a copied cookie is worth nothing from then on."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polon.ledger.accounts import WebSession
from polon.web import create_app
from tests.web.conftest import PASSWORD, Site, log_in


def who(site: Site, cookie: str) -> str | None:
    """The user a bare session cookie acts as, asked of the API (None: no session)."""
    client = site.client()
    client.cookies.set("polon_session", cookie)
    answer = client.get("/api/v1/me")
    return answer.json()["name"] if answer.status_code == 200 else None


def login(client: TestClient, name: str) -> str:
    """Log in through the form; the session id the server set in its answer."""
    client.get("/login")
    data = {"username": name, "password": PASSWORD, "csrf": client.cookies["polon_pre"]}
    answer = client.post("/login", data=data)
    assert answer.status_code == 303, answer.text
    return answer.cookies["polon_session"]


def live_sessions(site: Site) -> int:
    with site.ledger._sessions() as session:
        return session.scalar(select(func.count()).select_from(WebSession))


def test_a_session_id_planted_before_login_is_not_the_one_after(site: Site):
    planted = login(site.client(), "viewer")  # a real session id, the attacker's own
    victim = site.client()
    victim.cookies.set("polon_session", planted)
    issued = login(victim, "admin")
    assert issued != planted
    assert who(site, issued) == "admin"
    assert who(site, planted) is None  # closed at the victim's login, not upgraded to admin
    made_up = site.client()
    made_up.cookies.set("polon_session", "chosen-by-the-attacker")
    assert login(made_up, "editor") != "chosen-by-the-attacker"
    assert who(site, "chosen-by-the-attacker") is None
    assert live_sessions(site) == 2  # the victim's and the editor's; none of the planted


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # cookie flags only
def test_the_session_cookie_is_httponly_lax_and_secure_behind_tls(site: Site):
    app = create_app(site.ledger, secure_cookies=True)
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    form = client.get("/login")
    assert "secure" in form.headers["set-cookie"].lower()  # the login form's token too
    data = {"username": "viewer", "password": PASSWORD, "csrf": form.cookies["polon_pre"]}
    cookie = client.post("/login", data=data).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_logout_ends_the_session_on_the_server(site: Site):
    client = site.client()
    cookie = login(client, "editor")
    csrf = log_in(client, "editor")  # the page's token (a second login: a second session)
    cookie = client.cookies["polon_session"]
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert live_sessions(site) == 0
    replay = site.client()  # the same cookie, kept by someone who copied it
    replay.cookies.set("polon_session", cookie)
    assert replay.get("/review").status_code == 303  # to the login form
    assert replay.get("/api/v1/me").status_code == 401
    late = replay.post(f"/review/{site.list_source}", data={"decision": "accept", "csrf": csrf})
    assert (
        late.status_code in (303, 403)
        and "location" not in late.headers
        or (late.headers["location"].startswith("/login"))
    )


def test_disabling_a_user_ends_every_session_and_token_at_once(site: Site):
    phone, admin = site.client(), site.client()
    cookies = [login(phone, "analyst"), login(site.client(), "analyst")]
    token = site.as_role(phone, "analyst")
    assert [who(site, c) for c in cookies] == ["analyst", "analyst"]
    csrf = log_in(admin, "admin")
    disabled = admin.post("/admin/users/disable", data={"name": "analyst", "csrf": csrf})
    assert disabled.status_code == 303
    assert [who(site, c) for c in cookies] == [None, None]
    assert phone.get("/audit").status_code == 303
    assert site.client().get("/api/v1/me", headers=token).status_code == 401
    again = site.client()
    again.get("/login")
    data = {"username": "analyst", "password": PASSWORD, "csrf": again.cookies["polon_pre"]}
    assert again.post("/login", data=data).status_code == 401  # and no new login

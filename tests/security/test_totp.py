"""The optional TOTP second factor (RFC 6238): enrolment in the CLI, and a login that opens
a session only after the password and then a code. Codes come from pyotp, the real
algorithm, against the server's real clock."""

from __future__ import annotations

import time

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from polon.ledger.accounts import WebSession, disable_user, enrol_totp
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, User
from tests.cli.test_cli import polon
from tests.web.conftest import PASSWORD, Site


def enrol(site: Site, name: str) -> pyotp.TOTP:
    with transaction(site.ledger._sessions) as session:
        secret, uri = enrol_totp(session, name, None)
    assert uri.startswith("otpauth://totp/Polon:") and f"secret={secret}" in uri
    return pyotp.TOTP(secret)


def password_step(client: TestClient, name: str, password: str = PASSWORD, target: str = "/"):
    form = client.get("/login")
    data = {"username": name, "password": password, "csrf": form.cookies["polon_pre"]}
    return client.post("/login", data={**data, "next": target})


def code_step(client: TestClient, code: str):
    return client.post("/login", data={"code": code, "csrf": client.cookies["polon_pre"]})


def steady_clock(margin: float = 4.0) -> int:
    """The current time step, once at least ``margin`` seconds of it remain, so that codes
    computed for it mean the same to the server for the rest of the test."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.05)
    return int(time.time() // 30)


def sessions(site: Site) -> int:
    with site.ledger._sessions() as session:
        return len(list(session.scalars(select(WebSession))))


def test_totp_login_opens_a_session_only_after_password_and_code(site: Site):
    totp = enrol(site, "editor")
    client = site.client()
    asked = password_step(client, "editor", target="/review")
    assert asked.status_code == 200 and 'name="code"' in asked.text
    assert "polon_session" not in asked.cookies and sessions(site) == 0
    assert client.get("/review").status_code == 303  # the password alone opens nothing
    wrong = code_step(client, "000000" if totp.now() != "000000" else "111111")
    assert wrong.status_code == 401 and "Wrong or used code." in wrong.text
    answer = code_step(client, totp.now())
    assert answer.status_code == 303 and answer.headers["location"] == "/review"
    assert client.get("/review").status_code == 200 and sessions(site) == 1
    with site.ledger._sessions() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "users")))
    login = [e.after for e in entries if e.action == "login"]
    assert login == [{"user": "editor", "second_factor": True}]
    enrolled = next(e for e in entries if e.action == "totp_enrol")
    assert enrolled.before["totp_secret"] is None and enrolled.after["totp_secret"] == "<set>"
    assert not any(totp.secret in str((e.before, e.after)) for e in entries)


def test_a_code_is_accepted_once_within_one_step_of_drift(site: Site):
    totp = enrol(site, "admin")
    step = steady_clock()

    def login(offset: int) -> int:
        client = site.client()
        assert password_step(client, "admin").status_code == 200
        return code_step(client, totp.generate_otp(step + offset)).status_code

    assert login(-1) == 303  # the phone's clock 30 s behind
    assert login(-1) == 401  # the same code again: replay refused
    assert login(+1) == 303  # 30 s ahead
    assert login(0) == 401  # older than a step already used
    assert login(+2) == 401  # too far ahead


def test_wrong_codes_count_against_the_login_limiter(site: Site):
    totp = enrol(site, "editor")
    client = site.client()
    assert password_step(client, "editor").status_code == 200
    bad = "123456" if totp.now() != "123456" else "654321"
    codes = [code_step(client, bad).status_code for _ in range(5)]
    late = code_step(client, totp.now())  # right, but the limit holds
    assert codes == [401] * 5 and late.status_code == 429
    assert int(late.headers["retry-after"]) > 0 and sessions(site) == 0
    again = password_step(client, "editor")  # starting over does not reset the count
    assert again.status_code == 429


def test_the_code_step_needs_its_ticket_and_an_active_account(site: Site):
    totp = enrol(site, "editor")
    stranger = site.client()  # a code without the password step
    stranger.get("/login")
    assert code_step(stranger, totp.now()).status_code == 401
    client = site.client()
    assert password_step(client, "editor").status_code == 200
    with transaction(site.ledger._sessions) as session:
        disable_user(session, "editor", None)
    assert code_step(client, totp.now()).status_code == 401
    assert sessions(site) == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_users_without_totp_and_api_tokens_are_unchanged(site: Site):
    enrol(site, "editor")
    client = site.client()
    assert password_step(client, "viewer").status_code == 303  # no code asked
    token = site.as_role(client, "editor")  # a token is a 256-bit secret of its own
    assert site.client().get("/api/v1/me", headers=token).json()["role"] == "editor"


def test_cli_enrols_refuses_and_removes_the_second_factor(db_url: str):
    assert polon(db_url, "init").exit_code == 0
    env = {"POLON_PASSWORD": "a long password"}
    for name, role in (("olena", "editor"), ("ivan", "viewer")):
        assert polon(db_url, "users", "add", name, "--role", role, env=env).exit_code == 0
    enrolled = polon(db_url, "users", "totp", "olena")
    assert enrolled.exit_code == 0, enrolled.output
    lines = dict(line.split(":", 1) for line in enrolled.stdout.splitlines())
    secret, uri = lines["secret"].strip(), lines["uri"].strip()
    assert len(secret) == 32 and uri.startswith("otpauth://totp/Polon:olena?secret=" + secret)
    again = polon(db_url, "users", "totp", "olena")
    assert again.exit_code == 2 and "has a second factor already" in again.output
    viewer = polon(db_url, "users", "totp", "ivan")
    assert viewer.exit_code == 2 and "for admin and editor accounts" in viewer.output
    assert "(TOTP)" in polon(db_url, "users", "list").stdout
    removed = polon(db_url, "users", "totp", "olena", "--off")
    assert removed.exit_code == 0 and "Removed" in removed.stdout
    assert polon(db_url, "users", "totp", "olena", "--off").exit_code == 2
    from polon.ledger import Ledger

    with Ledger(db_url) as ledger, ledger._sessions() as session:
        user = session.scalar(select(User).where(User.name == "olena"))
        actions = list(
            session.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.entity_id == user.id, AuditEntry.entity_type == "users"
                )
            )
        )
        texts = [str((e.before, e.after)) for e in session.scalars(select(AuditEntry))]
    assert user.totp_secret is None and {"totp_enrol", "totp_remove"} <= set(actions)
    assert not any(secret in text for text in texts)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_secret_is_kept_for_the_server_to_compute_codes(site: Site):
    """Stored as given (a TOTP server must compute the codes), never shown again after
    enrolment: not in the users list, the API or the admin page."""
    totp = enrol(site, "admin")
    client = site.client()
    admin = site.as_role(client, "admin")
    assert totp.secret not in client.get("/api/v1/users", headers=admin).text
    assert totp.secret not in client.get("/admin/users", headers=admin).text
    users = client.get("/api/v1/users", headers=admin).json()
    assert next(u for u in users if u["name"] == "admin")["totp"] is True


def test_the_code_step_can_reach_another_server_process(site: Site):
    """With ``--workers N`` the code may reach another process than the password did: the
    ticket is kept in the ledger, as a digest (the cookie alone cannot be read back from it)."""
    totp = enrol(site, "editor")
    first, second = site.client(), site.client()
    assert password_step(first, "editor", target="/review").status_code == 200
    ticket = first.cookies["polon_2fa"]
    with site.ledger.engine.connect() as connection:
        stored = connection.execute(text("SELECT ticket_hash FROM pending_logins")).scalars().all()
    assert len(stored) == 1 and ticket not in stored[0]
    second.cookies.update(first.cookies)  # the same browser, answered by another process
    answer = code_step(second, totp.now())
    assert answer.status_code == 303 and answer.headers["location"] == "/review"
    assert code_step(first, totp.now()).status_code == 401  # the ticket is spent everywhere
    assert sessions(site) == 1

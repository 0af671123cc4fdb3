"""Secrets and personal data stay out of logs: passwords, API tokens, session ids, CSRF and
TOTP secrets, and persons' names, whether a request carries them in a form, a header, a
cookie, a query string or an uploaded list. Checked on everything Python logs at DEBUG
while the app serves such requests, in the audit log, and in a real ``polon serve``
process's output (uvicorn, its access log off)."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select

from polon.ledger.accounts import enrol_totp
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry
from tests.cli.test_cli import polon
from tests.cli.test_web_cli import _free_port, _wait
from tests.conftest import FIXTURES
from tests.web.conftest import PASSWORD, Site, log_in

CLIENT_SIDE = ("httpx", "httpcore")  # the test's own HTTP client, which logs its URLs
NEW_PASSWORD = "Kalyna-blossom-2023"
WRONG_PASSWORD = "Guess-Guess-0451"
NAMES = ("Shevchuk", "Kovalchuk", "Yaroslava")
LIST = b"Last name,First name,Status\nKovalchuk,Yaroslava,captured\n"


def test_requests_with_secrets_leave_nothing_in_the_logs(
    site: Site, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)  # every logger, at its most talkative
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)  # as Polon leaves it: no echo
    assert not site.ledger.engine.echo
    browser = site.client()
    browser.get("/login")
    wrong = {"username": "admin", "password": WRONG_PASSWORD, "csrf": browser.cookies["polon_pre"]}
    assert browser.post("/login", data=wrong).status_code == 401
    csrf = log_in(browser, "admin")
    session_id = browser.cookies["polon_session"]
    added = browser.post(
        "/admin/users",
        data={"name": "case worker", "role": "editor", "password": NEW_PASSWORD, "csrf": csrf},
    )
    assert added.status_code == 303
    token = browser.post("/admin/users/token", data={"name": "case worker", "csrf": csrf})
    issued = token.text.split("polon_", 1)[1].split("<", 1)[0].strip()
    with transaction(site.ledger._sessions) as session:
        secret, _ = enrol_totp(session, "case worker", None)
    api = site.client()
    bearer = site.as_role(api, "analyst")
    assert api.get("/api/v1/persons", params={"q": "Taras Shevchuk"}, headers=bearer).json()[
        "items"
    ]
    assert browser.get(f"/persons/{site.list_person}").status_code == 200
    assert browser.get("/persons?q=Shevchuk").status_code == 200
    upload = api.post(
        "/api/v1/upload",
        files=[("files", ("kin.csv", LIST, "text/csv"))],
        headers=site.as_role(api, "editor"),
    )
    assert upload.json()[0]["persons"] == 1
    secrets = [
        PASSWORD,
        NEW_PASSWORD,
        WRONG_PASSWORD,
        session_id,
        csrf,
        secret,
        issued,
        *(t.removeprefix("polon_") for t in site.tokens.values()),
        *NAMES,
    ]
    server_side = [r for r in caplog.records if not r.name.startswith(CLIENT_SIDE)]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in server_side)
    assert not [s for s in secrets if s in logged], logged
    with site.ledger._sessions() as session:
        entries = [
            json.dumps([e.before, e.after], default=str)
            for e in session.scalars(select(AuditEntry))
        ]
    assert len(entries) > 5
    written = [s for s in secrets[: -len(NAMES)] for e in entries if s in e]
    assert not written, written  # names are the audit log's business (it is PERSONAL-only)
    print(f"logs: {len(server_side)} server-side records at DEBUG, {len(entries)} audit entries")


def test_polon_serve_logs_no_request_lines(tmp_path):
    """The real server process: a login and a search by name, then its whole output."""
    db = str(tmp_path / "served.db")
    assert polon(db, "init").exit_code == 0
    env = {"POLON_PASSWORD": NEW_PASSWORD}
    assert polon(db, "users", "add", "olena", "--role", "analyst", env=env).exit_code == 0
    assert polon(db, "import", str(FIXTURES / "lists" / "en_comma.csv")).exit_code == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "polon", "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz", server)
        with httpx.Client(base_url=base) as client:
            form = client.get("/login")
            data = {
                "username": "olena",
                "password": NEW_PASSWORD,
                "csrf": form.cookies["polon_pre"],
            }
            assert client.post("/login", data=data).status_code == 303
            session_id = client.cookies["polon_session"]
            found = client.get("/api/v1/persons", params={"q": "Taras Shevchuk"})
            assert found.json()["items"]
            assert client.get("/persons/nothing?q=Shevchuk").status_code == 422
        statics = [
            _raw(port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            for path in ("/static/%2e%2e/app.py", "/static/../app.py", "/static/..%2fapp.py")
        ]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert [s.split(" ", 2)[1] for s in statics] == ["404"] * 3
    assert not any("def create_app" in s for s in statics)
    for secret in (NEW_PASSWORD, session_id, "Shevchuk", "Taras", "/persons", "GET "):
        assert secret not in output, output


def _raw(port: int, request: str) -> str:
    """A request sent as bytes, so no client tidies its path before the server sees it."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request.encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")

"""A real app over a real ledger (SQLite and PostgreSQL), with one user per role.

Requests go through Starlette's TestClient, which runs the whole ASGI app in-process: routing,
the policy check, CSRF, templates. Scripts authenticate with real API tokens; the browser
path (login form, cookie, CSRF token) is exercised by tests that log in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from polon.ingest import extract, read_report
from polon.ledger import Ledger, SourceMeta
from polon.ledger import accounts as accounts_module
from polon.ledger.accounts import add_user, issue_token
from polon.ledger.db import transaction
from polon.registry.registry import Registry
from polon.web import create_app
from tests.conftest import FIXTURES, KI_SEED, NV_SEED

ROLES = ("admin", "editor", "analyst", "viewer")
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the same algorithm and code path, a fraction of the time
    (the default costs are for attackers, not for a test suite that makes 100 accounts)."""
    monkeypatch.setattr(accounts_module, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@dataclass
class Site:
    ledger: Ledger
    tokens: dict[str, str] = field(default_factory=dict)
    list_source: int | None = None
    list_person: int | None = None
    article_person: int | None = None

    def client(self, public: bool = False, address: str = "testclient") -> TestClient:
        """A browser or script at ``address``, talking to a server of its own over the
        ledger (several clients are several server processes sharing one ledger)."""
        app = create_app(self.ledger, public=public)
        return TestClient(app, follow_redirects=False, client=(address, 50000))

    def as_role(self, client: TestClient, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def ingest(ledger: Ledger, path: Path, accept: bool = True) -> int:
    document = read_report(path)
    extraction = extract(document)
    meta = SourceMeta(published=extraction.published)
    return ledger.add_source(document, extraction.claims, meta, "tester", accept=accept).source_id


def make_site(ledger: Ledger) -> Site:
    site = Site(ledger)
    with transaction(ledger._sessions) as session:
        for role in ROLES:
            add_user(session, role, role, PASSWORD, None)
            site.tokens[role] = issue_token(session, role, None)
    ingest(ledger, NV_SEED)
    ingest(ledger, KI_SEED, accept=False)
    imported = Registry(ledger).import_list(FIXTURES / "lists" / "en_comma.csv", "tester")
    site.list_source = imported.source_id
    site.list_person = Registry(ledger).search("Taras Shevchuk", limit=1)[0].person_id
    site.article_person = Registry(ledger).search("Denys Prokopenko", limit=1)[0].person_id
    return site


@pytest.fixture
def site(ledger: Ledger) -> Iterator[Site]:
    """Seeds (one accepted, one waiting for review), a person list, and four users."""
    yield make_site(ledger)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form as a browser would; returns the session's CSRF token."""
    form = client.get("/login")
    token = form.cookies.get("polon_pre") or client.cookies.get("polon_pre")
    answer = client.post(
        "/login", data={"username": name, "password": password, "csrf": token, "next": "/"}
    )
    assert answer.status_code == 303, answer.text
    page = client.get("/")
    marker = 'name="csrf-token" content="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]

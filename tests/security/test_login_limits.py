"""Guessing passwords: at most 5 failures per 15 minutes, counted per address and per name.

The answer is the same for a name that exists and one that does not (status, text, and one
Argon2 verification either way, so neither the page nor its timing tells names apart), and
while the lock holds even the right password is refused without checking it.
"""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import text

from polon.ledger import accounts as accounts_module
from polon.ledger.logins import LoginLimiter
from tests.web.conftest import PASSWORD, Site


class CountingHasher(PasswordHasher):
    """The real hasher, counting its verifications: the work a login attempt costs."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024)
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002
        self.verified += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch, site: Site) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(accounts_module, "_hasher", counting)
    return counting


def attempt(client: TestClient, name: str, password: str = "a wrong guess"):
    client.get("/login")
    data = {"username": name, "password": password, "csrf": client.cookies["polon_pre"]}
    return client.post("/login", data=data)


def page(answer) -> str:  # noqa: ANN001
    """The page without its one-time form token and the seconds left, to compare answers."""
    text = re.sub(r'value="[\w-]{40,}"', 'value="…"', answer.text)
    return re.sub(r"try again in \d+ s", "try again in … s", text)


def test_five_failures_lock_a_name_or_an_address_with_429_and_retry_after(
    site: Site, hasher: CountingHasher
):
    client = site.client()
    spellings = ["admin", "Admin", "ADMIN", "admin", "aDmin"]  # one name, however typed
    codes = [attempt(client, name).status_code for name in spellings]
    assert codes == [401] * 5 and hasher.verified == 5
    locked = attempt(client, "admin", PASSWORD)  # the right password, during the lock
    assert locked.status_code == 429 and "polon_session" not in locked.cookies
    assert 0 < int(locked.headers["retry-after"]) <= 900
    assert hasher.verified == 5  # refused before any hashing: a lock costs the server nothing
    other = site.client(address="198.51.100.7")  # one address trying many names: locked too
    for name in ("editor", "analyst", "viewer", "editor", "analyst"):
        assert attempt(other, name).status_code == 401
    assert attempt(other, "viewer", PASSWORD).status_code == 429


def test_an_unknown_name_is_answered_exactly_like_a_known_one(site: Site, hasher: CountingHasher):
    known = site.client(address="198.51.100.1")  # two addresses: each name counted alone
    unknown = site.client(address="198.51.100.2")
    for _ in range(6):
        before = hasher.verified
        real = attempt(known, "editor")
        cost = hasher.verified - before
        made_up = attempt(unknown, "editor-who-never-was")
        assert made_up.status_code == real.status_code
        assert page(made_up) == page(real)
        assert hasher.verified - before == 2 * cost  # the same work for both
    assert real.status_code == 429  # both locked after five (separate names, separate counts)
    assert abs(int(made_up.headers["retry-after"]) - int(real.headers["retry-after"])) <= 1


def test_servers_over_one_ledger_share_the_count(site: Site, hasher: CountingHasher):
    """``polon serve --workers N`` is N servers over one ledger: five guesses in all, not
    five per process, and the lock holds in every one of them."""
    servers = [site.client(address="203.0.113.9") for _ in range(3)]
    codes = [attempt(servers[i % 3], "analyst").status_code for i in range(5)]
    assert codes == [401] * 5 and hasher.verified == 5
    assert {attempt(server, "analyst", PASSWORD).status_code for server in servers} == {429}
    fresh = site.client(address="203.0.113.10")  # the name is locked from any address
    assert attempt(fresh, "analyst", PASSWORD).status_code == 429
    assert attempt(fresh, "viewer", PASSWORD).status_code == 303  # other names are not
    assert hasher.verified == 6


def test_failures_are_stored_without_the_name_typed(site: Site):
    """A name field sometimes holds a password typed in the wrong box: the ledger keeps only
    digests of what was tried, and drops them once they leave the window."""
    typed = "my-secret-passphrase"
    attempt(site.client(address="203.0.113.20"), typed)
    assert len(stored := failures(site)) == 2
    assert not any(typed in row or "203.0.113" in row for row in stored)
    limiter = LoginLimiter(site.ledger._sessions, window=0.0)  # every failure already old
    limiter.failed("203.0.113.21", "someone")  # a write clears what left the window
    assert failures(site) != stored and len(failures(site)) == 2  # only the new two are kept
    assert limiter.retry_after("203.0.113.20", typed) == 0


def failures(site: Site) -> list[str]:
    with site.ledger.engine.connect() as connection:
        return connection.execute(text("SELECT key_hash FROM login_failures")).scalars().all()

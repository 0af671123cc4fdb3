"""Eight editors at once on the same claims, through real servers over real sockets.

Two ``polon serve`` processes share one ledger (an SQLite file, or a PostgreSQL schema), and
eight threads, each with its own HTTP client and its own editor's token, read a claim and then
edit it or decide it with the version they read. A handful of shared claims makes the races
frequent. Afterwards the ledger itself is the witness: every accepted write is in the audit
log exactly once, no two accepted writes started from the same version (no lost update), every
refused write lost to a write that the log holds, and each claim ends at the version and the
values of its last accepted write. Any answer other than 200 or 409 fails the test, as does
any answer that mentions a locked database.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bench.web import servers
from bench.web.articles import articles
from polon.ledger import Ledger
from polon.ledger.accounts import add_user, issue_token
from polon.ledger.db import transaction
from polon.ledger.models import AuditEntry, Claim, ClaimState, Source
from tests.web.conftest import PASSWORD, Site

CLIENTS = 8
SECONDS = 4.0  # of editing per test
REPORTS = 60  # stored by the ingest beside the server
HOLD = 1.5  # seconds another connection holds SQLite's write lock
WRITES = ("edit", "accept", "reject")


@dataclass
class Attempt:
    """One write a client sent: what it read, what it asked for, what it was told."""

    client: int
    action: str  # edit, accept or reject
    claim_id: int
    version: int  # the version the client read before writing
    marker: str | None
    status: int
    body: str


@dataclass
class Run:
    attempts: list[Attempt]
    statuses: Counter[int]  # every answer, reads included
    bad: list[str]  # answers that are neither 2xx nor 409, or that mention a lock


def editors(ledger: Ledger, count: int) -> list[str]:
    """API tokens of ``count`` new editor accounts, one per client."""
    with transaction(ledger._sessions) as session:
        names = [f"editor{n}" for n in range(count)]
        for name in names:
            add_user(session, name, "editor", PASSWORD, None)
        return [issue_token(session, name, None) for name in names]


def proposed(ledger: Ledger) -> dict[int, str]:
    with ledger._sessions() as session:
        rows = session.execute(select(Claim.id, Claim.kind).where(Claim.state == "proposed"))
        return dict(rows.all())


def _complaint(answer: httpx.Response) -> str | None:
    locked = "locked" in answer.text.lower() or "busy" in answer.text.lower()
    if answer.status_code in (200, 409) and not locked:
        return None
    return f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text}"


def client_loop(
    number: int, base: str, token: str, targets: list[int], decidable: set[int],
    going: Callable[[], bool], start: threading.Barrier, run: Run, lock: threading.Lock,
) -> None:  # fmt: skip
    """Read a claim, then edit or decide it with the version read; repeat while ``going``."""
    rng = random.Random(number)
    mine: list[Attempt] = []
    statuses: Counter[int] = Counter()
    bad: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        start.wait()
        while going():
            claim_id = rng.choice(targets)
            read = client.get(f"/api/v1/claims/{claim_id}")
            statuses[read.status_code] += 1
            if (complaint := _complaint(read)) or read.status_code != 200:
                bad.append(complaint or f"GET claim {claim_id}: {read.status_code}")
                continue
            claim = read.json()
            if claim["state"] != ClaimState.PROPOSED:
                continue
            version, marker = claim["version"], None
            if claim_id in decidable and rng.random() < 0.12:
                action = rng.choice(("accept", "accept", "reject"))
                answer = client.post(
                    f"/api/v1/claims/{claim_id}/decision",
                    json={"decision": action, "version": version},
                )
            else:
                action, marker = "edit", f"client {number} write {len(mine)}"
                change: dict[str, Any] = {"version": version, "attributed_to": marker}
                if claim["kind"] == "figure":
                    change["values"] = {**claim["values"], "value": rng.randint(100, 9000)}
                answer = client.patch(f"/api/v1/claims/{claim_id}", json=change)
            statuses[answer.status_code] += 1
            if complaint := _complaint(answer):
                bad.append(complaint)
            mine.append(
                Attempt(number, action, claim_id, version, marker, answer.status_code, answer.text)
            )
    with lock:
        run.attempts += mine
        run.statuses.update(statuses)
        run.bad += bad


def edit_at_once(bases: list[str], tokens: list[str], targets: list[int], decidable: set[int],
                 going: Callable[[], bool] | None = None) -> Run:  # fmt: skip
    """Eight clients over the given servers (client n talks to server n mod len) at once,
    for SECONDS or while ``going`` says so."""
    run, lock = Run([], Counter(), []), threading.Lock()
    start = threading.Barrier(len(tokens))
    until = time.monotonic() + SECONDS + 2.0  # the barrier is passed well within 2 s
    going = going or (lambda: time.monotonic() < until)
    threads = [
        threading.Thread(
            target=client_loop,
            args=(n, bases[n % len(bases)], token, targets, decidable, going, start, run, lock),
        )
        for n, token in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run


def check_ledger(ledger: Ledger, run: Run, targets: list[int]) -> dict[str, int]:
    """The audit log and the claims agree with what the clients were told; the figures."""
    assert not run.bad, "\n".join(run.bad[:5])
    with ledger._sessions() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "claims", AuditEntry.entity_id.in_(targets))
            .order_by(AuditEntry.id)
        ).all()
        claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(targets)))}
    won = [a for a in run.attempts if a.status == 200]
    lost = [a for a in run.attempts if a.status == 409]
    assert len(won) + len(lost) == len(run.attempts)
    assert won and lost, "the clients must both win and lose races for the test to mean much"
    assert len(entries) == len(won), "an audit entry per accepted write, and no other"
    assert {e.action for e in entries} <= set(WRITES)
    by_marker = Counter(e.after.get("attributed_to") for e in entries if e.action == "edit")
    for attempt in won:
        if attempt.action == "edit":
            assert by_marker[attempt.marker] == 1, f"{attempt.marker} logged once"
    history: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in entries:
        history[entry.entity_id].append(entry)
    won_from = Counter((a.claim_id, a.version) for a in won)
    for claim_id, claim in claims.items():
        trail = history[claim_id]
        # Consecutive versions: no two accepted writes started from the same one.
        assert [e.before["version"] for e in trail] == list(range(1, len(trail) + 1))
        assert all(e.after["version"] == e.before["version"] + 1 for e in trail)
        assert (
            claim.version
            == 1 + len(trail)
            == 1 + sum(n for (c, _), n in won_from.items() if c == claim_id)
        )
        edits = [e for e in trail if e.action == "edit"]
        if edits:
            assert claim.attributed_to == edits[-1].after["attributed_to"]
            assert claim.values == edits[-1].after["values"]
        if trail and trail[-1].action != "edit":
            assert claim.state == trail[-1].after["state"]
    for attempt in lost:  # each refusal lost to a write the log holds, made from its version
        assert won_from[(attempt.claim_id, attempt.version)] == 1, attempt
        assert claims[attempt.claim_id].version > attempt.version
    actions = Counter(a.action for a in won)
    return {
        "clients": CLIENTS,
        "writes": len(run.attempts),
        "accepted": len(won),
        "edits accepted": actions["edit"],
        "decisions accepted": actions["accept"] + actions["reject"],
        "409": len(lost),
        "other": sum(n for status, n in run.statuses.items() if status not in (200, 409)),
        "requests": sum(run.statuses.values()),
    }


def serve(db_url: str, log: Path, token: str) -> servers.Server:
    return servers.polon_server(db_url, servers.free_port(), token, log)


def test_editors_race_on_the_same_claims(site: Site, tmp_path: Path) -> None:
    tokens = editors(site.ledger, CLIENTS)
    waiting = proposed(site.ledger)
    # Four claims are only ever edited; the rest may also be accepted or rejected, after which
    # the clients that read them as proposed lose with 409 and then leave them alone.
    edited_only = [i for i, kind in waiting.items() if kind in ("figure", "exchange", "event")]
    targets = sorted(waiting)
    decidable = set(targets) - set(edited_only)
    with (
        serve(site.ledger.url, tmp_path / "one.log", tokens[0]) as one,
        serve(site.ledger.url, tmp_path / "two.log", tokens[0]) as two,
    ):
        bases = [f"http://{servers.HOST}:{s.port}" for s in (one, two)]
        run = edit_at_once(bases, tokens, targets, decidable)
        output = one.output() + two.output()
    figures = check_ledger(site.ledger, run, targets)
    assert "Traceback" not in output and "locked" not in output, output
    backend = site.ledger.engine.dialect.name
    print(f"\nconcurrency on {backend}: {figures}")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_another_process_writing_never_shows_a_lock(site: Site, tmp_path: Path) -> None:
    """Two processes writing one SQLite file: the server taking edits from eight clients while
    ``polon ingest`` stores reports, and before that while another connection holds the write
    lock. Writers queue (a lock inside a process, BEGIN IMMEDIATE and a busy timeout between
    processes); none of them is told that the database is locked."""
    tokens = editors(site.ledger, CLIENTS)
    folder = tmp_path / "reports"
    folder.mkdir()
    for number, item in enumerate(articles(REPORTS, ["Ostap Hnatiuk", "Marta Kovalenko"], 7)):
        (folder / f"item-{number:03d}.txt").write_text(item.text, encoding="utf-8")
    targets = sorted(proposed(site.ledger))
    with serve(site.ledger.url, tmp_path / "server.log", tokens[0]) as server:
        base = f"http://{servers.HOST}:{server.port}"
        file = Path(make_url(site.ledger.url).database or "")
        waited = edit_while_locked(file, base, tokens[0], targets.pop(0))
        command = [sys.executable, "-m", "polon", "--db", site.ledger.url, "ingest", str(folder),
                   "--accept", "--published", "2024-05-01"]  # fmt: skip
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as ingest:
            run = edit_at_once([base], tokens, targets, set(), lambda: ingest.poll() is None)
            stdout, stderr = ingest.communicate(timeout=120)
        output = server.output()
    assert waited >= HOLD
    assert ingest.returncode == 0, stderr.decode()
    assert b"locked" not in stdout + stderr and "locked" not in output
    figures = check_ledger(site.ledger, run, targets)
    with site.ledger._sessions() as session:
        assert len(session.scalars(select(Source.id)).all()) == 3 + REPORTS
    print(f"\nbeside an ingest: {figures}")


def edit_while_locked(db: Path, base: str, token: str, claim_id: int) -> float:
    """Hold SQLite's write lock from another connection for HOLD seconds while an edit comes
    in; the edit must wait and succeed. Returns how long it took."""
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    headers = {"Authorization": f"Bearer {token}"}
    with closing(other), httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        version = client.get(f"/api/v1/claims/{claim_id}").json()["version"]
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE claims SET qualifier = qualifier WHERE id = ?", (claim_id,))
        release = threading.Timer(HOLD, other.execute, ["COMMIT"])
        release.start()
        started = time.monotonic()
        change = {"version": version, "attributed_to": "after the lock"}
        answer = client.patch(f"/api/v1/claims/{claim_id}", json=change)
        took = time.monotonic() - started
        release.join()
    assert answer.status_code == 200, answer.text
    return took

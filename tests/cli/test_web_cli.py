"""``polon users`` through the real entry point, and ``polon serve``/``demo --serve`` as real
server processes on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from polon.cli import app
from tests.cli.test_cli import polon, runner


@pytest.fixture
def db(db_url: str) -> str:
    assert polon(db_url, "init").exit_code == 0
    return db_url


def test_users_add_list_token_disable(db: str):
    env = {"POLON_PASSWORD": "a long password"}
    added = polon(db, "users", "add", "olena", "--role", "editor", env=env)
    assert added.exit_code == 0, added.output
    again = polon(db, "users", "add", "olena", "--role", "editor", env=env)
    assert again.exit_code == 2 and "exists already" in again.output
    weak = polon(db, "users", "add", "ivan", env={"POLON_PASSWORD": "short"})
    assert weak.exit_code == 2 and "at least 10 characters" in weak.output
    bad_role = polon(db, "users", "add", "ivan", "--role", "boss", env=env)
    assert bad_role.exit_code == 2
    listed = json.loads(polon(db, "users", "list", "--json").stdout)
    olena = next(u for u in listed if u["name"] == "olena")
    assert olena["role"] == "editor" and olena["can_log_in"]
    token = polon(db, "users", "token", "olena")
    assert token.exit_code == 0 and token.stdout.strip().startswith("polon_")
    assert polon(db, "users", "disable", "olena").exit_code == 0
    listed = json.loads(polon(db, "users", "list", "--json").stdout)
    assert next(u for u in listed if u["name"] == "olena")["disabled"]
    assert polon(db, "users", "token", "olena").exit_code == 2
    assert polon(db, "users", "disable", "nobody").exit_code == 2


def test_users_add_prompts_for_the_password(db: str):
    result = runner.invoke(
        app,
        ["--db", db, "users", "add", "petro", "--role", "viewer"],
        env={"POLON_PASSWORD": None},
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "polon", *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_demo_serve_loads_the_samples_and_serves_the_app(tmp_path: Path):
    """The README's main command: samples in, an admin account, the app on loopback."""
    port = _free_port()
    db = str(tmp_path / "demo.db")
    server = _start(
        ["--db", db, "demo", "--serve", "--port", str(port)], {"POLON_PASSWORD": "demo password 1"}
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/healthz", server)
        with httpx.Client(base_url=base) as client:
            assert client.get("/").status_code == 303  # not public: log in first
            form = client.get("/login")
            answer = client.post(
                "/login",
                data={
                    "username": "admin",
                    "password": "demo password 1",
                    "csrf": form.cookies["polon_pre"],
                },
            )
            assert answer.status_code == 303
            dashboard = client.get("/")
            assert dashboard.status_code == 200 and "2022-09-21" in dashboard.text
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Log in at" in output and "demo password 1" in output
    assert "Prokopenko" not in output.split("Log in at")[1]  # no request lines with names


def test_serve_public_lets_anonymous_read(tmp_path: Path):
    db = str(tmp_path / "public.db")
    assert polon(db, "demo").exit_code == 0
    port = _free_port()
    server = _start(["--db", db, "serve", "--port", str(port), "--public"], {})
    try:
        _wait(f"http://127.0.0.1:{port}/healthz", server)
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/exchanges")
        assert answer.status_code == 200 and answer.json()["items"][0]["returned"] == 215
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_serve_limits_malloc_arenas_unless_the_operator_chose(monkeypatch: pytest.MonkeyPatch):
    """glibc (this machine's libc) takes the limit; an operator's MALLOC_ARENA_MAX is left be."""
    from polon.web.serving import fewer_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert fewer_malloc_arenas() is True
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert fewer_malloc_arenas() is False


def _workers(pid: int) -> list[int]:
    """The worker processes a ``polon serve --workers`` parent started (multiprocessing's
    spawned children; its resource tracker, if any, is not one)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def _within(seconds: float, done: Callable[[], bool]) -> bool:
    """Whether ``done()`` came true within ``seconds`` (asked every 0.2 s)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _started_workers(pid: int, count: int) -> list[int]:
    """The parent's workers, once ``count`` of them are running (spawning takes a moment)."""
    assert _within(30, lambda: len(_workers(pid)) >= count)
    workers = _workers(pid)
    assert len(workers) == count
    return workers


def test_serve_with_workers_shares_logins_and_their_limit(tmp_path: Path):
    """Two processes on one socket: every connection below may reach either, so a session
    opened in one must hold in the other, and five failed logins lock the name in both."""
    db = str(tmp_path / "workers.db")
    assert polon(db, "demo").exit_code == 0
    for name in ("ana", "ivan"):
        made = runner.invoke(app, ["--db", db, "users", "add", name, "--role", "analyst"],
                             env={"POLON_PASSWORD": "analyst password 1"})  # fmt: skip
        assert made.exit_code == 0, made.output
    port = _free_port()
    server = _start(["--db", db, "serve", "--port", str(port), "--workers", "2"], {})
    base = f"http://127.0.0.1:{port}"

    def log_in(name: str, password: str) -> httpx.Response:
        with httpx.Client(base_url=base) as fresh:  # a new connection per step
            form = fresh.get("/login")
            data = {"username": name, "password": password, "csrf": form.cookies["polon_pre"]}
            return fresh.post("/login", data=data)

    try:
        _wait(f"{base}/healthz", server)
        workers = _started_workers(server.pid, 2)
        opened = log_in("ivan", "analyst password 1")
        assert opened.status_code == 303
        cookie = {"polon_session": opened.cookies["polon_session"]}
        assert [log_in("ana", "a wrong guess").status_code for _ in range(5)] == [401] * 5
        assert log_in("ana", "analyst password 1").status_code == 429  # in either process
        for _ in range(10):  # an open session is not touched by the lock
            with httpx.Client(base_url=base, cookies=cookie) as fresh:
                assert fresh.get("/persons").status_code == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "in 2 processes" in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)  # stopped with the parent


def test_workers_stop_when_their_parent_is_killed(tmp_path: Path):
    """SIGKILL gives the parent no chance to stop its workers: they stop on their own rather
    than keep serving the port as orphans."""
    db = str(tmp_path / "orphans.db")
    assert polon(db, "init").exit_code == 0
    port = _free_port()
    server = _start(["--db", db, "serve", "--port", str(port), "--workers", "2"], {})
    try:
        _wait(f"http://127.0.0.1:{port}/healthz", server)
        workers = _started_workers(server.pid, 2)
    finally:
        server.kill()
        server.communicate(timeout=30)
    assert _within(30, lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers))

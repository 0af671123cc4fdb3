"""Starting and stopping the servers under test, one at a time, on free loopback ports."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def polon(db: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``polon --db DB ARGS`` and return what it printed; a failure raises with its stderr."""
    env = {**os.environ, "POLON_PASSWORD": password} if password else None
    command = [sys.executable, "-m", "polon", "--db", str(db), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return done


def analyst_token(db: Path, name: str = "bench-analyst") -> str:
    """An API token of an analyst account made with the CLI (the account may already exist)."""
    try:
        polon(db, "users", "add", name, "--role", "analyst", password="bench-password-1234")
    except RuntimeError as error:
        if "exist" not in str(error).lower():
            raise
    lines = polon(db, "users", "token", name).stdout.strip().splitlines()
    if not lines:
        raise RuntimeError("`polon users token` printed no token")
    return lines[-1].strip()


def timed_get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 300.0
) -> tuple[int, float]:
    """One GET on a new connection: its status and how long the whole answer took, in ms."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


class Server:
    """A server process started by ``command``, ready once ``probe`` answers below 500.

    Used as a context manager: leaving it stops the process (SIGTERM, then SIGKILL) and its
    output, kept in ``log``, is printed if it failed to come up.
    """

    def __init__(
        self,
        name: str,
        command: list[str],
        port: int,
        probe: str,
        log: Path,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name, self.command, self.port, self.probe = name, command, port, probe
        self.log, self.headers = log, headers or {}
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                self.command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def wait_ready(self, timeout: float = 120.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.output()}"
                )
            try:
                status, _ = timed_get(self.port, self.probe, self.headers, timeout=10)
                if status < 500:
                    return
                last = f"HTTP {status}"
            except OSError as error:
                last = str(error)
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready in {timeout:.0f} s ({last}):\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def polon_server(db: Path | str, port: int, token: str, log: Path, workers: int = 1) -> Server:
    command = [sys.executable, "-m", "polon", "--db", str(db), "serve", "--host", HOST]
    command += ["--port", str(port), "--workers", str(workers)]
    headers = {"Authorization": f"Bearer {token}"}
    name = "polon serve" if workers == 1 else f"polon serve x{workers}"
    return Server(name, command, port, "/healthz", log, headers)


def datasette_server(db: Path, port: int, log: Path) -> Server:
    command = [str(BIN / "datasette"), "serve", str(db), "--host", HOST, "--port", str(port)]
    command += ["--setting", "sql_time_limit_ms", "5000", "--setting", "suggest_facets", "off"]
    return Server("datasette", command, port, "/-/versions.json", log)

"""Starting, watching and killing ``polon`` commands for the crash tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


class Launcher:
    """The test's handle on ``tests.crash.launcher``: runs ``polon`` commands as forked
    children and kills them by process id."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.launcher"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the launcher died (exit {self.process.wait()})")
        return json.loads(line)

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def run(self, *argv: str) -> int:
        """Start ``polon ARGV`` and return its process id."""
        return self._ask({"run": list(argv), "log": str(self.log)})["pid"]

    def poll(self, pid: int) -> int | None:
        """The exit code if the command has ended (a signal as minus its number), else None."""
        return self._ask({"poll": pid})["code"]

    def wait(self, pid: int) -> int:
        return self._ask({"wait": pid})["code"]

    def kill(self, pid: int) -> int:
        """SIGKILL the command (no handler, no cleanup can run) and return its exit code."""
        if self.poll(pid) is None:
            os.kill(pid, signal.SIGKILL)
        return self.wait(pid)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

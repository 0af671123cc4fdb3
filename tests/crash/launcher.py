"""A warm ``polon``: imports the command once, then forks one child per command.

The crash tests restart ``polon ingest`` and ``polon import`` more than twenty times per
backend. A cold ``python -m polon`` spends about a second importing (SQLAlchemy, Alembic,
FastAPI, the extractor) before it touches the ledger; a forked child of this launcher starts
with all of that in memory, so a restart costs a fork. The child runs the real Typer
application with the real arguments and opens its own database connections after the fork;
it is an ordinary process that the test kills with SIGKILL by its id.

Protocol, one JSON object per line on stdin and stdout:
``{"run": [...argv], "log": path}`` -> ``{"pid": n}``; ``{"poll": pid}`` -> ``{"code": n|null}``;
``{"wait": pid}`` -> ``{"code": n}`` (a signal is a negative code, as in ``subprocess``).
"""

from __future__ import annotations

import json
import os
import sys

import polon.interchange  # noqa: F401 - imported lazily by `polon import`; warm it here
import polon.registry.registry  # noqa: F401
from polon.cli import app


def _child(argv: list[str], log: str) -> None:
    """Runs in the forked child: the command's output goes to ``log``, never to the pipe."""
    null = os.open(os.devnull, os.O_RDONLY)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    code = 1
    try:
        app(args=argv, prog_name="polon")
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_code(status: int) -> int:
    return os.waitstatus_to_exitcode(status)


def main() -> None:
    reply = sys.stdout
    reply.write('{"ready": true}\n')
    reply.flush()
    ended: dict[int, int] = {}  # children reaped by a poll, for the wait that follows
    for line in sys.stdin:
        request = json.loads(line)
        answer: dict[str, int | None]
        if "run" in request:
            pid = os.fork()
            if pid == 0:
                _child(request["run"], request["log"])
            answer = {"pid": pid}
        elif "poll" in request:
            pid = request["poll"]
            if pid not in ended:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    ended[pid] = _exit_code(status)
            answer = {"code": ended.get(pid)}
        else:
            pid = request["wait"]
            code = ended.pop(pid) if pid in ended else _exit_code(os.waitpid(pid, 0)[1])
            answer = {"code": code}
        reply.write(json.dumps(answer) + "\n")
        reply.flush()


if __name__ == "__main__":
    main()

"""Write docs/cli.md from the commands' own ``--help``, so the reference cannot drift.

.venv/bin/python docs/cli_reference.py        # rewrite docs/cli.md
tests/test_docs.py                            # fails when docs/cli.md is stale
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer.main

from polon.cli import app

TARGET = Path(__file__).with_name("cli.md")
INTRO = """# CLI reference

Generated from the commands' own help by `docs/cli_reference.py`; `make test` fails when it is
out of date. The global options `--db` (an SQLite path or an SQLAlchemy URL; `POLON_DB`;
default `./polon.db`) and `--user` (`POLON_USER`; who is acting, for the audit log) go before
the command name: `polon --db team.db exchanges`.
"""


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as argument lists: ["ingest"], ["review", "accept"]."""
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        for name, child in sorted(getattr(command, "commands", {}).items()):
            paths.append([*prefix, name])
            walk(child, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def help_text(args: list[str]) -> str:
    env = {**os.environ, "TYPER_USE_RICH": "0", "COLUMNS": "100", "TERM": "dumb"}
    result = subprocess.run(
        [sys.executable, "-m", "polon", *args, "--help"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return "\n".join(line.rstrip() for line in result.stdout.strip().splitlines())


def render() -> str:
    parts = [INTRO, "## polon", f"```\n{help_text([])}\n```"]
    for args in command_paths():
        parts += [f"## polon {' '.join(args)}", f"```\n{help_text(args)}\n```"]
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")

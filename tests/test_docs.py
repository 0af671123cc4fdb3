"""Docs that cannot drift: the CLI reference is current and the README names every command."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs"))

import cli_reference  # noqa: E402


def test_cli_reference_is_current():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == cli_reference.render(), "run: .venv/bin/python docs/cli_reference.py"


def test_every_command_is_in_the_readme_or_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in cli_reference.command_paths():
        name = " ".join(args)
        assert f"polon {name}" in readme or f"`{args[-1]}`" in readme, name


def test_readme_gives_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_links_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in ["docs/cli.md", "docs/claims.md", "docs/ledger.md", "docs/benchmarks.md"]:
        assert target in readme
        assert (ROOT / target).exists(), target

"""The README's first command, through the real console entry point, in a fresh folder."""

import os
import subprocess
import sys
from pathlib import Path


def _demo(folder: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("POLON_DB", "POLON_USER")}
    return subprocess.run(
        [sys.executable, "-m", "polon", "demo"],
        cwd=folder, capture_output=True, text=True, env={**env, "COLUMNS": "200"}, timeout=120,
    )  # fmt: skip


def test_demo_builds_the_ledger_from_the_samples(tmp_path: Path):
    first = _demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "polon.db").exists()  # the embedded SQLite default
    out = first.stdout
    assert out.count("2022-09-21") == 1
    assert "Mariupol defenders: 188 — [1] The New Voice of Ukraine" in out
    assert "Azov Regiment: 108 — [2] The Kyiv Independent" in out
    assert "more than 2,500" in out and "3,574" in out and "more than 700" in out
    assert "0 discrepancies" in out

    second = _demo(tmp_path)  # running it again changes nothing
    assert second.returncode == 0, second.stderr
    assert "2 already in the ledger" in second.stderr
    assert second.stdout.split("Sources", 1)[1] == out.split("Sources", 1)[1]

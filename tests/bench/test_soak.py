"""The soak in its short form, through its real entry point: a fresh ledger, ``polon serve``,
a steady mixed load of reads and writes. It must make every class of request and meet no
error; latency and memory are the full soak's business (``python -m bench.soak``), not a
pass/fail test's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.soak.workload import READS, WRITES

SMALL = ["--warmup", "2", "--rate", "12", "--persons", "200", "--sources", "30",
         "--waiting", "20", "--sample", "1"]  # fmt: skip


@pytest.mark.parametrize(("backend", "seconds"), [("sqlite", 20), ("postgresql", 12)])
def test_short_soak_meets_no_error(
    backend: str, seconds: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    figures = tmp_path / "soak.json"
    command = [sys.executable, "-m", "bench.soak", *SMALL, "--duration", str(seconds)]
    command += ["--json", str(figures)]
    if backend == "postgresql":  # a schema of its own in the test run's database
        command += ["--db", request.getfixturevalue("pg_database")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(figures.read_text())
    assert result["errors"] == 0, result["first_error"]
    assert result["missing_classes"] == []
    for kind in (*READS, *WRITES):
        assert result["classes"][kind]["requests"] > 0, kind
        assert set(result["classes"][kind]["statuses"]) <= {"200", "409"}, kind
    assert result["memory"]["samples"] > 0
    assert "server RSS" in done.stdout and "p95" in done.stdout

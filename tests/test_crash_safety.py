"""Killing `polon ingest` mid-folder loses nothing and half-writes nothing.

The real command runs in a child process and is killed with SIGKILL once it has stored a
random number of sources; the ledger must then hold complete sources only (each with exactly
the claims extraction yields for it, all accepted), and a second run must finish the rest.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bench.corpus import write_reports
from polon.ingest import extract, read_document
from polon.ledger.db import make_engine
from polon.ledger.models import Claim, Source

DOCUMENTS = 120
KILLS = 3


def _write_reports(folder: Path) -> None:
    write_reports(folder, DOCUMENTS)


def _expected_claims(folder: Path) -> dict[str, int]:
    return {p.name: len(extract(read_document(p)).claims) for p in sorted(folder.iterdir())}


def _ingest(db_url: str, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "polon", "--db", db_url, "ingest", "--accept", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "POLON_USER": "crash-test"},
    )


def _stored(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Source)).scalar_one()


def _kill_after(process: subprocess.Popen, engine, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while _stored(engine) < at_least and process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("ingest made no progress")
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()


def _check_consistent(engine, expected: dict[str, int]) -> int:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        per_source = Counter(
            dict(
                connection.execute(
                    select(Source.name, func.count(Claim.id))
                    .join(Claim, Claim.source_id == Source.id)
                    .group_by(Source.name)
                ).all()
            )
        )
        states = set(connection.execute(select(Claim.state).distinct()).scalars())
    for name, count in per_source.items():
        assert count == expected[Path(name).name], f"{name}: half-written"
    assert states <= {"accepted"}  # claims and their acceptance commit together
    return len(per_source)


@pytest.mark.parametrize("seed", [20221021])
def test_sigkill_mid_folder_then_rerun(db_url: str, tmp_path: Path, seed: int):
    folder = tmp_path / "reports"
    _write_reports(folder)
    expected = _expected_claims(folder)
    engine = make_engine(db_url)
    subprocess.run([sys.executable, "-m", "polon", "--db", db_url, "init"], check=True,
                   capture_output=True)  # fmt: skip
    rng = random.Random(seed)
    survived = 0
    for _ in range(KILLS):
        before = _stored(engine)
        if before >= DOCUMENTS - 10:
            break
        process = _ingest(db_url, folder)
        _kill_after(process, engine, rng.randint(before + 1, before + DOCUMENTS // (KILLS + 1)))
        assert process.returncode == -signal.SIGKILL
        survived += 1
        assert _check_consistent(engine, expected) < DOCUMENTS
    assert survived >= 2
    final = _ingest(db_url, folder)
    assert final.wait(timeout=300) == 0
    assert _check_consistent(engine, expected) == DOCUMENTS
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Claim)).scalar_one()
    assert total == sum(expected.values())
    engine.dispose()

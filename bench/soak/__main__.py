"""Soak: the web app under a steady mixed load for ten minutes, with its errors, latency and
memory, and the first minute beside the last.

    .venv/bin/python -m bench.soak [--duration 600] [--rate 40] [--db postgresql://...]
                                   [--json FILE]

A fresh ledger is built (``bench/soak/ledger.py``) and ``polon serve`` started on a free
loopback port. A client process then starts ``--rate`` operations per second on a fixed
schedule (open loop, ``bench/soak/driver.py``): reads of the dashboard, person search, person
pages, sources, figures, exchanges and analysis, and writes (claim edits and decisions made
with the version read, report uploads, discrepancy resolutions; ``bench/soak/workload.py``).
The first ``--warmup`` seconds are not counted. Meanwhile the server's resident memory is
sampled. The target is no error at all and flat memory; a 409 from a versioned write that lost
a race to another client is expected and counted apart. The baseline is the run's own first
window (a minute, or a third of a shorter run) beside its last: a ratio well above 1 is drift.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx

from bench.soak import ledger, report
from bench.soak.workload import READS, WEIGHTS, WRITES, Plan, soak
from bench.web import servers


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--duration", type=float, default=600.0, help="Seconds measured.")
    parser.add_argument("--rate", type=float, default=20.0, help="Operations per second.")
    parser.add_argument("--warmup", type=float, default=10.0, help="Seconds not counted.")
    parser.add_argument("--db", help="A postgresql:// URL (default: a new SQLite file).")
    parser.add_argument("--persons", type=int, default=2000, help="Persons in the list.")
    parser.add_argument("--sources", type=int, default=300, help="Reports accepted.")
    parser.add_argument("--waiting", type=int, default=100, help="Reports left for review.")
    parser.add_argument("--sample", type=float, default=5.0, help="Seconds between RSS samples.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument("--weight", action="append", default=[], metavar="CLASS=N",
                        help="Change how often a class of operation is drawn (0: never), "
                        f"e.g. upload=0; the classes: {', '.join(WEIGHTS)}.")  # fmt: skip
    args = parser.parse_args(argv)
    args.weights = dict(WEIGHTS)
    for change in args.weight:
        kind, _, number = change.partition("=")
        if kind not in WEIGHTS or not number.isdigit():
            parser.error(f"--weight {change}: CLASS=N with a class of {', '.join(WEIGHTS)}")
        args.weights[kind] = int(number)
    return args


def known(port: int, token: str) -> tuple[list[int], int]:
    """Ids of the first persons of the registry, for person pages; how many sources."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"http://{servers.HOST}:{port}", headers=headers) as client:
        ids: list[int] = []
        for offset in (0, 200):
            page = client.get("/api/v1/persons", params={"limit": 200, "offset": offset})
            page.raise_for_status()
            ids += [item["id"] for item in page.json()["items"]]
        sources = client.get("/api/v1/sources", params={"limit": 1})
        sources.raise_for_status()
    return ids, sources.json()["total"]


def run(args: argparse.Namespace, work: Path) -> dict:
    """Build, serve, load; returns the figures."""
    uploads = math.ceil(args.rate * (args.duration + args.warmup) * args.weights["upload"]
                        / sum(args.weights.values()) * 1.2) + 10  # fmt: skip
    with ledger.database(args.db, work) as db:
        started = time.perf_counter()
        workload = ledger.build(db, work, args.persons, args.sources, args.waiting, uploads,
                                args.seed)  # fmt: skip
        built = time.perf_counter() - started
        reader, editor = workload.tokens["reader"], workload.tokens["editor"]
        port = servers.free_port()
        with servers.polon_server(db, port, reader, work / "server.log") as server:
            assert server.process is not None
            plan = Plan(servers.HOST, port, {"reader": reader, "editor": editor},
                        workload.names, *known(port, reader), workload.uploads, args.rate,
                        args.warmup + args.duration, time.monotonic() + 1.0, args.seed,
                        args.weights)  # fmt: skip
            print(f"ledger built in {built:.0f} s; {args.rate:g} operations/s for "
                  f"{args.warmup:g} s warm-up + {args.duration:g} s", flush=True)  # fmt: skip
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=context) as clients, report.Memory(
                server.process.pid, plan.start, args.sample
            ) as memory:  # fmt: skip
                samples = clients.submit(soak, plan).result()
            log = server.output()
    return figures(args, samples, memory, log, built)


def figures(args: argparse.Namespace, samples: list, memory: report.Memory, log: str,
            built: float) -> dict:  # fmt: skip
    end = args.warmup + args.duration
    window = min(60.0, args.duration / 3)
    classes = report.by_class(samples, args.warmup, end, window)
    rss = [(t, mb) for t, mb in memory.after(args.warmup) if t <= end]
    first = [mb for t, mb in rss if t < args.warmup + window]
    last = [mb for t, mb in rss if t >= end - window]
    errors = [c.result.first_error for c in classes if c.result.first_error]
    return {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "ledger_built_s": built,
        "window_s": window,
        "classes": {c.kind: report.as_json(c) for c in classes},
        "table": report.table(classes, [*READS, *WRITES]),
        "requests": sum(c.result.requests for c in classes),
        "races": sum(c.races for c in classes),
        "errors": sum(c.result.errors for c in classes),
        "first_error": errors[0] if errors else None,
        "missing_classes": sorted(_expected(args.weights) - {c.kind for c in classes}),
        "memory": {
            "samples": len(rss),
            "start_mb": rss[0][1] if rss else None,
            "end_mb": rss[-1][1] if rss else None,
            "max_mb": max(mb for _, mb in rss) if rss else None,
            "slope_mb_per_min": report.slope_per_minute(rss),
            "first_window_mb": report.mean(first),
            "last_window_mb": report.mean(last),
            "series": [(round(t, 1), round(mb, 1)) for t, mb in rss],  # seconds, MB
        },
        "server_log_problems": [
            line
            for line in log.splitlines()
            if "Traceback" in line or "ERROR" in line or "locked" in line
        ][:5],  # fmt: skip
    }


def _expected(weights: dict[str, int]) -> set[str]:
    """The classes the run must have made: all of them, less those weighted out (the claim
    reads and discrepancy lists come with the edits, decisions and resolutions)."""
    made = {kind for kind, weight in weights.items() if weight > 0}
    if made & {"claim edit", "decision"}:
        made.add("claims")
    if "resolve" in made:
        made.add("discrepancies")
    return made & set(READS + WRITES)


def show(result: dict, load: tuple[float, float]) -> None:
    print()
    print("\n".join(result["table"]))
    window, memory = result["window_s"], result["memory"]
    print(f"first/last = the first and last {window:g} s after the warm-up")
    print(f"total {result['requests']:,} requests, {result['races']} races (409 on a versioned "
          f"write), {result['errors']} errors")  # fmt: skip
    if result["first_error"]:
        print(f"first error: {result['first_error']}")
    if memory["samples"]:
        print(f"server RSS: {memory['start_mb']:.1f} MB at start (after warm-up), "
              f"{memory['end_mb']:.1f} MB at end, max {memory['max_mb']:.1f} MB; slope "
              f"{memory['slope_mb_per_min']:+.2f} MB/min over {memory['samples']} samples; "
              f"mean {memory['first_window_mb']:.1f} MB first window, "
              f"{memory['last_window_mb']:.1f} MB last")  # fmt: skip
    print(f"load average (1 min) {load[0]:.2f} before, {load[1]:.2f} after; {os.cpu_count()} CPUs")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="polon-soak-"))
    try:
        result = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    show(result, (load_before, os.getloadavg()[0]))
    if args.json:
        clean = {k: v for k, v in result.items() if k != "table"}
        args.json.write_text(json.dumps(_plain(clean), indent=2))
    problems = []
    if result["errors"]:
        problems.append(f"{result['errors']} errors; first: {result['first_error']}")
    if result["missing_classes"]:
        problems.append(f"no request of: {', '.join(result['missing_classes'])}")
    if result["server_log_problems"]:
        problems.append(f"the server logged: {result['server_log_problems']}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _plain(value: object) -> object:
    """JSON has no NaN: a figure that could not be measured is null."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if isinstance(value, float) and math.isnan(value) else value


if __name__ == "__main__":
    sys.exit(main())

"""The soak's figures: requests, races and errors per class, latency percentiles, the first
window beside the last (the baseline measured in the same run), and the server's memory.

Memory is the server process's resident set (``VmRSS`` in ``/proc/PID/status``), sampled every
few seconds by the parent while the clients run in their own process. Its trend is the
least-squares slope over the samples after the warm-up, in MB per minute: flat memory is a
slope near zero, a leak a steady positive one.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.soak.driver import Sample
from bench.web.load import LoadResult

QUANTILES = (0.5, 0.95, 0.99)


def rss_mb(pid: int) -> float | None:
    """The process's resident memory in MB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Memory:
    """RSS samples (seconds since the load's start, MB), taken by a thread until stopped."""

    pid: int
    start: float
    every: float
    samples: list[tuple[float, float]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Memory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.samples.append((time.monotonic() - self.start, value))
            self._stop.wait(self.every)

    def after(self, warmup: float) -> list[tuple[float, float]]:
        return [(t, mb) for t, mb in self.samples if t >= warmup]


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of MB over time, in MB per minute (NaN with fewer than 2 points)."""
    if len(points) < 2:
        return math.nan
    mean_t = sum(t for t, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return math.nan
    return sum((t - mean_t) * (y - mean_y) for t, y in points) / spread * 60


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


@dataclass
class ClassFigures:
    kind: str
    result: LoadResult  # every measured answer of the class
    races: int
    first: LoadResult  # the first window after the warm-up
    last: LoadResult  # the last window


def by_class(samples: list[Sample], warmup: float, end: float, window: float) -> list[ClassFigures]:
    """Samples after the warm-up, grouped by class, with the first and last windows apart."""
    groups: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        if sample.at >= warmup:
            groups[sample.kind].append(sample)
    figures = []
    for kind, group in groups.items():
        whole, first, last = LoadResult(), LoadResult(), LoadResult()
        races = 0
        for sample in group:
            parts = [whole]
            if sample.at < warmup + window:
                parts.append(first)
            if sample.at >= end - window:
                parts.append(last)
            for part in parts:
                _count(part, sample)
            races += sample.outcome == "race"
        whole.window = end - warmup
        figures.append(ClassFigures(kind, whole, races, first, last))
    return figures


def _count(result: LoadResult, sample: Sample) -> None:
    if sample.status == 0:
        result.unanswered += 1
    else:
        result.latencies.append(sample.latency)
        result.statuses[sample.status] += 1
    if sample.outcome == "error":
        result.errors += 1
        if result.first_error is None:
            result.first_error = sample.detail


def _ms(value: float) -> str:
    return f"{value:7.1f}" if not math.isnan(value) else f"{'—':>7}"


def table(figures: list[ClassFigures], order: list[str]) -> list[str]:
    """A row per class: counts, percentiles over the run, and p95 of the first and last
    windows with their ratio (above 1: slower at the end)."""
    head = f"{'class':14} {'requests':>8} {'races':>5} {'errors':>6} {'p50':>7} {'p95':>7}"
    head += f" {'p99':>7} {'max':>7}   {'p95 first':>9} {'p95 last':>8} {'ratio':>5}"
    lines = [head + "   (ms)"]
    rank = {kind: n for n, kind in enumerate(order)}
    for row in sorted(figures, key=lambda f: rank.get(f.kind, len(rank))):
        r = row.result
        top = max(r.latencies) * 1000 if r.latencies else math.nan
        p = [r.percentile(q) for q in QUANTILES]
        first, last = row.first.percentile(0.95), row.last.percentile(0.95)
        ratio = f"{last / first:5.2f}" if first and not math.isnan(first + last) else f"{'—':>5}"
        lines.append(
            f"{row.kind:14} {r.requests:8,} {row.races:5} {r.errors:6} {_ms(p[0])} {_ms(p[1])}"
            f" {_ms(p[2])} {_ms(top)}   {_ms(first):>9} {_ms(last):>8} {ratio}"
        )
    return lines


def as_json(row: ClassFigures) -> dict[str, Any]:
    r = row.result
    return {
        "requests": r.requests,
        "races": row.races,
        "errors": r.errors,
        "first_error": r.first_error,
        "statuses": {str(k): v for k, v in sorted(r.statuses.items())},
        **{f"p{round(q * 100)}_ms": _none(r.percentile(q)) for q in QUANTILES},
        "max_ms": max(r.latencies) * 1000 if r.latencies else None,
        "first_window_p95_ms": _none(row.first.percentile(0.95)),
        "last_window_p95_ms": _none(row.last.percentile(0.95)),
    }


def _none(value: float) -> float | None:
    return None if math.isnan(value) else value

"""The web benchmark's results as a table and as JSON: a row per route and server, each Polon
setting's p95 over datasette's, and the verdict against the route's target."""

from __future__ import annotations

import math
from typing import Protocol

from bench.web.load import LoadResult


class Route(Protocol):
    """What the table needs of a measured route (``bench.web.__main__.Route``)."""

    @property
    def name(self) -> str: ...

    @property
    def target_ms(self) -> float | None: ...


def cell(result: LoadResult | None) -> str:
    """One server's columns of a table row."""
    if result is None:
        return f"{'—':>38}"
    p = [result.percentile(q) for q in (0.5, 0.95, 0.99)]
    return f"{p[0]:7.1f} {p[1]:7.1f} {p[2]:7.1f} {result.rate:7.1f} {result.errors:6}"


def table(
    plan: list[Route], polon: dict[str, dict[str, LoadResult]], datasette: dict[str, LoadResult]
) -> list[str]:
    """The result lines: a row per route and server (each Polon setting, then datasette),
    with each Polon p95 over datasette's and the verdict against the route's target."""
    head = f"{'p50':>7} {'p95':>7} {'p99':>7} {'req/s':>7} {'errors':>6}"
    lines = [f"{'route':22}  {'server':18}  {head}  {'ratio':>6}  target"]
    for route in plan:
        theirs = datasette.get(route.name)
        for setting, results in polon.items():
            mine = results.get(route.name)
            ratio = "—"
            if mine and theirs and mine.latencies and theirs.latencies:
                ratio = f"{mine.percentile(0.95) / theirs.percentile(0.95):.2f}"
            verdict = ""
            if route.target_ms is not None:
                p95 = mine.percentile(0.95) if mine else math.nan
                met = p95 <= route.target_ms and not (mine and mine.mostly_errors)
                verdict = f"p95 <= {route.target_ms:.0f} ms {'PASS' if met else 'MISS'}"
            lines.append(f"{route.name:22}  {setting:18}  {cell(mine)}  {ratio:>6}  {verdict}")
        if theirs is not None:
            lines.append(f"{'':22}  {'datasette':18}  {cell(theirs)}")
    lines.append("ratio = Polon p95 / datasette p95 (below 1: Polon answers faster)")
    return lines


def setting(workers: int) -> str:
    """How a Polon server setting is named in the table."""
    return "Polon, 1 process" if workers == 1 else f"Polon, {workers} workers"


def as_json(result: LoadResult) -> dict[str, object]:
    """A result as plain JSON values (a percentile of no answers is null)."""
    ms = {f"p{round(q * 100)}_ms": result.percentile(q) for q in (0.5, 0.95, 0.99)}
    return {
        **{name: None if math.isnan(value) else value for name, value in ms.items()},
        "requests_per_s": result.rate,
        "requests": result.requests,
        "errors": result.errors,
        "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
        "first_error": result.first_error,
    }

"""The web app under concurrent load: latency percentiles and requests per second of the
dashboard, a person search and a person page, beside datasette serving the same SQLite file
in the same run.

    .venv/bin/python -m bench.web [--persons 100000] [--sources 10000] [--duration 10]
                                  [--concurrency 8] [--workers 1,2] [--rebuild] [--seed 1]
                                  [--json FILE]
    .venv/bin/python -m bench.web --smoke     # 2,000 persons, 100 sources, 2 s per route

What is measured. One ledger is built and cached under /tmp (keyed by sizes and seed):
``--persons`` registry persons written straight into SQLite by the search benchmark's builder
(several spellings per identity, with their search keys), and ``--sources`` generated news
items stored through the real ingest path (extract, then ``Ledger.add_source`` with the claims
accepted), so the dashboard has thousands of "held" figures, swaps told by several outlets,
discrepancies, and persons whose page lists the reports that name them. Each run works on a
fresh copy of that file, upgraded with ``polon init``. ``polon serve`` is started on a free
loopback port once per ``--workers`` setting (one process, then two), an analyst account and
API token are made with ``polon users``, and every route gets a 2 s warm-up, then
``--duration`` seconds of closed-loop load: ``--concurrency`` keep-alive connections, each
sending its next request as soon as the last answer is read. The load generator
(``bench/web/load.py``: asyncio, raw HTTP/1.1) runs in a process of its own and is the same for
both servers. A request's latency runs from writing it to reading the last byte of the answer;
percentiles are nearest-rank over every answer in the window, requests/s is answers per second,
and any answer that is not 2xx (or a broken connection) is an error.

Routes (Polon first, then datasette; only one server runs at a time):

* dashboard: Polon's ``GET /`` (headline cards, the latest "held" figure per group and every
  exchange with its running total and sources). Polon keeps the dashboard's data in memory
  until the ledger changes, so the load measures the steady state; the first request after
  start, which fills that cache, is timed on its own and printed below the table. Datasette has
  no dashboard; its closest page is a SQL query page (``/ledger?sql=``, uncached) that reads the
  same rows and shows the same two tables: the latest held figure per group with the number of
  reports behind it, and every exchange with its running total and report count. A second
  Polon-only row measures the two SVG charts the dashboard page embeds.
* person search: ``/persons?q=NAME`` (HTML) and ``/api/v1/persons?q=NAME`` (JSON) against
  datasette's table filter ``/ledger/persons?name__contains=WORD&_size=20`` and its ``.json``.
  Half the names are stored spellings, half are Cyrillic names romanised with ``translitua``
  (a spelling the table does not hold); datasette gets the longest word of the name, which is
  what a plain tool can do (a ``LIKE '%word%'`` scan). Polon ranks matches across alphabets,
  so it does more per request; the baseline is what the same file gives with no search index.
* person page: ``/persons/ID`` and ``/api/v1/persons/ID`` against datasette's row page
  ``/ledger/persons/ID`` and ``.json``. Polon's page gathers the record's sourced facts and
  writes a ``view_personal`` audit entry per view; datasette shows the one row.

Polon is measured in one process and with ``--workers 2``, the setting for this 2-core machine;
both are printed, so what the second process buys is measured, not assumed. Datasette runs as
``datasette serve`` does by default (one process, its own SQL thread pool, mutable mode) with
two settings: ``sql_time_limit_ms 5000``, so that no baseline query is cut short, and
``suggest_facets off``, because by default every table page also tries a facet query per
column, which no search page needs and which would make the baseline slower than it has to be
(a faster baseline is the harder one to beat). Its table page still counts the filtered rows,
and its row page counts the rows of every table that points at the person, as it always does.
Mutable, not immutable (``-i``), because Polon serves a ledger that changes (its person pages
write audit rows): immutable mode lets datasette skip locking and cache counts, an advantage
Polon cannot take. Datasette and the first Polon setting are single uvicorn processes behind
the same generator on the same machine, so the ratio of their p95 latencies holds up on a noisy
2-core box better than either absolute figure; the load average is printed before and after to
show how noisy it was.

Targets (from the issue): person search p95 <= 50 ms and dashboard p95 <= 100 ms, at the given
concurrency. With a closed loop, latency includes queueing behind the other connections, so
the p95 grows with ``--concurrency``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import translitua

from bench.web import servers
from bench.web.load import LoadResult, measure_in_process
from bench.web.report import as_json, setting, table
from polon.registry import script_of
from polon.registry.index import words

CACHE = Path("/tmp/polon-bench-web")
QUERIES = 200
DB_NAME = "ledger"  # the run copy's file stem, which is datasette's name for the database

DASHBOARD_SQL = """
with latest as (
  select f.group_label, f.qualifier, f.value, f.as_of, f.attributed_to,
    (select count(*) from claim_links l
      where l.entity_type = 'figures' and l.entity_id = f.id) as reports,
    row_number() over (partition by f.group_label order by f.as_of desc, f.id desc) as rank
  from figures f where f.measure = 'held' and f.as_of is not null
),
swaps as (
  select e.date, e.returned,
    sum(coalesce(e.returned, 0)) over (order by e.date, e.id) as cumulative,
    (select count(*) from claim_links l
      where l.entity_type = 'exchanges' and l.entity_id = e.id) as reports
  from exchanges e
)
select 'held' as row, group_label as what, qualifier, value, as_of as date, attributed_to,
  reports, null as cumulative
from latest where rank = 1
union all
select 'exchange', null, null, returned, date, null, reports, cumulative from swaps
order by row desc, date desc
"""


@dataclass(frozen=True)
class Route:
    name: str
    polon: list[str]
    datasette: list[str]
    target_ms: float | None = None
    cold: bool = False  # the server may cache it: time its first request apart, before the load


def cached_ledger(persons: int, sources: int, seed: int, rebuild: bool) -> Path:
    """The built ledger for these sizes, built now if missing or ``rebuild``."""
    path = CACHE / f"ledger-{persons}-{sources}-{seed}.db"
    if path.exists() and not rebuild:
        print(f"ledger: {path} (cached; --rebuild to build it again)", flush=True)
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    from bench.web.ledger import build  # the generator's imports are slow: only when building

    build(building, persons, sources, seed)
    building.replace(path)  # only a finished build becomes the cache
    for suffix in ("-wal", "-shm"):  # left empty by the checkpoint
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    print(f"ledger: {path}", flush=True)
    return path


def search_queries(db: Path, seed: int) -> list[tuple[str, str]]:
    """Seeded (name for Polon, word for datasette) pairs: half stored spellings, half Cyrillic
    names romanised into a spelling that may not be stored."""
    rng = random.Random(seed)
    with closing(sqlite3.connect(db)) as connection:
        top = connection.execute("SELECT max(id) FROM persons").fetchone()[0]
        ids = rng.sample(range(1, top + 1), min(top, 4 * QUERIES))
        marks = ",".join("?" * len(ids))
        rows = connection.execute(f"SELECT id, name FROM persons WHERE id IN ({marks})", ids)
        names = dict(rows.fetchall())
    stored = [names[i] for i in ids if names.get(i)]
    half = QUERIES // 2
    others = stored[half:]  # other persons than the stored-spelling half
    romanised = [translitua.translit(name) for name in others if script_of(name) == "cyrillic"]
    queries = [q for pair in zip(stored[:half], romanised[:half], strict=False) for q in pair]
    return [(query, max(words(query), key=len)) for query in queries]


def person_ids(db: Path, seed: int) -> list[int]:
    """Seeded person ids: three in four any registry person, one in four a person named in a
    report (whose page lists sources)."""
    rng = random.Random(seed + 1)
    with closing(sqlite3.connect(db)) as connection:
        everyone = [r[0] for r in connection.execute("SELECT id FROM persons")]
        named = [
            r[0]
            for r in connection.execute(
                "SELECT DISTINCT entity_id FROM claim_links WHERE entity_type = 'persons'"
            )
        ]
    ids = rng.sample(everyone, min(len(everyone), QUERIES * 3 // 4))
    ids += rng.sample(named, min(len(named), QUERIES - len(ids)))
    rng.shuffle(ids)
    return ids


def routes(db: Path, seed: int) -> list[Route]:
    """The measured routes, each with its seeded paths on Polon and their datasette twins."""
    pairs, ids = search_queries(db, seed), person_ids(db, seed)
    table = f"/{DB_NAME}/persons"
    contains = [f"?name__contains={quote(word)}&_size=20" for _, word in pairs]
    dashboard_sql = " ".join(DASHBOARD_SQL.split())
    return [
        Route("dashboard", ["/"], [f"/{DB_NAME}?sql={quote(dashboard_sql)}"], 100, cold=True),
        Route(
            "dashboard charts (SVG)", ["/charts/held.svg", "/charts/exchanges.svg"], [], cold=True
        ),
        Route(
            "person search (HTML)",
            [f"/persons?q={quote(name)}" for name, _ in pairs],
            [table + query for query in contains],
            50,
        ),
        Route(
            "person search (API)",
            [f"/api/v1/persons?q={quote(name)}" for name, _ in pairs],
            [f"{table}.json{query}" for query in contains],
            50,
        ),
        Route(
            "person page (HTML)",
            [f"/persons/{i}" for i in ids],
            [f"{table}/{i}" for i in ids],
        ),
        Route(
            "person page (API)",
            [f"/api/v1/persons/{i}" for i in ids],
            [f"{table}/{i}.json" for i in ids],
        ),
    ]


def first_requests(server: servers.Server, paths: list[str]) -> str:
    """Each path's first answer after the server started, timed one at a time."""
    told = []
    for path in paths:
        try:
            status, ms = servers.timed_get(server.port, path, server.headers)
        except OSError as error:  # a timeout, or the server gave up
            told.append(f"{type(error).__name__} {error}")
            continue
        told.append(f"{ms:,.0f} ms" + ("" if status == 200 else f" (HTTP {status})"))
    return " + ".join(told)


def run_routes(
    server: servers.Server, plan: list[Route], side: str, args: argparse.Namespace
) -> tuple[dict[str, LoadResult], dict[str, str]]:
    """Load each route of ``side`` ("polon" or "datasette") in turn; also the first request of
    each cached route, before its load."""
    results, cold = {}, {}
    for route in plan:
        paths = getattr(route, side)
        if not paths:
            continue
        if route.cold:
            cold[route.name] = first_requests(server, paths)
        result = measure_in_process(
            servers.HOST,
            server.port,
            paths,
            server.headers,
            args.concurrency,
            args.duration,
            args.warmup,
        )
        print(
            f"  {server.name:14} {route.name:22} {result.requests:7,} requests  "
            f"p95 {result.percentile(0.95):7.1f} ms  errors {result.errors}",
            flush=True,
        )
        results[route.name] = result
    return results, cold


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; ``--smoke`` sets the small sizes and short durations."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per route.")
    parser.add_argument("--warmup", type=float, default=2.0, help="Seconds before measuring.")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2],
        help="Polon's --workers settings to measure, comma-separated (default 1,2).",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="Build the ledger again.")
    parser.add_argument("--smoke", action="store_true", help="A small run to check it works.")
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    args = parser.parse_args(argv)
    if args.smoke:
        args.persons, args.sources, args.duration, args.warmup = 2_000, 100, 2.0, 0.5
    return args


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the ledger, load Polon then datasette, print the table; 1 on failure."""
    args = parse(argv)
    started = time.perf_counter()
    load_before = os.getloadavg()
    cached = cached_ledger(args.persons, args.sources, args.seed, args.rebuild)
    work = CACHE / f"run-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"{DB_NAME}.db"
    polon: dict[str, dict[str, LoadResult]] = {}
    datasette: dict[str, LoadResult] = {}
    problems: list[str] = []
    cold: dict[str, dict[str, str]] = {}
    try:
        shutil.copyfile(cached, db)
        servers.polon(db, "init")
        plan = routes(db, args.seed)
        print(
            f"\n{args.persons:,} persons, {args.sources:,} sources; {args.concurrency} "
            f"connections, {args.warmup:g} s warm-up + {args.duration:g} s per route; "
            f"{os.cpu_count()} CPUs",
            flush=True,
        )
        token = servers.analyst_token(db)
        for workers in args.workers:
            name = setting(workers)
            try:
                port, log = servers.free_port(), work / f"polon-{workers}.log"
                with servers.polon_server(db, port, token, log, workers) as app:
                    polon[name], cold[name] = run_routes(app, plan, "polon", args)
            except RuntimeError as error:  # the other servers are still measured
                problems.append(f"{name} could not be measured: {error}")
        try:
            with servers.datasette_server(db, servers.free_port(), work / "datasette.log") as ds:
                datasette, cold["datasette"] = run_routes(ds, plan, "datasette", args)
        except RuntimeError as error:
            problems.append(f"datasette could not be measured: {error}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()
    print()
    print("\n".join(table(plan, polon, datasette)))
    print("first request after start, timed before the load (Polon fills its caches then):")
    for route in plan:
        if route.cold:
            told = [f"{side} {cold[side][route.name]}" for side in cold if route.name in cold[side]]
            print(f"  {route.name:22}  {'; '.join(told) or '—'}")
    print(
        f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"total {time.perf_counter() - started:.0f} s"
    )
    if args.json:
        settings = {k: v for k, v in vars(args).items() if k != "json"}
        report = {
            "settings": settings,
            "polon": {
                name: {route: as_json(r) for route, r in results.items()}
                for name, results in polon.items()
            },
            "datasette": {name: as_json(r) for name, r in datasette.items()},
            "first_request": cold,
        }
        args.json.write_text(json.dumps(report, indent=2, default=str))
    for server, results in (*polon.items(), ("datasette", datasette)):
        for name, result in results.items():
            if not result.requests:
                problems.append(f"{server} {name}: no answer within the {args.duration:g} s")
            elif result.mostly_errors:
                problems.append(
                    f"{server} {name}: {result.errors} errors in {result.requests} requests; "
                    f"first: {result.first_error}"
                )
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

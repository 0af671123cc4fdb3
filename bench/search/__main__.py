"""Person search over a large registry in SQLite: latency percentiles and how often the right
person is found under another spelling, beside a plain substring search in the same run.

    .venv/bin/python -m bench.search [--size 1000000] [--queries 1000] [--rebuild]

The registry comes from the linkage benchmark's seeded generator: each record is a person of
its own, and records of one identity are spelled differently (other alphabet, romanisation
system, Russian given-name form, word order, typos). A query is one record's name; it is
answered right when another record of the same identity is among the first 20 hits (and, as
common names have many exact namesakes, among the first 200). The
baseline is what a plain tool does: ``LIKE '%word%'`` over the stored spellings.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from bench.linkage.generator import generate
from polon.ledger import Ledger
from polon.registry import name_key, script_of
from polon.registry.index import name_keys, words
from polon.registry.registry import Registry

TOP = 20
WIDE = 200  # namesakes: a common name has more than 20 persons who share it exactly


def build(path: Path, size: int, seed: int) -> list[int]:
    """Write ``size`` persons with their name keys straight into a fresh ledger file."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    registry = generate(size, seed)
    generated = time.perf_counter()
    Ledger(f"sqlite:///{path}").init()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    persons, variants, keys = [], [], []
    for record in registry.records:
        text = record.full_name or " ".join(
            w for w in (record.given, record.patronymic, record.surname) if w
        )
        persons.append((record.id, text, name_key(text), record.call_sign))
        variants.append((record.id, text, script_of(text), "as written", name_key(text)))
        signs = (record.call_sign,) if record.call_sign else ()
        keys.extend((key[:200], kind, record.id) for kind, key in name_keys(text, signs))
    with connection:
        connection.executemany(
            "INSERT INTO persons (id, name, name_key, call_sign) VALUES (?, ?, ?, ?)", persons
        )
        connection.executemany(
            "INSERT INTO name_variants (person_id, text, script, system, key) "
            "VALUES (?, ?, ?, ?, ?)",
            variants,
        )
        connection.executemany(
            "INSERT OR IGNORE INTO person_keys (key, kind, person_id) VALUES (?, ?, ?)", keys
        )
    connection.execute("ANALYZE")
    connection.close()
    print(
        f"built {size:,} persons, {len(keys):,} keys in {time.perf_counter() - started:.0f} s "
        f"(generation {generated - started:.0f} s)"
    )
    return registry.truth


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return f"p50 {p(0.50):6.1f} ms  p95 {p(0.95):6.1f} ms  p99 {p(0.99):6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--baseline-queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None, help="Where to keep the built file.")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = args.db or Path(f"/tmp/polon-bench-search-{args.size}-{args.seed}.db")
    truth_path = path.with_suffix(".truth")
    if args.rebuild or not path.exists() or not truth_path.exists():
        truth = build(path, args.size, args.seed)
        truth_path.write_text("\n".join(map(str, truth)))
    else:
        truth = [int(line) for line in truth_path.read_text().split()]
    same: dict[int, list[int]] = defaultdict(list)
    for record_id, identity in enumerate(truth, 1):
        same[identity].append(record_id)
    rng = random.Random(args.seed)
    groups = [ids for ids in same.values() if len(ids) > 1]
    cases = []
    for _ in range(args.queries):
        ids = rng.choice(groups)
        asked, wanted = rng.sample(ids, 2)
        cases.append((asked, set(ids) - {asked}))
    ledger = Ledger(f"sqlite:///{path}")
    registry = Registry(ledger)
    with sqlite3.connect(path) as connection:
        asked_ids = ",".join(str(asked) for asked, _ in cases)
        query = f"SELECT id, name FROM persons WHERE id IN ({asked_ids})"
        names = dict(connection.execute(query).fetchall())
    registry.search(names[cases[0][0]])  # warm the caches a user's second query would find
    times, found, found_wide = [], 0, 0
    for asked, wanted in cases:
        started = time.perf_counter()
        hits = registry.search(names[asked], limit=WIDE)
        times.append(time.perf_counter() - started)
        ranked = [hit.person_id for hit in hits if hit.person_id != asked]
        found += bool(wanted & set(ranked[:TOP]))
        found_wide += bool(wanted & set(ranked))
    connection = sqlite3.connect(path)
    base_times, base_found = [], 0
    for asked, wanted in cases[: args.baseline_queries]:
        longest = max(words(names[asked]), key=len)
        started = time.perf_counter()
        rows = connection.execute(
            "SELECT person_id FROM name_variants WHERE text LIKE ? LIMIT 200", (f"%{longest}%",)
        ).fetchall()
        base_times.append(time.perf_counter() - started)
        base_found += bool(wanted & {row[0] for row in rows})
    n, b = len(cases), len(base_times)
    print(f"\nperson search over {args.size:,} persons (SQLite, {path})")
    print(f"{'':24}{'queries':>8}  {'in top 20':>10}  {'in top 200':>10}  latency")
    print(f"{'Polon search':24}{n:>8}  {found / n:>10.3f}  {found_wide / n:>10.3f}  "
          f"{percentiles(times)}")  # fmt: skip
    print(f"{'LIKE %word% baseline':24}{b:>8}  {'':>10}  {base_found / b:>10.3f}  "
          f"{percentiles(base_times)}")  # fmt: skip
    p95 = lambda values: sorted(values)[int(0.95 * len(values))]  # noqa: E731
    ratio = p95(base_times) / p95(times)
    print(f"p95 latency: substring scan ÷ Polon = {ratio:.1f} (the scan also misses spellings)")
    ledger.close()


if __name__ == "__main__":
    main()

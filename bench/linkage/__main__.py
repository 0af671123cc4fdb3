"""Linkage benchmark: ``python -m bench.linkage [--sizes 10000,100000,1000000]``.

For each size it generates a seeded registry and prints pairwise precision, recall, F1 and
wall time of Polon (DuckDB) and of the two baselines (``bench/linkage/baselines.py``), all
in the same run, so that the ratios hold on a noisy machine.
"""

from __future__ import annotations

import argparse
import gc
import logging
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable

from bench.linkage import baselines
from bench.linkage.generator import Registry, generate
from polon.registry.linkage import deduplicate


def pairwise(clusters: Iterable[Iterable[int]], truth: list[int]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted clusters against the true identities.

    Pairs are counted from cluster sizes (n·(n−1)/2 per cluster, and per identity inside a
    cluster for the true positives), never listed.
    """
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth).values())
    predicted = correct = 0
    for cluster in clusters:
        ids = list(cluster)
        predicted += len(ids) * (len(ids) - 1) // 2
        owners = Counter(truth[i - 1] for i in ids)
        correct += sum(n * (n - 1) // 2 for n in owners.values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_pairs": predicted,
        "true_pairs": true_pairs,
    }


def _timed(run: Callable[[], list]) -> tuple[list, float]:
    gc.collect()
    start = time.perf_counter()
    clusters = run()
    return clusters, time.perf_counter() - start


def _polon(registry: Registry, threshold: float) -> Callable[[], list]:
    def run() -> list:
        result = deduplicate(registry.records, threshold=threshold)
        timings = ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items())
        print(f"  polon stages (s): {timings}", flush=True)
        return [cluster.ids for cluster in result.clusters]

    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.linkage", description=__doc__)
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated registry sizes"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--skip", default="", help="methods to skip: polon,exact,stock_splink")
    args = parser.parse_args(argv)
    logging.getLogger("splink").setLevel(logging.ERROR)  # the baseline's training chatter
    skip = set(filter(None, args.skip.split(",")))
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        start = time.perf_counter()
        registry = generate(size, seed=args.seed)
        print(
            f"{size:,} records, {registry.identities:,} identities, generated in "
            f"{time.perf_counter() - start:.1f} s",
            flush=True,
        )
        methods: list[tuple[str, str, Callable[[], list]]] = [
            ("polon", "polon (duckdb)", _polon(registry, args.threshold)),
            ("exact", "exact latin name + dob", lambda r=registry: baselines.exact(r.records)),
            (
                "stock_splink",
                "stock splink, raw names",
                lambda r=registry: baselines.stock_splink(r.records, args.threshold, args.seed),
            ),
        ]
        for key, name, run in methods:
            if key in skip:
                continue
            clusters, seconds = _timed(run)
            scores = pairwise(clusters, registry.truth)
            rows.append((size, name, scores, seconds))
            print(
                f"  {name:<26} P {scores['precision']:.4f}  R {scores['recall']:.4f}  "
                f"F1 {scores['f1']:.4f}  {seconds:8.1f} s  "
                f"({scores['predicted_pairs']:,} pairs predicted, {scores['true_pairs']:,} true)",
                flush=True,
            )
        del registry
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
        print(f"  peak memory of this process so far: {peak:.1f} GiB", flush=True)
    print()
    print(f"{'records':>9}  {'method':<26} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8}")
    for size, name, scores, seconds in rows:
        print(
            f"{size:>9,}  {name:<26} {scores['precision']:>9.4f} {scores['recall']:>7.4f} "
            f"{scores['f1']:>7.4f} {seconds:>8.1f}"
        )


if __name__ == "__main__":
    main()

"""From Splink's scored pairs to the result: the prior refitted, the threshold, the clusters.

Everything here runs in Python on the pairs a backend returns, so DuckDB and Spark share it
and differ only in the match weights they computed.

The prior (how likely two records picked at random are one person) sets where every
threshold falls, and it is the parameter Splink estimates least well: a deterministic rule
needs a guess of its recall, and EM inside a blocking rule overstates it. Once the pairs are
scored it can be refitted as a mixture weight: the expected number of true pairs is the sum
of the match probabilities, so the prior is the value at which that sum, over all pairs,
equals itself. Changing the prior shifts every match weight by the same amount, so the
refit needs no second pass through the backend.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from polon.registry.linkage.settings import COMPARISONS, reason

# Probabilities are rounded before the threshold, so that the last-bit differences between
# backends (log and pow in DuckDB and in the JVM) cannot move a pair across it.
DECIMALS = 9

Row = tuple[int, int, float, tuple[int, ...]]  # id_l, id_r, match weight, level per comparison


@dataclass(frozen=True, slots=True)
class LinkPair:
    """Two records judged to be one person, with the fields that agree."""

    id_l: int
    id_r: int
    match_probability: float
    reason: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """Records of one person: connected by pairs above the threshold."""

    ids: tuple[int, ...]
    min_probability: float
    mean_probability: float


def logit2(probability: float) -> float:
    return math.log2(probability / (1.0 - probability))


def probability(weight: float) -> float:
    """The match probability of a match weight (log2 odds), without overflow."""
    if weight >= 0:
        return 1.0 / (1.0 + 2.0**-weight)
    odds = 2.0**weight
    return odds / (1.0 + odds)


def fetch(scored: Any) -> list[Row]:
    """The rows of a Splink predictions table, with only the columns the result needs."""
    names = [f"gamma_{comparison.name}" for comparison in COMPARISONS]
    columns = ", ".join(["unique_id_l", "unique_id_r", "match_weight", *names])
    table = scored.query_sql(f"SELECT {columns} FROM {{this}}").as_pyarrow_table()
    data = table.to_pydict()
    gammas = list(zip(*(data[name] for name in names), strict=True))
    return [
        (int(left), int(right), float(weight), levels)
        for left, right, weight, levels in zip(
            data["unique_id_l"], data["unique_id_r"], data["match_weight"], gammas, strict=True
        )
    ]


def refit_prior(weights: list[float], prior: float, total_pairs: float) -> float:
    """The prior at which the expected number of true pairs equals prior × all pairs.

    ``weights`` were computed with ``prior``; pairs never scored (outside the blocking
    rules, or below the fetch threshold) count as non-matches. Weights are grouped to a
    hundredth of a bit, which is far below what moves a probability visibly.
    """
    histogram = Counter(round(weight, 2) for weight in weights)
    current = prior
    for _ in range(200):
        shift = logit2(current) - logit2(prior)
        expected = sum(n * probability(w + shift) for w, n in histogram.items())
        refitted = min(0.5, max(expected / total_pairs, 1e-12))
        if abs(refitted - current) <= 1e-7 * current:
            return refitted
        current = refitted
    return current


def pairs_above(rows: list[Row], threshold: float, shift: float = 0.0) -> list[LinkPair]:
    """The pairs whose probability, with the weights shifted by ``shift``, reaches the
    threshold, in id order."""
    names = [comparison.name for comparison in COMPARISONS]
    pairs = []
    for left, right, weight, levels in rows:
        p = round(probability(weight + shift), DECIMALS)
        if p >= threshold:
            pairs.append(LinkPair(left, right, p, reason(dict(zip(names, levels, strict=True)))))
    pairs.sort(key=lambda pair: (pair.id_l, pair.id_r))
    return pairs


def clusters(pairs: list[LinkPair]) -> list[Cluster]:
    """Connected components of the pairs, each with its lowest and mean pair probability.

    A union-find in Python: the pairs are here anyway, a million records take a second,
    and the clusters do not depend on which backend scored the pairs.
    """
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        a, b = root(pair.id_l), root(pair.id_r)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for node in parent:
        members.setdefault(root(node), []).append(node)
    edges: dict[int, list[float]] = {}
    for pair in pairs:
        edges.setdefault(root(pair.id_l), []).append(pair.match_probability)
    found = [
        Cluster(
            tuple(sorted(ids)),
            min(edges[top]),
            round(sum(edges[top]) / len(edges[top]), DECIMALS),
        )
        for top, ids in members.items()
    ]
    return sorted(found, key=lambda cluster: cluster.ids)

"""Deduplicate a registry, or link a new list to it: prepare, estimate, score, cluster.

The steps are Splink's own (register the table with a backend, build a ``Linker``, train,
predict); this module decides their order, the seeds and what comes back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow as pa
from splink import Linker

from polon.registry.linkage import engines, frequencies, scoring
from polon.registry.linkage.records import LinkRecord, prepare
from polon.registry.linkage.scoring import Cluster, LinkPair
from polon.registry.linkage.settings import (
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULE,
    TF_COLUMNS,
    TRAINING_RULES,
    Model,
    block,
    settings_dict,
)

SEED = 20220516  # the day the Azovstal garrison left the plant; any fixed number will do

# Below this many records there are too few non-matching pairs to estimate u and too few
# matches for EM to find: the priors are the model.
MIN_RECORDS_TO_ESTIMATE = 2000
U_SAMPLE_PAIRS = 3e6
EM_MAX_PAIRS = 1e6
# Pairs scored below this probability (with the first prior) are not fetched: they neither
# change the refitted prior visibly nor come near a threshold.
FETCH_PROBABILITY = 0.01


@dataclass
class LinkResult:
    """Pairs above the threshold, the clusters they make (two or more records) and the model.

    ``model`` can be passed back to ``deduplicate``/``link`` to score other data, or the
    same data on another backend, with exactly the same parameters.
    """

    pairs: list[LinkPair]
    clusters: list[Cluster]
    model: Model
    engine: str
    threshold: float
    timings: dict[str, float] = field(default_factory=dict)


def deduplicate(
    records: Iterable[LinkRecord],
    engine: str = "duckdb",
    threshold: float = 0.9,
    spark_master: str | None = None,
    *,
    model: Model | None = None,
    estimate: bool = True,
    seed: int = SEED,
    spark: Any = None,
) -> LinkResult:
    """Find the records of one registry that are the same person.

    ``model`` (from an earlier result) skips estimation; ``estimate=False`` uses the
    priors, as do registries under ``MIN_RECORDS_TO_ESTIMATE`` records. ``spark_master``
    is a Spark master URL (``local[2]`` by default); ``spark`` an existing SparkSession.
    """
    _check(engine, threshold)
    clock = _Clock()
    table = prepare(records)
    clock.lap("prepare")
    rows = table.num_rows
    with _quiet_splink(), _backend(engine, spark_master, spark) as api:
        frame = api.register(table, dataset_display_name="polon_records")
        linker, fitted = _trained_linker(frame, api, table, model, estimate, seed)
        clock.lap("estimate")

        def predict(floor: float) -> list[Any]:
            return [
                linker.inference.predict(threshold_match_probability=floor, warning_mode="never")
            ]

        pairs, fitted = _score(predict, fitted, model is None, rows * (rows - 1) / 2, threshold)
        clock.lap("score")
    found = scoring.clusters(pairs)
    clock.lap("cluster")
    return LinkResult(pairs, found, fitted, engine, threshold, clock.laps)


def link(
    new: Iterable[LinkRecord],
    existing: Iterable[LinkRecord],
    engine: str = "duckdb",
    threshold: float = 0.9,
    spark_master: str | None = None,
    *,
    model: Model | None = None,
    estimate: bool = True,
    seed: int = SEED,
    spark: Any = None,
) -> LinkResult:
    """Link a new list to the registry: new↔existing pairs, and duplicates within the list.

    This is Splink's *link and dedupe* without the registry's pairs among themselves: the
    registry was deduplicated when it was built, and scoring its records against each
    other again for every incoming list of fifty would cost a whole dedupe each time.
    Splink 5 scores exactly the pairs wanted with ``predict_between`` (new × registry) and
    ``predict_within`` (new × new); parameters and term frequencies come from both lists
    together. Ids must be unique across the two; in a new↔registry pair ``id_l`` is the new
    record.
    """
    _check(engine, threshold)
    clock = _Clock()
    new_table, existing_table = prepare(new), prepare(existing)
    overlap = set(new_table.column("unique_id").to_pylist()).intersection(
        existing_table.column("unique_id").to_pylist()
    )
    if overlap:
        raise ValueError(f"ids in both lists, e.g. {min(overlap)}; ids must be unique")
    both = pa.concat_tables([existing_table, new_table])
    clock.lap("prepare")
    n_new, n_old = new_table.num_rows, existing_table.num_rows
    with _quiet_splink(), _backend(engine, spark_master, spark) as api:
        frame = api.register(both, dataset_display_name="polon_all_records")
        new_frame = api.register(new_table, dataset_display_name="polon_new_records")
        old_frame = api.register(existing_table, dataset_display_name="polon_registry")
        linker, fitted = _trained_linker(frame, api, both, model, estimate, seed)
        clock.lap("estimate")

        def predict(floor: float) -> list[Any]:
            inference = linker.inference
            return [
                inference.predict_between(
                    new_frame, old_frame, threshold_match_probability=floor, warning_mode="never"
                ),
                inference.predict_within(
                    new_frame, threshold_match_probability=floor, warning_mode="never"
                ),
            ]

        total = n_new * n_old + n_new * (n_new - 1) / 2
        pairs, fitted = _score(predict, fitted, model is None, total, threshold)
        clock.lap("score")
    found = scoring.clusters(pairs)
    clock.lap("cluster")
    return LinkResult(pairs, found, fitted, engine, threshold, clock.laps)


def prior_match_probability(table: pa.Table) -> float:
    """A first guess of how likely two records picked at random are one person.

    The pairs that agree exactly on the deterministic rule, divided by the share of true
    pairs the rule is assumed to find, over all pairs; counted in Arrow, so every backend
    starts from the same number. It only sets which pairs are fetched: the prior is refitted
    on the scored pairs (``scoring.refit_prior``).
    """
    rows = table.num_rows
    total = rows * (rows - 1) / 2
    if total == 0:
        return 0.5
    keyed = table.select(list(DETERMINISTIC_RULE)).drop_null()
    counts = keyed.group_by(list(DETERMINISTIC_RULE)).aggregate([([], "count_all")])
    agreeing = sum(n * (n - 1) // 2 for n in counts.column("count_all").to_pylist())
    if agreeing == 0:
        return min(0.5, 1.0 / max(rows - 1, 1))
    return min(0.5, agreeing / DETERMINISTIC_RECALL / total)


def _check(engine: str, threshold: float) -> None:
    if engine not in engines.ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(engines.ENGINES)}")
    if not 0.0 < threshold < 1.0:
        raise ValueError("threshold must be a probability strictly between 0 and 1")


def _trained_linker(
    frame: Any, api: Any, table: pa.Table, model: Model | None, estimate: bool, seed: int
) -> tuple[Linker, Model]:
    """A Linker with parameters (the given model, the priors, or estimated from the data)
    and with its term frequencies registered."""
    dialect = api.sql_dialect.sql_dialect_str
    if model is None:
        model = _fitted_model(frame, dialect, table, estimate, seed)
    linker = Linker(frame, settings_dict(dialect, model), log_level=None)
    for column in TF_COLUMNS:
        counts = frequencies.term_frequencies(table, column, model.own_records.get(column, 0.0))
        registered = api.register(counts, dataset_display_name=f"polon_tf_{column}")
        linker.table_management.register_term_frequency_lookup(registered, column)
    return linker, model


def _fitted_model(frame: Any, dialect: str, table: pa.Table, estimate: bool, seed: int) -> Model:
    """The priors, or a model estimated on the data.

    u comes from seeded random sampling (pairs of random records are almost all different
    people), m from EM on two blocking rules that leave each other's comparisons free.
    """
    priors = Model.priors(prior_match_probability(table))
    model = priors
    if estimate and table.num_rows >= MIN_RECORDS_TO_ESTIMATE:
        linker = Linker(frame, settings_dict(dialect, priors), log_level=None)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=U_SAMPLE_PAIRS, seed=seed, min_count_per_level=None
        )
        for rule in TRAINING_RULES:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block(rule), estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
            )
        trained = Model.from_splink(linker.misc.save_model_to_json())
        model = replace(
            trained,
            probability_two_random_records_match=priors.probability_two_random_records_match,
        )
    prior, rows = model.probability_two_random_records_match, table.num_rows
    own = {
        column: frequencies.own_records(prior, rows, model.exact_share(column))
        for column in TF_COLUMNS
    }
    return replace(model, own_records=own)


def _score(
    predict: Callable[[float], list[Any]],
    model: Model,
    refit: bool,
    total_pairs: float,
    threshold: float,
) -> tuple[list[LinkPair], Model]:
    """Score, refit the prior (for a model fitted on this data), and keep the pairs above
    the threshold."""
    prior = model.probability_two_random_records_match
    floor = FETCH_PROBABILITY if refit else _just_below(threshold)
    rows = [row for frame in predict(floor) for row in scoring.fetch(frame)]
    if not refit:
        return scoring.pairs_above(rows, threshold), model
    refitted = scoring.refit_prior([row[2] for row in rows], prior, total_pairs)
    shift = scoring.logit2(refitted) - scoring.logit2(prior)
    needed = scoring.probability(scoring.logit2(threshold) - shift)
    if needed < floor:  # the refit raised the prior so far that lower pairs now count
        rows = [row for frame in predict(needed / 2) for row in scoring.fetch(frame)]
    fitted = replace(model, probability_two_random_records_match=refitted)
    return scoring.pairs_above(rows, threshold, shift), fitted


def _just_below(threshold: float) -> float:
    return max(threshold - 10.0 ** -(scoring.DECIMALS - 1), 0.0)


class _Clock:
    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.pop("total", None)
        self.laps[name] = now - self.last
        self.laps["total"] = now - self.start  # kept last
        self.last = now


@contextmanager
def _backend(engine: str, spark_master: str | None, spark: Any) -> Iterator[Any]:
    api = engines.database_api(engine, spark_master, spark)
    try:
        yield api
    finally:
        engines.close(api)


@contextmanager
def _quiet_splink() -> Iterator[None]:
    """Splink warns about every comparison level a training block cannot see, which is
    expected here (a block on the keys sees no disagreeing keys); keep errors only."""
    logger = logging.getLogger("splink")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)

"""The two baselines Polon's linkage is measured against, in the same run.

1. ``exact``: records are one person when their lower-cased Latin name (Cyrillic romanised
   with one simple letter table, words in the order written) and birth date are equal,
   which is what a spreadsheet lookup does.
2. ``stock_splink``: Splink as it comes: the stock ``NameComparison`` (Jaro-Winkler) on the
   first and last name as written, lower-cased (a full name is split at its first and last
   word), exact birth date, unit, rank and call sign, blocking on those values, trained the
   same way as Polon's model (u by seeded random sampling, m by EM, DuckDB).
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from polon.registry.linkage import LinkRecord

_SIMPLE_TABLE = (
    "а=a б=b в=v г=g ґ=g д=d е=e є=ye ж=zh з=z и=i і=i ї=yi й=y к=k л=l м=m н=n о=o п=p "
    "р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ь= ю=yu я=ya ы=y э=e ё=yo ъ="
)
_SIMPLE = dict(pair.split("=") for pair in _SIMPLE_TABLE.split())


def simple_latin(text: str) -> str:
    """Lower-cased Latin letters for any name: one plain table, no system, no folding."""
    return "".join(_SIMPLE.get(ch, ch) for ch in text.lower())


def _name(record: LinkRecord) -> str:
    if record.full_name:
        return record.full_name
    return " ".join(part for part in (record.given, record.surname) if part)


def exact(records: list[LinkRecord]) -> list[tuple[int, ...]]:
    """Clusters of records with the same simple-Latin name and the same birth date."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in records:
        groups[(simple_latin(_name(record)), record.date_of_birth or "")].append(record.id)
    return [tuple(ids) for ids in groups.values() if len(ids) > 1]


def _lower(text: str | None) -> str | None:
    return text.lower() if text else None


def _raw_table(records: list[LinkRecord]) -> pa.Table:
    """The names as written (lower-cased, as any pipeline would), a full name split at its
    first and last word; the other fields as they are."""
    columns: dict[str, list] = defaultdict(list)
    for record in records:
        first, last = _lower(record.given), _lower(record.surname)
        if not (first or last) and record.full_name:
            words = record.full_name.lower().split()
            first, last = words[0], words[-1] if len(words) > 1 else None
        columns["unique_id"].append(record.id)
        columns["first_name"].append(first)
        columns["surname"].append(last)
        columns["dob"].append(record.date_of_birth)
        columns["year"].append(record.date_of_birth[:4] if record.date_of_birth else None)
        columns["unit"].append(record.unit)
        columns["rank"].append(record.rank)
        columns["call_sign"].append(record.call_sign)
    return pa.Table.from_pydict(dict(columns))


def stock_splink(records: list[LinkRecord], threshold: float = 0.9, seed: int = 1) -> list:
    """Clusters from Splink with stock comparisons and raw-name blocking."""
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("dob"),
            cl.ExactMatch("unit"),
            cl.ExactMatch("rank"),
            cl.ExactMatch("call_sign"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "year"),
            block_on("first_name", "dob"),
            block_on("call_sign", "year"),
        ],
        retain_matching_columns=False,
    )
    api = DuckDBAPI(duckdb.connect(":memory:"))
    frame = api.register(_raw_table(records), dataset_display_name="raw")
    linker = Linker(frame, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=seed)
    for rule in (block_on("first_name", "surname"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=1e6
        )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    rows = clustered.query_sql("SELECT cluster_id, unique_id FROM {this}").as_pyarrow_table()
    members: dict[object, list[int]] = defaultdict(list)
    for cluster, record_id in zip(
        rows.column("cluster_id").to_pylist(), rows.column("unique_id").to_pylist(), strict=True
    ):
        members[cluster].append(int(record_id))
    api.duckdb_con.close()
    return [tuple(ids) for ids in members.values() if len(ids) > 1]

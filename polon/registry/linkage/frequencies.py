"""Term frequencies counted without the person's own records.

Splink's term-frequency adjustment takes the u probability of an exact match on a value to
be the value's share of all records. That counts the compared record itself and the other
records of the same person: a rare surname held by one captive who appears on three lists
has a share of 3/N, while the chance that an unrelated record carries it is close to 0.
In a registry where each person has a few records this makes rare names, the strongest
evidence there is, look three times commoner than they are. Here each value's count is
reduced by the record itself and by the expected number of the same person's other records
(the prior times N, as there is one such record per true pair), with a floor of half a
record; common names barely move.

The tables are computed in Arrow and registered with the backend, so DuckDB and Spark score
with the same numbers.
"""

from __future__ import annotations

import pyarrow as pa

FLOOR = 0.5  # records: a value seen only with its own person is still not impossible


def term_frequencies(table: pa.Table, column: str, own_records: float) -> pa.Table:
    """``column`` and ``tf_<column>``: each value's u probability for an exact match.

    ``own_records`` is the expected number of other records of the same person carrying
    the same value.
    """
    values = table.select([column]).drop_null()
    total = values.num_rows
    counts = values.group_by([column]).aggregate([([], "count_all")])
    denominator = max(total - 1, 1)
    shares = [
        max(count - 1.0 - own_records, FLOOR) / denominator
        for count in counts.column("count_all").to_pylist()
    ]
    return pa.table(
        {
            column: counts.column(column),
            f"tf_{column}": pa.array(shares, pa.float64()),
        }
    )


def own_records(prior: float, rows: int, exact_share: float) -> float:
    """Expected other records of one person that carry the same value of a column.

    ``prior × (rows − 1)`` is the expected number of other records of the same person;
    ``exact_share`` (the column's m probability of an exact match) of them agree on it.
    """
    return prior * max(rows - 1, 0) * exact_share

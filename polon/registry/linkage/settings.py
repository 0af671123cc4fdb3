"""What Splink compares and which pairs it looks at: comparisons, blocking rules, priors.

Every comparison works on the prepared key columns (see ``records``), never on raw text, so
Кожекін, Kozhekin and Кожекин are one value before Splink sees them. Each level carries a
prior m and u probability from what is known about captivity lists in general (not from the
benchmark): they are the starting point of expectation maximisation, and the whole model
when there are too few records to estimate one.

The settings are plain Splink dictionaries built per SQL dialect: the fuzzy functions are
called ``jaro_winkler_similarity`` in DuckDB and ``jaro_winkler`` in Spark (from the jar
shipped inside Splink), and that is the only difference between the two backends' SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Function names per dialect: (jaro-winkler similarity, damerau-levenshtein distance).
_FUNCTIONS = {
    "duckdb": ("jaro_winkler_similarity", "damerau_levenshtein"),
    "spark": ("jaro_winkler", "damerau_levenshtein"),
}

_SWAPPED = "surname_key_l = given_token_r AND given_token_l = surname_key_r"
_PARTIAL_DOB = (
    "(dob_l = dob_r AND length(dob_l) < 10)"
    " OR (length(dob_l) < length(dob_r) AND substr(dob_r, 1, length(dob_l)) = dob_l)"
    " OR (length(dob_r) < length(dob_l) AND substr(dob_l, 1, length(dob_r)) = dob_r)"
)
_DOB_TYPO = (
    "length(dob_l) = 10 AND length(dob_r) = 10 AND ({dl}(dob_l, dob_r) <= 1"
    " OR (dob_year_l = dob_year_r AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
    " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)))"
)


@dataclass(frozen=True)
class Level:
    """One comparison level: its SQL, the reason it gives, and its prior m and u."""

    sql: str
    m: float
    u: float
    reason: str | None = None
    tf_column: str | None = None
    null: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: tuple[Level, ...]


def _null(column: str) -> Level:
    return Level(f"{column}_l IS NULL OR {column}_r IS NULL", 1.0, 1.0, null=True)


def _else(m: float, u: float) -> Level:
    return Level("ELSE", m, u)


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "surname",
        "surname key (all alphabets and romanisations fold to one key)",
        (
            _null("surname_key"),
            Level("surname_key_l = surname_key_r", 0.82, 0.003, "surname", "surname_key"),
            Level(_SWAPPED, 0.03, 0.00001, "surname and given name swapped"),
            Level("{dl}(surname_key_l, surname_key_r) <= 1", 0.08, 0.002, "surname 1 edit"),
            Level("{jw}(surname_key_l, surname_key_r) >= 0.9", 0.03, 0.01, "surname similar"),
            _else(0.04, 0.985),
        ),
    ),
    Comparison(
        "given",
        "given-name key (Ukrainian and Russian forms share a class)",
        (
            _null("given_key"),
            Level("given_key_l = given_key_r", 0.85, 0.03, "given name", "given_key"),
            Level(_SWAPPED, 0.03, 0.00001, "given name and surname swapped"),
            Level("{dl}(given_token_l, given_token_r) <= 1", 0.05, 0.005, "given name 1 edit"),
            Level("{jw}(given_token_l, given_token_r) >= 0.9", 0.02, 0.01, "given name similar"),
            _else(0.05, 0.955),
        ),
    ),
    Comparison(
        "patronymic",
        "patronymic, keyed by the father's given name",
        (
            _null("patronymic_key"),
            Level("patronymic_key_l = patronymic_key_r", 0.85, 0.04, "patronymic"),
            Level(
                "{dl}(patronymic_token_l, patronymic_token_r) <= 2",
                0.08,
                0.01,
                "patronymic similar",
            ),
            _else(0.07, 0.95),
        ),
    ),
    Comparison(
        "dob",
        "date of birth, full or partial",
        (
            _null("dob"),
            Level("dob_l = dob_r AND length(dob_l) = 10", 0.8, 0.00007, "birth date"),
            Level(_PARTIAL_DOB, 0.1, 0.02, "birth date compatible (partial)"),
            Level(_DOB_TYPO, 0.04, 0.0005, "birth date 1 typo"),
            Level("dob_month_l = dob_month_r", 0.01, 0.002, "birth year and month"),
            Level("dob_year_l = dob_year_r", 0.02, 0.02, "birth year"),
            _else(0.03, 0.957),
        ),
    ),
    Comparison(
        "unit",
        "military unit (its number, or its name when it has none)",
        (
            _null("unit_key"),
            Level("unit_key_l = unit_key_r", 0.85, 0.03, "unit", "unit_key"),
            _else(0.15, 0.97),
        ),
    ),
    Comparison(
        "rank",
        "rank, one code across Ukrainian, Russian and English",
        (
            _null("rank_key"),
            Level("rank_key_l = rank_key_r", 0.75, 0.2, "rank", "rank_key"),
            _else(0.25, 0.8),
        ),
    ),
    Comparison(
        "call_sign",
        "call sign",
        (
            _null("call_sign_key"),
            Level("call_sign_key_l = call_sign_key_r", 0.85, 0.003, "call sign", "call_sign_key"),
            Level("{dl}(call_sign_key_l, call_sign_key_r) <= 1", 0.06, 0.003, "call sign 1 edit"),
            _else(0.09, 0.994),
        ),
    ),
)

# Which pairs are scored at all. Each rule is a list of columns that must be equal (for a
# ``*_near`` list column: share one element); a pair found by several rules is scored once.
# Together they survive a Cyrillic/Latin split (the keys), one typo in the surname or the
# given name (the deletion neighbourhoods ``*_near``, or the surname's head with a date),
# swapped name order (name_pair), a missing or partial birth date (surname + given) and a
# garbled name with a call sign. None of them joins on a column as common as a birth year
# alone, so the pair count grows with the duplicates, not with N².
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("surname_key", "given_key"),
    ("name_pair",),
    ("surname_key", "dob_year"),
    ("given_key", "dob_full"),
    ("surname_head", "given_key", "dob_year"),
    ("surname_head", "dob_full"),
    ("given_key", "surname_near"),
    ("surname_key", "given_near"),
    ("call_sign_key", "dob_year"),
    ("call_sign_key", "surname_head"),
)

# Blocking rules for expectation maximisation: each leaves the other comparisons free to be
# estimated (Splink fixes the comparisons whose columns the rule uses).
TRAINING_RULES: tuple[tuple[str, ...], ...] = (
    ("surname_key", "given_key"),
    ("dob",),
)

# The deterministic rule that gives a first estimate of how often two random records are
# the same person, and the share of true pairs it is assumed to find: exact keys and the
# same birth date, which in captivity lists (partial and missing dates, typos) is far from
# all. The estimate only decides which pairs are fetched; it is refitted on the scores.
DETERMINISTIC_RULE: tuple[str, ...] = ("surname_key", "given_key", "dob")
DETERMINISTIC_RECALL = 0.5


@dataclass
class Model:
    """The trained parameters, independent of the backend that estimated them.

    ``levels`` maps a comparison name to (m, u) per non-null level in order. Passing a
    model back into ``deduplicate`` or ``link`` skips estimation, which is how the Spark and
    DuckDB backends are made to score with exactly the same numbers.
    """

    probability_two_random_records_match: float
    levels: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    # per term-frequency column: the same person's other records discounted from each
    # value's count (see ``frequencies``); filled in when the model is fitted
    own_records: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "probability_two_random_records_match": self.probability_two_random_records_match,
            "levels": {name: [list(mu) for mu in values] for name, values in self.levels.items()},
            "own_records": dict(self.own_records),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(
            float(data["probability_two_random_records_match"]),
            {
                name: [(float(m), float(u)) for m, u in values]
                for name, values in data["levels"].items()
            },
            {name: float(value) for name, value in data.get("own_records", {}).items()},
        )

    def exact_share(self, tf_column: str) -> float:
        """The m probability of the level that is adjusted by ``tf_column``."""
        for comparison in COMPARISONS:
            scored = [level for level in comparison.levels if not level.null]
            for index, level in enumerate(scored):
                if level.tf_column == tf_column:
                    values = self.levels.get(comparison.name)
                    return values[index][0] if values else level.m
        raise KeyError(tf_column)

    @classmethod
    def priors(cls, probability_two_random_records_match: float) -> Model:
        return cls(
            probability_two_random_records_match,
            {
                comparison.name: [(lv.m, lv.u) for lv in comparison.levels if not lv.null]
                for comparison in COMPARISONS
            },
        )

    @classmethod
    def from_splink(cls, settings: dict[str, Any]) -> Model:
        """Read the parameters out of a trained Splink settings dictionary."""
        levels: dict[str, list[tuple[float, float]]] = {}
        for comparison in settings["comparisons"]:
            values = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                values.append((level["m_probability"], level["u_probability"]))
            levels[comparison["output_column_name"]] = values
        return cls(settings["probability_two_random_records_match"], levels)


TF_COLUMNS: tuple[str, ...] = tuple(
    level.tf_column for comparison in COMPARISONS for level in comparison.levels if level.tf_column
)


def _level_dict(level: Level, dialect: str, mu: tuple[float, float] | None) -> dict[str, Any]:
    jw, dl = _FUNCTIONS[dialect]
    out: dict[str, Any] = {
        "sql_condition": level.sql.format(jw=jw, dl=dl),
        "label_for_charts": level.reason or ("null" if level.null else "other"),
    }
    if level.null:
        out["is_null_level"] = True
        return out
    m, u = mu if mu is not None else (level.m, level.u)
    out["m_probability"] = m
    out["u_probability"] = u
    if level.tf_column:
        out["tf_adjustment_column"] = level.tf_column
        out["tf_adjustment_weight"] = 1.0
    return out


def _block(columns: tuple[str, ...]) -> dict[str, Any]:
    rule: dict[str, Any] = {"blocking_rule": " AND ".join(f"l.{c} = r.{c}" for c in columns)}
    arrays = [column for column in columns if column.endswith("_near")]
    if arrays:
        rule["arrays_to_explode"] = arrays
    return rule


def settings_dict(dialect: str, model: Model, link_type: str = "dedupe_only") -> dict[str, Any]:
    """A Splink settings dictionary for ``dialect`` ("duckdb" or "spark") with ``model``."""
    comparisons = []
    for comparison in COMPARISONS:
        values = iter(model.levels.get(comparison.name, []))
        levels = [
            _level_dict(level, dialect, None if level.null else next(values, None))
            for level in comparison.levels
        ]
        comparisons.append(
            {
                "output_column_name": comparison.name,
                "comparison_description": comparison.description,
                "comparison_levels": levels,
            }
        )
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": model.probability_two_random_records_match,
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": [_block(rule) for rule in BLOCKING_RULES],
        # Splink keeps the comparison levels (gamma_*), which the reasons are made from,
        # only with the matching columns
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 20,
        "em_convergence": 0.0001,
    }


def block(columns: tuple[str, ...]) -> str:
    """A blocking rule as Splink SQL: all ``columns`` equal on both sides."""
    return _block(columns)["blocking_rule"]


def reason(gammas: dict[str, int]) -> str:
    """A short human reason from a pair's comparison levels ("surname, given name, unit").

    Splink numbers the levels of a comparison from the least similar (0, the else level) up
    and gives the null level -1; our levels are listed from the most similar down.
    """
    parts = []
    for comparison in COMPARISONS:
        gamma = gammas.get(comparison.name)
        if gamma is None or gamma <= 0:
            continue
        scored = [level for level in comparison.levels if not level.null]
        level = scored[len(scored) - 1 - gamma]
        if level.reason:
            parts.append(level.reason)
    return ", ".join(parts) if parts else "no field agrees"

"""Record linkage: invented persons written the ways lists and reports write them.

Every person here is invented for the tests. The small registries run on the priors (too few
records to estimate a model); the generated ones run the whole estimation.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from dataclasses import replace

import pytest

from bench.linkage.__main__ import pairwise
from bench.linkage.generator import generate
from polon.registry.linkage import LinkRecord, Model, deduplicate, link, settings

HAS_SPARK = importlib.util.find_spec("pyspark") is not None

# People who only fill the registry, so that term frequencies look like a registry's.
FILLERS = [
    ("Гнатюк", "Тарас", "1979-02-11"),
    ("Мельничук", "Ярослав", "1990-12-01"),
    ("Savchuk", "Bohdan", "1987-06-30"),
    ("Литвиненко", "Олег", "1993-09-17"),
    ("Бондар", "Віталій", "1976-04-04"),
    ("Ostapenko", "Denys", "1999-01-25"),
    ("Кушнір", "Роман", "1984-08-08"),
    ("Гордієнко", "Артем", "1995-03-19"),
    ("Тарасюк", "Василь", "1969-11-02"),
    ("Hrytsenko", "Mykola", "1991-07-07"),
    ("Панченко", "Ігор", "1982-10-29"),
    ("Сидорчук", "Максим", "2000-05-05"),
]


def _fillers(start: int) -> list[LinkRecord]:
    return [
        LinkRecord(start + i, surname=surname, given=given, date_of_birth=dob)
        for i, (surname, given, dob) in enumerate(FILLERS)
    ]


KOZHEKIN = [
    LinkRecord(
        1,
        surname="Кожекін",
        given="Костянтин",
        patronymic="Олександрович",
        date_of_birth="1985-03-14",
        unit="12 бригада спеціального призначення Азов",
        rank="старший лейтенант",
    ),
    LinkRecord(2, full_name="Kozhekin Kostiantyn", date_of_birth="1985-03-14", rank="captain"),
    LinkRecord(3, full_name="Konstantin Kozhekin", date_of_birth="1985-03-14"),
    LinkRecord(
        4,
        full_name="Кожекин Константин Александрович",
        date_of_birth="1985-03-14",
        unit="12-я бригада специального назначения Азов",
    ),
]
KOVALENKOS = [
    LinkRecord(5, surname="Коваленко", given="Андрій", date_of_birth="1990-01-02"),
    LinkRecord(6, surname="Коваленко", given="Андрій", date_of_birth="1978-11-23"),
]


def _generated(count: int, start: int) -> list[LinkRecord]:
    """Generated fillers with ids from ``start``: a few hundred other people."""
    return [replace(r, id=start + r.id) for r in generate(count, seed=99).records]


def _cluster_of(result, record_id: int) -> tuple[int, ...]:
    for cluster in result.clusters:
        if record_id in cluster.ids:
            return cluster.ids
    return (record_id,)


def test_one_person_in_four_spellings_is_one_cluster_and_namesakes_are_not():
    result = deduplicate([*KOZHEKIN, *KOVALENKOS, *_fillers(100)])
    assert _cluster_of(result, 1) == (1, 2, 3, 4)
    assert _cluster_of(result, 5) == (5,)
    assert _cluster_of(result, 6) == (6,)
    assert len(result.clusters) == 1
    cluster = result.clusters[0]
    assert 0.9 <= cluster.min_probability <= cluster.mean_probability <= 1.0
    for pair in result.pairs:
        assert pair.id_l < pair.id_r
        assert "surname" in pair.reason


def test_a_partial_birth_date_is_compatible_with_a_full_one_and_a_wrong_year_is_not():
    records = [
        LinkRecord(1, surname="Дзюбенко", given="Олесь", date_of_birth="1988-07-21"),
        LinkRecord(2, full_name="Oles Dziubenko", date_of_birth="1988"),
        LinkRecord(3, full_name="Oles Dziubenko", date_of_birth="1988-07"),
        LinkRecord(4, surname="Дзюбенко", given="Олесь", date_of_birth="1979"),
        *_generated(400, 1000),
    ]
    result = deduplicate(records)
    assert _cluster_of(result, 1) == (1, 2, 3)
    assert _cluster_of(result, 4) == (4,)
    reasons = {(pair.id_l, pair.id_r): pair.reason for pair in result.pairs}
    assert "birth date compatible (partial)" in reasons[(1, 2)]


def test_link_finds_the_registry_records_of_a_new_list_and_its_own_duplicates():
    registry = [*KOVALENKOS, *_fillers(100)]
    new = [
        LinkRecord(1001, full_name="Andrii Kovalenko", date_of_birth="1990-01-02"),
        LinkRecord(1002, full_name="Taras Hnatiuk", date_of_birth="1979-02-11"),
        LinkRecord(1003, surname="Шевчишин", given="Юрій", date_of_birth="1992-02-02"),
        LinkRecord(1004, full_name="Yurii Shevchyshyn", date_of_birth="1992-02-02"),
    ]
    result = link(new, registry)
    found = {(pair.id_l, pair.id_r) for pair in result.pairs}
    assert (1001, 5) in found
    assert (1001, 6) not in found
    assert (1002, 100) in found
    assert (1003, 1004) in found
    assert all(pair.id_l >= 1000 for pair in result.pairs)  # never two registry records


def test_link_refuses_ids_present_in_both_lists():
    with pytest.raises(ValueError, match="unique"):
        link([LinkRecord(5, full_name="Andrii Kovalenko")], KOVALENKOS)


@pytest.fixture(scope="module")
def estimated():
    """A generated registry just big enough to estimate a model on, and its result."""
    registry = generate(2000, seed=11)
    return registry, deduplicate(registry.records)


def test_deduplicate_estimates_a_model_and_is_deterministic(estimated):
    registry, first = estimated
    second = deduplicate(registry.records)
    assert [c.ids for c in first.clusters] == [c.ids for c in second.clusters]
    assert [(p.id_l, p.id_r) for p in first.pairs] == [(p.id_l, p.id_r) for p in second.pairs]
    assert first.model.levels != Model.priors(1e-4).levels  # estimated, not the priors
    scores = pairwise([c.ids for c in first.clusters], registry.truth)
    assert scores["precision"] > 0.95 and scores["recall"] > 0.85


def test_a_model_round_trips_and_scores_the_same(estimated):
    registry, first = estimated
    again = deduplicate(registry.records, model=Model.from_dict(first.model.to_dict()))
    assert [c.ids for c in again.clusters] == [c.ids for c in first.clusters]


def test_the_generator_is_seeded_and_its_truth_is_consistent():
    one, same, other = generate(2000, seed=3), generate(2000, seed=3), generate(2000, seed=4)
    assert one.records == same.records and one.truth == same.truth
    assert one.records != other.records
    assert [r.id for r in one.records] == list(range(1, 2001))
    sizes = {}
    for owner in one.truth:
        sizes[owner] = sizes.get(owner, 0) + 1
    assert max(sizes.values()) <= 4
    # records of one identity agree on the birth year, bar the generator's date typos
    years: dict[int, set[str]] = {}
    for record in one.records:
        if record.date_of_birth:
            years.setdefault(one.truth[record.id - 1], set()).add(record.date_of_birth[:4])
    agreeing = sum(1 for found in years.values() if len(found) == 1)
    assert agreeing / len(years) > 0.97


def test_importing_linkage_does_not_import_pyspark():
    code = (
        "import sys; sys.modules['pyspark'] = None\n"
        "import polon.registry.linkage as linkage\n"
        "assert linkage.deduplicate\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_unknown_engine_or_threshold_is_refused():
    with pytest.raises(ValueError, match="engine"):
        deduplicate(KOVALENKOS, engine="sqlite")
    with pytest.raises(ValueError, match="threshold"):
        deduplicate(KOVALENKOS, threshold=1.0)


@pytest.mark.spark
@pytest.mark.skipif(not HAS_SPARK, reason="pyspark is not installed")
def test_spark_gives_the_same_clusters_as_duckdb_on_ten_thousand_records():
    """Both backends score with one fixed model, so they compute the same thing (estimation
    samples with each engine's own hash function); probabilities are rounded before the
    threshold, so float noise between the engines cannot move a pair across it."""
    registry = generate(10_000, seed=2)
    model = replace(Model.priors(2e-4), own_records={column: 1.0 for column in settings.TF_COLUMNS})
    duck = deduplicate(registry.records, model=model)
    spark = deduplicate(registry.records, engine="spark", model=model)
    assert len(duck.clusters) > 2000
    assert [c.ids for c in spark.clusters] == [c.ids for c in duck.clusters]
    assert [(p.id_l, p.id_r) for p in spark.pairs] == [(p.id_l, p.id_r) for p in duck.pairs]

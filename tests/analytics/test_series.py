"""Figures over time for a group, and the best estimate with the rule that chose it."""

from __future__ import annotations

import datetime as dt

import pytest

from polon.analytics.series import MAIN_GROUP, group_names, series
from polon.ledger import Ledger
from tests.analytics.conftest import report


def _series(ledger: Ledger, group: str = MAIN_GROUP, **options) -> dict:
    with ledger.session() as session:
        return series(session, group, **options)


def test_seed_series_of_servicemen_held(seeded: Ledger):
    found = _series(seeded)
    points = {(p["as_of"], p["stated"], p["label"]): p for p in found["points"]}
    june = points[("2022-06-06", "more than 2,500", "Mariupol defenders")]
    september = points[("2022-09-25", "2,500", "Ukrainian POWs")]
    [later] = [p for p in found["points"] if p["value"] == 3574]
    assert [s["publisher"] for s in june["sources"]] == ["The New Voice of Ukraine"]
    assert [s["publisher"] for s in september["sources"]] == ["The Kyiv Independent"]
    assert [s["publisher"] for s in later["sources"]] == ["The New Voice of Ukraine"]
    assert june["subgroup"] and not september["subgroup"] and not later["subgroup"]
    # the report of 3,574 is undated; it speaks from about January 2024, which it shows by
    # "almost 20 months" of captivity after the surrender of 16 May 2022
    assert later["as_of"] == "2024-01" and later["date_inferred"]
    assert "almost 20 months" in later["date_basis"]
    order = [p["value"] for p in found["points"] if not p["subgroup"]]
    assert order == [2500, 3574]
    assert all(p["claims"] and p["claims"][0]["evidence"] for p in found["points"])


def test_seed_best_estimate_and_rule(seeded: Ledger):
    estimate = _series(seeded)["estimate"]
    assert (estimate["value"], estimate["as_of"]) == (3574, "2024-01")
    assert "latest figure stated for the group itself" in estimate["rule"]
    assert "inferred" in estimate["rule"]
    assert estimate["sources"][0]["publisher"] == "The New Voice of Ukraine"
    # as of October 2022 the later report does not exist yet
    earlier = _series(seeded, as_of=dt.date(2022, 10, 1))["estimate"]
    assert (earlier["value"], earlier["as_of"]) == (2500, "2022-09-25")


@pytest.mark.parametrize(
    "name", ["Ukrainian POWs", "ukrainian-servicemen", "the Ukrainian soldiers"]
)
def test_any_name_of_the_group_gives_the_same_series(seeded: Ledger, name: str):
    assert _series(seeded, name)["points"] == _series(seeded)["points"]


def test_subgroups_can_be_left_out(seeded: Ledger):
    found = _series(seeded, subgroups=False)
    assert {p["label"] for p in found["points"]} == {"Ukrainian POWs", "Ukrainian servicemen"}
    azov = _series(seeded, "Azov Regiment")
    assert [(p["stated"], p["subgroup"]) for p in azov["points"]] == [("more than 700", False)]


def test_group_names(seeded: Ledger):
    with seeded.session() as session:
        names = {g["name"]: g["figures"] for g in group_names(session)}
    assert names == {
        MAIN_GROUP: 2,
        "Mariupol defenders": 1,
        "Azov Regiment servicemen": 1,
    }


def test_most_cited_figure_wins_on_the_latest_date(ledger: Ledger):
    report(
        ledger,
        "Monitor one\n\nOn March 1, 2023 Russia held 3,000 Ukrainian POWs.",
        "2023-03-02",
        "a.txt",
    )
    report(
        ledger,
        "Monitor two\n\nOn March 1, 2023 Russia held 3,000 Ukrainian soldiers.",
        "2023-03-03",
        "b.txt",
    )
    report(
        ledger,
        "Monitor three\n\nOn March 1, 2023 Russia held about 3,100 Ukrainian servicemen.",
        "2023-03-04",
        "c.txt",
    )
    estimate = _series(ledger)["estimate"]
    assert (estimate["value"], estimate["qualifier"], len(estimate["sources"])) == (
        3000,
        "exact",
        2,
    )
    assert "3 figures share that date" in estimate["rule"]


def test_subgroup_larger_than_the_estimate_is_said(ledger: Ledger):
    report(
        ledger,
        "Bulletin\n\nOn May 2, 2023 Russia held 1,000 Ukrainian POWs.",
        "2023-05-03",
        "a.txt",
    )
    report(
        ledger,
        "Bulletin two\n\nOn May 2, 2023 Russia held more than 1,500 Mariupol defenders.",
        "2023-05-04",
        "b.txt",
    )
    estimate = _series(ledger)["estimate"]
    assert estimate["value"] == 1000
    assert "subgroup figure (more than 1,500 Mariupol defenders) exceeds it" in estimate["rule"]


def test_no_figures_no_estimate(ledger: Ledger):
    found = _series(ledger)
    assert found["points"] == [] and found["estimate"] is None

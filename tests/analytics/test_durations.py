"""Time in captivity per person and per group."""

import datetime as dt

import pytest

from polon.analytics.durations import group_durations, in_words, person_duration
from polon.ledger import Ledger
from polon.registry.registry import Registry


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"), (13, "13 days"), (20, "2 weeks"), (62, "2 months"),
        (70, "more than 2 months"), (604, "almost 20 months"), (609, "20 months"),
        (660, "more than 21 months"), (1100, "3 years"), (1200, "more than 3 years"),
        (1390, "almost 4 years"),
    ],
)  # fmt: skip
def test_in_words(days, words):
    assert in_words(days) == words


def test_seed_azovstal_almost_20_months_in_january_2024(seeded: Ledger):
    with seeded.session() as session:
        [azovstal] = group_durations(session, dt.date(2024, 1, 10))
        assert group_durations(session, dt.date(2022, 5, 1)) == []
    assert azovstal["since"] == "2022-05-16" and azovstal["count"] == 2449
    assert "Azovstal" in azovstal["group"]
    assert azovstal["words"] == "almost 20 months"


LIST = "ID,Last name,First name,Status,Date\n{rows}"


def test_person_durations_from_list_statuses(ledger: Ledger, tmp_path):
    first = tmp_path / "captured.csv"
    first.write_text(LIST.format(rows="A-1,Melnyk,Petro,captured,2022-05-16\n"
                                      "A-2,Tkachenko,Ivan,captured,2022-05-20\n"))  # fmt: skip
    second = tmp_path / "released.csv"
    second.write_text(LIST.format(rows="A-1,Melnyk,Petro,released,2022-09-21\n"))
    registry = Registry(ledger)
    registry.import_list(first, "tester")
    registry.import_list(second, "tester")
    ids = {}
    for person in ledger.read("persons"):
        ids.setdefault(person["name"], []).append(person["id"])
    with ledger.session() as session:
        # the two lists' records of Petro Melnyk are two persons until a reviewer merges them
        assert person_duration(session, ids["Petro Melnyk"][0], dt.date(2024, 1, 1))["still_held"]
    kept = registry.merge(ids["Petro Melnyk"], "tester", reason="same service number")
    with ledger.session() as session:
        returned = person_duration(session, kept, dt.date(2024, 1, 1))
        [tkachenko] = ids["Ivan Tkachenko"]
        held = person_duration(session, tkachenko, dt.date(2024, 1, 1))
        before = person_duration(session, tkachenko, dt.date(2022, 5, 1))
    assert (returned["days"], returned["still_held"], returned["ended_by"]) == (
        128,
        False,
        "released",
    )
    assert (held["since"], held["still_held"], held["words"]) == (
        "2022-05-20",
        True,
        "more than 19 months",
    )
    assert before is None

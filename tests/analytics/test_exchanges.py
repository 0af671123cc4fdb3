"""Exchange statistics: per year, cumulative, mediators, gaps, time since a major one."""

import datetime as dt

import pytest

from polon.analytics.exchanges import exchange_stats, months_between
from polon.ledger import Ledger
from tests.analytics.conftest import report

SWAPS = [
    ("On 7 January 2023 Ukraine brought home 50 servicemen in a swap mediated by the "
     "United Arab Emirates.", "2023-01-08"),
    ("On 4 February 2023 Ukraine brought home 116 servicemen in a swap.", "2023-02-05"),
    ("On 7 August 2023 Ukraine brought home 22 servicemen in a swap.", "2023-08-08"),
]  # fmt: skip


def _stats(ledger: Ledger, as_of: dt.date, **options) -> dict:
    with ledger.session() as session:
        return exchange_stats(session, as_of, **options)


def test_seed_exchange(seeded: Ledger):
    stats = _stats(seeded, dt.date(2024, 1, 15))
    [swap] = stats["exchanges"]
    assert (swap["date"], swap["returned"], swap["cumulative"]) == ("2022-09-21", 215, 215)
    assert {(g["label"], g["count"]) for g in swap["groups"]} >= {
        ("Mariupol defenders", 188),
        ("Azov Regiment", 108),
    }
    assert stats["per_year"] == [{"year": 2022, "exchanges": 1, "returned": 215, "cumulative": 215}]
    assert stats["months_without_major"] == 15
    assert stats["statement"].startswith("No major exchange (100 or more returned) for 15 months")


def test_years_gaps_mediators_and_majors(ledger: Ledger):
    for n, (text, published) in enumerate(SWAPS):
        report(ledger, f"Statement\n\n{text}", published, f"s{n}.txt")
    stats = _stats(ledger, dt.date(2024, 1, 1))
    assert [e["returned"] for e in stats["exchanges"]] == [50, 116, 22]
    assert [e["cumulative"] for e in stats["exchanges"]] == [50, 166, 188]
    assert stats["per_year"] == [{"year": 2023, "exchanges": 3, "returned": 188, "cumulative": 188}]
    assert [g["days"] for g in stats["gaps"]] == [28, 184]
    assert stats["longest_gap"] == {"from": "2023-02-04", "to": "2023-08-07", "days": 184}
    assert stats["mediators"] == [{"name": "United Arab Emirates", "exchanges": 1}]
    assert stats["last_major"] == {"date": "2023-02-04", "returned": 116}
    assert stats["months_without_major"] == 10
    # as of an earlier day, later exchanges do not exist yet
    early = _stats(ledger, dt.date(2023, 1, 31))
    assert [e["returned"] for e in early["exchanges"]] == [50]
    assert early["last_major"] is None and "No exchange of 100 or more" in early["statement"]
    assert _stats(ledger, dt.date(2024, 1, 1), major=20)["last_major"]["date"] == "2023-08-07"


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ((2022, 5, 16), (2022, 6, 15), 0),
        ((2022, 5, 16), (2022, 6, 16), 1),
        ((2022, 9, 21), (2024, 1, 15), 15),
        ((2023, 1, 31), (2023, 2, 28), 0),
    ],
)
def test_months_between(start, end, months):
    assert months_between(dt.date(*start), dt.date(*end)) == months

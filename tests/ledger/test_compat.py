"""When two stated figures can both be true: a table of qualifier pairs."""

import datetime as dt

import pytest

from polon.ledger.compat import compatible, dates_overlap


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((2500, "more_than"), (2500, "exact"), True),  # a round 2,500 is itself rounded
        ((2500, "exact"), (3574, "exact"), False),
        ((2449, "exact"), (2449, "exact"), True),
        ((2449, "exact"), (2450, "exact"), False),  # precise numbers must agree exactly
        ((700, "more_than"), (3574, "exact"), True),
        ((700, "more_than"), (650, "exact"), False),
        ((300, "about"), (320, "exact"), True),
        ((300, "about"), (400, "exact"), False),
        ((100, "up_to"), (120, "at_least"), False),
        ((100, "up_to"), (100, "at_least"), True),
        ((2000, "exact"), (8000, "about"), False),
        ((1950, "more_than"), (2000, "exact"), True),
        ((55, None), (55, "exact"), True),
    ],
)
def test_compatible(a, b, expected):
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


D = dt.date


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((D(2022, 9, 25), "day"), (D(2022, 9, 25), "day"), True),
        ((D(2022, 9, 25), "day"), (D(2022, 9, 26), "day"), False),
        ((D(2022, 9, 1), "month"), (D(2022, 9, 25), "day"), True),
        ((D(2022, 5, 1), "month"), (D(2022, 6, 6), "day"), False),
        ((D(2022, 1, 1), "year"), (D(2022, 12, 31), "day"), True),
        ((D(2022, 2, 1), "month"), (D(2022, 2, 28), "day"), True),
        ((None, None), (D(2022, 9, 25), "day"), False),  # unknown dates never overlap
        ((None, None), (None, None), False),
    ],
)
def test_dates_overlap(a, b, expected):
    assert dates_overlap(a, b) is expected

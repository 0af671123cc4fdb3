"""When two stated numbers can both be true.

A stated figure is a range, not a point: "more than 2,500" is (2500, ∞), "about 300" is
300 ± 10 %, and a round "2,500" is itself a rounding, so it gets ± 5 %. Two figures are
compatible when their ranges meet; only incompatible ones become discrepancies, which keeps
"more than 2,500" beside "2,500" quiet while "2,500" beside "3,574" on one date is flagged.
"""

from __future__ import annotations

import datetime as dt
import math

ROUND_TOLERANCE = 0.05
ABOUT_TOLERANCE = 0.10


_WORDS = {"more_than": "more than ", "about": "about ", "at_least": "at least ", "up_to": "up to "}


def stated(value: int, qualifier: str | None) -> str:
    """A figure in words as a source would put it: "more than 2,500"."""
    return f"{_WORDS.get(qualifier or 'exact', '')}{value:,}"


def value_range(value: int, qualifier: str | None) -> tuple[float, float]:
    """The closed range of true values that a stated figure allows."""
    match qualifier or "exact":
        case "more_than":
            return (value + 0.5, math.inf)
        case "at_least":
            return (float(value), math.inf)
        case "up_to":
            return (0.0, float(value))
        case "about":
            return (value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE))
        case _:
            if value >= 100 and value % 100 == 0:
                return (value * (1 - ROUND_TOLERANCE), value * (1 + ROUND_TOLERANCE))
            return (float(value), float(value))


def compatible(a: tuple[int, str | None], b: tuple[int, str | None]) -> bool:
    """True when figures ``(value, qualifier)`` ``a`` and ``b`` can both hold."""
    lo_a, hi_a = value_range(*a)
    lo_b, hi_b = value_range(*b)
    return lo_a <= hi_b and lo_b <= hi_a


def date_range(day: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """The days a date of the given precision may stand for."""
    if precision == "year":
        return (day.replace(month=1, day=1), day.replace(month=12, day=31))
    if precision == "month":
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (day.replace(day=1), following - dt.timedelta(days=1))
    return (day, day)


def dates_overlap(
    a: tuple[dt.date | None, str | None], b: tuple[dt.date | None, str | None]
) -> bool:
    """Whether two (date, precision) pairs can name the same day; unknown dates never do."""
    if a[0] is None or b[0] is None:
        return False
    lo_a, hi_a = date_range(*a)
    lo_b, hi_b = date_range(*b)
    return lo_a <= hi_b and lo_b <= hi_a

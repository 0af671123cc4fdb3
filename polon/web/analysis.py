"""The analysis page and its API twins: figures over time, exchanges, promises, durations.

Each route calls one ``polon.analytics`` function, the same the CLI and the printed brief
call, with ``as_of`` taken from the query string. Who came home in each exchange is personal
data and is added only for roles that may read persons.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from polon.analytics import durations, exchanges, promises, series
from polon.ledger.accounts import Principal
from polon.registry.views import sees_personal
from polon.web.auth import authorize
from polon.web.pages import ledger_of, render

router = APIRouter()
AS_OF = Query(None, description="as of this day (default: today)")


def _day(as_of: dt.date | None) -> dt.date:
    return as_of or dt.date.today()


def _read(request: Request, read: Any, *args: Any) -> Any:
    with ledger_of(request).session() as session:
        return read(session, *args)


@router.get("/api/v1/analysis/groups", name="api_analysis_groups", tags=["analysis"])
def groups(request: Request, measure: str = "held") -> list[dict[str, Any]]:
    """The groups figures are stated about, under any of their names, the most stated first."""
    return _read(request, series.group_names, measure)


@router.get("/api/v1/analysis/series", name="api_analysis_series", tags=["analysis"])
def figure_series(
    request: Request,
    group: str = series.MAIN_GROUP,
    measure: str = "held",
    subgroups: bool = True,
    as_of: dt.date | None = AS_OF,
) -> dict[str, Any]:
    """Every stated figure about a group over time, and the best estimate with its rule."""
    return _read(request, series.series, group, measure, subgroups, _day(as_of))


@router.get("/api/v1/analysis/exchanges", name="api_analysis_exchanges", tags=["analysis"])
def exchange_stats(
    request: Request,
    as_of: dt.date | None = AS_OF,
    major: int = Query(100, ge=1),
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    """Exchanges per year and cumulative, mediators, gaps, the time since a major one."""
    personal = sees_personal(principal.role)
    return _read(request, exchanges.exchange_stats, _day(as_of), major, personal)


@router.get("/api/v1/analysis/promises", name="api_analysis_promises", tags=["analysis"])
def promise_outcomes(request: Request, as_of: dt.date | None = AS_OF) -> dict[str, Any]:
    """Promises with their deadline window and derived outcome, and exchange conditions."""
    day = _day(as_of)
    return {
        "promises": _read(request, promises.promise_outcomes, day),
        "conditions": _read(request, promises.condition_outcomes, day),
    }


@router.get("/api/v1/analysis/durations", name="api_analysis_durations", tags=["analysis"])
def group_durations(request: Request, as_of: dt.date | None = AS_OF) -> list[dict[str, Any]]:
    """Time in captivity of the people of each surrender or capture."""
    return _read(request, durations.group_durations, _day(as_of))


@router.get("/analysis", name="analysis_page", include_in_schema=False)
def analysis_page(
    request: Request,
    group: str = series.MAIN_GROUP,
    as_of: str = "",
) -> Response:
    """The analysis page: aggregates only, so every role reads it (no person is named).
    The form sends an empty ``as_of`` when the date is cleared: that means today."""
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError as error:
        raise HTTPException(422, "as_of: a day as YYYY-MM-DD") from error
    with ledger_of(request).session() as session:
        context = {
            "as_of": day.isoformat(),
            "groups": series.group_names(session),
            "series": series.series(session, group, as_of=day),
            "exchanges": exchanges.exchange_stats(session, day, persons=False),
            "promises": promises.promise_outcomes(session, day),
            "conditions": promises.condition_outcomes(session, day),
            "durations": durations.group_durations(session, day),
        }
    return render(request, "analysis.html", context)

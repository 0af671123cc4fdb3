"""``polon analysis``: figures over time, exchange statistics, promises and durations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.text import Text

from polon.analytics import durations, exchanges, promises, series
from polon.cli_common import JsonOption, open_ledger, out, print_json
from polon.terminal import _table, source_label

analysis_app = typer.Typer(
    no_args_is_help=True,
    help="Answers from the ledger: figures over time, exchanges, promises, durations.",
)

AsOf = Annotated[
    dt.datetime | None,
    typer.Option("--as-of", formats=["%Y-%m-%d"], help="As of this day (default: today)."),
]
Measure = Annotated[str, typer.Option(help="What the figures count: held, missing, …")]


def _day(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.date.today()


def _read(ctx: typer.Context, read: Any, *args: Any) -> Any:
    with open_ledger(ctx) as ledger, ledger.session() as session:
        return read(session, *args)


def _cites(sources: list[dict[str, Any]]) -> str:
    return "\n".join(source_label(s) for s in sources)


@analysis_app.command("groups")
def groups_command(
    ctx: typer.Context, measure: Measure = "held", as_json: JsonOption = False
) -> None:
    """The groups figures are stated about, under any of their names."""
    rows = _read(ctx, series.group_names, measure)
    if as_json:
        return print_json(rows)
    table = _table(f"Groups with figures ({measure})", ["group", "key", "figures"])
    for row in rows:
        table.add_row(row["name"], row["key"], str(row["figures"]))
    out.print(table)


@analysis_app.command("series")
def series_command(
    ctx: typer.Context,
    group: Annotated[str, typer.Argument(help="A group's name, alias or key.")] = series.MAIN_GROUP,
    measure: Measure = "held",
    subgroups: Annotated[bool, typer.Option(help="Show subgroups' figures as bounds.")] = True,
    as_of: AsOf = None,
    as_json: JsonOption = False,
) -> None:
    """Every stated figure about a group over time, and the best current estimate."""
    found = _read(ctx, lambda s: series.series(s, group, measure, subgroups, _day(as_of)))
    if as_json:
        return print_json(found)
    table = _table(found["group"], ["as of", "figure", "as the source put it", "sources"])
    for p in found["points"]:
        when = (p["as_of"] or "undated") + (" (inferred)" if p["date_inferred"] else "")
        words = p["label"] + (" — subgroup, a lower bound" if p["subgroup"] else "")
        words += " — in a discrepancy" if p["discrepancy"] else ""
        table.add_row(when, p["stated"], words, _cites(p["sources"]))
    estimate = found["estimate"]
    note = (
        f"Best estimate: {estimate['stated']} as of {estimate['as_of']}. Rule: {estimate['rule']}"
        if estimate
        else "No figure is stated for the group itself."
    )
    out.print(Group(table, Text(note)))


@analysis_app.command("exchanges")
def exchanges_command(
    ctx: typer.Context,
    as_of: AsOf = None,
    major: Annotated[int, typer.Option(help="Returned people for a major exchange.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """Exchanges per year and cumulative, mediators, gaps, and the time since a major one."""
    stats = _read(ctx, lambda s: exchanges.exchange_stats(s, _day(as_of), major))
    if as_json:
        return print_json(stats)
    years = _table("Exchanges per year", ["year", "exchanges", "returned", "cumulative"])
    for y in stats["per_year"]:
        years.add_row(
            str(y["year"]), str(y["exchanges"]), f"{y['returned']:,}", f"{y['cumulative']:,}"
        )
    mediators = ", ".join(f"{m['name']} ({m['exchanges']})" for m in stats["mediators"])
    gap = stats["longest_gap"]
    lines = [
        f"Mediators: {mediators or 'none recorded'}",
        f"Longest gap: {gap['days']} days, {gap['from']} to {gap['to']}" if gap else "",
        stats["statement"],
    ]
    out.print(Group(years, Text("\n".join(line for line in lines if line))))


@analysis_app.command("promises")
def promises_command(ctx: typer.Context, as_of: AsOf = None, as_json: JsonOption = False) -> None:
    """Promises with their deadline window and whether later claims show them kept or broken;
    exchange conditions and what became of them."""
    day = _day(as_of)
    found = _read(
        ctx,
        lambda s: {
            "promises": promises.promise_outcomes(s, day),
            "conditions": promises.condition_outcomes(s, day),
        },
    )
    if as_json:
        return print_json(found)
    table = _table(
        f"Promises as of {day.isoformat()}", ["promise", "window", "outcome", "shown by"]
    )
    for p in found["promises"]:
        window = f"{p['window']['from'] or '?'} – {p['window']['to'] or '?'}"
        made = f"{p['made_by'] or '?'} to {p['made_to'] or '?'} ({p['made_on'] or '?'}): "
        shown = "\n".join(f"claim {e['claim_id']}: {e['role']}" for e in p["evidence"])
        table.add_row(made + p["content"], window, f"{p['outcome']}: {p['reason']}", shown)
    conditions = _table("Exchange conditions", ["exchange", "condition", "outcome", "why"])
    for c in found["conditions"]:
        conditions.add_row(c["exchange_date"] or "?", c["text"], c["outcome"], c["reason"])
    out.print(Group(table, conditions))


@analysis_app.command("durations")
def durations_command(ctx: typer.Context, as_of: AsOf = None, as_json: JsonOption = False) -> None:
    """Time in captivity of the people of each surrender or capture, as of a day."""
    day = _day(as_of)
    rows = _read(ctx, durations.group_durations, day)
    if as_json:
        return print_json(rows)
    table = _table(
        f"Time in captivity as of {day.isoformat()}",
        ["group", "since", "persons linked", "median", "longest"],
    )
    for r in rows:
        table.add_row(
            r["group"], r["since"], str(r["persons"] or "—"),
            durations.in_words(r["median_days"]), r["words"],
        )  # fmt: skip
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(analysis_app, name="analysis")

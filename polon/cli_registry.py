"""The registry's commands: persons, import, export, link. Parsing and printing only."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from polon import terminal
from polon.cli_common import JsonOption, err, fail, open_ledger, out, print_json
from polon.ledger.models import EVIDENCE_KINDS, Role

persons_app = typer.Typer(
    help="Persons: list, search under any spelling, show a record, merge and split.",
    invoke_without_command=True,
)
link_app = typer.Typer(
    help="Find persons recorded more than once, and review the proposed clusters.",
    invoke_without_command=True,
)

RoleOption = Annotated[
    Role, typer.Option("--role", help="Show what this role may see (viewer: published only).")
]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    PFIF = "pfif"


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def _registry(ctx: typer.Context):  # noqa: ANN202 - the Registry type is imported lazily
    from polon.registry.registry import Registry

    ledger = open_ledger(ctx)
    return ledger, Registry(ledger)


@persons_app.callback()
def persons_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Persons with rank, position, call sign, unit and status."""
    if ctx.invoked_subcommand is not None:
        return
    with open_ledger(ctx) as ledger:
        rows = ledger.read("persons")
    if as_json:
        print_json(rows)
    else:
        terminal.print_rows(out, "persons", rows)


@persons_app.command("search")
def persons_search(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name in any spelling, alphabet or order.")],
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many hits.")] = 20,
    role: RoleOption = Role.ANALYST,
    as_json: JsonOption = False,
) -> None:
    """Find a person under any spelling of the name, with a score and the reason."""
    ledger, registry = _registry(ctx)
    with ledger:
        hits = registry.search(name, limit=limit, role=role)
    rows = [{"id": h.person_id, "name": h.name, "score": h.score, "reason": h.reason,
             "matched": h.matched} for h in hits]  # fmt: skip
    if as_json:
        print_json(rows)
    elif rows:
        out.print(terminal.hits_table(rows))
    else:
        out.print(f"No person found for {name!r}.")


@persons_app.command("show")
def persons_show(
    ctx: typer.Context,
    person_id: Annotated[int, typer.Argument(help="Person id.")],
    role: RoleOption = Role.ANALYST,
    as_json: JsonOption = False,
) -> None:
    """A person's record: names, fields, statuses, each with its sources."""
    from polon.registry.views import PersonNotFound

    ledger, registry = _registry(ctx)
    with ledger:
        try:
            record = registry.person(person_id, ctx.obj.user, role=role)
        except PersonNotFound as error:
            fail(str(error))
    if as_json:
        print_json(record)
    else:
        out.print(terminal.person_record(record))


@persons_app.command("merge")
def persons_merge(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help="Ids of the persons that are one person.")],
    keep: Annotated[int | None, typer.Option(help="The record to keep (default: oldest).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why, for the audit log.")] = None,
) -> None:
    """Merge persons into one; every name and source is kept and the merge can be undone."""
    from polon.registry.registry import RegistryError

    ledger, registry = _registry(ctx)
    with ledger:
        try:
            merge_id = registry.merge(ids, ctx.obj.user, keep=keep, reason=reason)
        except RegistryError as error:
            fail(str(error))
    out.print(f"merge {merge_id}: persons {', '.join(map(str, ids))} are one person now "
              f"(undo with `polon persons undo-merge {merge_id}`).")  # fmt: skip


@persons_app.command("undo-merge")
def persons_undo_merge(
    ctx: typer.Context, merge_id: Annotated[int, typer.Argument(help="Merge id.")]
) -> None:
    """Undo a merge: each person points where it pointed before."""
    from polon.registry.registry import RegistryError

    ledger, registry = _registry(ctx)
    with ledger:
        try:
            registry.undo_merge(merge_id, ctx.obj.user)
        except RegistryError as error:
            fail(str(error))
    out.print(f"merge {merge_id} undone.")


@persons_app.command("split")
def persons_split(
    ctx: typer.Context, person_id: Annotated[int, typer.Argument(help="Person id.")]
) -> None:
    """Take a person out of the person it was merged into."""
    from polon.registry.registry import RegistryError

    ledger, registry = _registry(ctx)
    with ledger:
        try:
            registry.split(person_id, ctx.obj.user)
        except RegistryError as error:
            fail(str(error))
    out.print(f"person {person_id} stands alone again.")


def import_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="CSV or PFIF XML files.")],
    map_: Annotated[
        str | None,
        typer.Option("--map", help="Columns by field, e.g. given_names=Ім'я,surname=Прізвище"),
    ] = None,
    review: Annotated[bool, typer.Option(help="Leave the rows as claims to review.")] = False,
    exchange: Annotated[
        int | None, typer.Option(help="The list is of persons returned in this exchange (id).")
    ] = None,
    exchange_date: Annotated[
        str | None, typer.Option(help="…or in the exchange of this date (YYYY-MM-DD).")
    ] = None,
    evidence: Annotated[
        str | None, typer.Option(help=f"What the list is: {', '.join(EVIDENCE_KINDS)}.")
    ] = None,
) -> None:
    """Import person lists (format from the content: CSV or PFIF); each file all or nothing."""
    from polon.interchange import parse_mapping
    from polon.interchange.records import ListError
    from polon.registry.registry import RegistryError

    if evidence is not None and evidence not in EVIDENCE_KINDS:
        fail(f"--evidence must be one of {', '.join(EVIDENCE_KINDS)}")
    try:
        mapping = parse_mapping(map_) if map_ else None
        day = dt.date.fromisoformat(exchange_date) if exchange_date else None
    except ValueError as error:
        fail(str(error))
    failed = 0
    ledger, registry = _registry(ctx)
    with ledger:
        for path in paths:
            try:
                done = registry.import_list(
                    path, ctx.obj.user, mapping=mapping, accept=not review,
                    exchange_id=exchange, exchange_date=day, evidence=evidence,
                )  # fmt: skip
            except (ListError, RegistryError, OSError) as error:
                failed += 1
                err.print(f"[bold red]error:[/] {error}", highlight=False)
                continue
            if not done.created:
                out.print(f"source {done.source_id}: {path} — already in the ledger")
                continue
            out.print(
                f"source {done.source_id}: {path} — {done.persons} persons, {done.notes} notes"
                + (", to review" if review else "")
                + (f", {len(done.proposals)} duplicate links to review" if done.proposals else ""),
                highlight=False,
            )
            for reason in done.skipped:
                err.print(f"  skipped: {reason}", highlight=False)
            for warning in done.warnings:
                err.print(f"  warning: {warning}", highlight=False)
    if failed:
        raise typer.Exit(1)


def export_command(
    ctx: typer.Context,
    format_: Annotated[ExportFormat, typer.Option("--format", help="csv, json or pfif.")],
    output: Annotated[
        Path | None,
        typer.Option("--out", help="Write here instead of standard output (--all: a folder)."),
    ] = None,
    role: RoleOption = Role.ANALYST,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="One ledger table's rows instead (sources, claims, figures, persons, …; "
            "csv or json, pfif for persons only).",
        ),
    ] = None,
    all_tables: Annotated[
        bool, typer.Option("--all", help="Every table the role may export, one file each.")
    ] = False,
) -> None:
    """Export the persons (one record per person, merges folded) as CSV, JSON or PFIF 1.4,
    or with --table/--all the ledger's tables as CSV or JSON (audited, like every export)."""
    if table is not None or all_tables:
        from polon.interchange import tables
        from polon.ledger.db import transaction

        if all_tables and (table is not None or output is None):
            fail("--all writes one file per table: give --out FOLDER and no --table")
        persons_pfif = table == "persons" and format_ is ExportFormat.PFIF  # the records below
        try:
            for name in [table] if table is not None else tables.exportable(role):
                tables.check(name, role, "csv" if persons_pfif else str(format_))
        except tables.TableError as error:
            fail(str(error))
        if not persons_pfif:
            text, count = None, 0
            with open_ledger(ctx) as ledger, transaction(ledger._sessions) as session:
                if all_tables:
                    tables.export_tables(
                        session, output, str(format_), role=role, actor=ctx.obj.user,
                        progress=lambda _, path, n: err.print(f"{path}: {n} rows", highlight=False),
                    )  # fmt: skip
                elif output is None:
                    text = tables.export_table(session, table, str(format_), role=role,
                                               actor=ctx.obj.user)  # fmt: skip
                else:
                    with output.open("w", encoding="utf-8", newline="") as stream:
                        count = tables.write_table(session, table, str(format_), stream,
                                                   role=role, actor=ctx.obj.user)  # fmt: skip
            if text is not None:  # shown once its audit entry is committed
                typer.echo(text, nl=False)
            elif not all_tables:
                err.print(f"wrote {output} ({count} rows)", highlight=False)
            return
    ledger, registry = _registry(ctx)
    with ledger:
        data = registry.export(str(format_), ctx.obj.user, role=role)
    if output is None:
        typer.echo(data if isinstance(data, str) else data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        err.print(f"wrote {output}", highlight=False)


@link_app.callback()
def link_command(
    ctx: typer.Context,
    engine: Annotated[Engine, typer.Option(help="duckdb (embedded) or spark.")] = Engine.DUCKDB,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Match probability to propose a cluster.")
    ] = 0.9,
    spark_master: Annotated[
        str | None, typer.Option(help="Spark master URL (default: local[2]).")
    ] = None,
    source: Annotated[
        int | None, typer.Option(help="Link only this list's persons to the rest.")
    ] = None,
) -> None:
    """Find persons recorded more than once; each cluster is proposed for review."""
    if ctx.invoked_subcommand is not None:
        return
    ledger, registry = _registry(ctx)
    with ledger:
        made = registry.link(
            ctx.obj.user, engine=str(engine), threshold=threshold,
            spark_master=spark_master, source_id=source,
        )  # fmt: skip
    out.print(f"{len(made)} clusters proposed; review them with `polon link review`.")


@link_app.command("review")
def link_review(
    ctx: typer.Context,
    state: Annotated[str, typer.Option(help="proposed, accepted, rejected, split or all")] = (
        "proposed"
    ),
    as_json: JsonOption = False,
) -> None:
    """Proposed clusters with their probability and reason."""
    ledger, registry = _registry(ctx)
    with ledger:
        rows = registry.proposals(None if state == "all" else state)
    if as_json:
        print_json(rows)
    elif rows:
        out.print(terminal.proposals_table(rows))
    else:
        out.print("No proposals to show.")


def _decide(ctx: typer.Context, proposal_id: int, decision: str, groups: list[str]) -> None:
    from polon.registry.registry import RegistryError

    try:
        parsed = [[int(i) for i in group.split(",") if i.strip()] for group in groups]
    except ValueError:
        fail("--group takes person ids separated by commas, e.g. --group 3,7")
    ledger, registry = _registry(ctx)
    with ledger:
        try:
            merges = registry.decide_proposal(proposal_id, decision, ctx.obj.user, parsed)
        except RegistryError as error:
            fail(str(error))
    done = f"proposal {proposal_id} {decision}ed" if decision != "split" else (
        f"proposal {proposal_id} split")  # fmt: skip
    out.print(done + (f"; merges {', '.join(map(str, merges))}" if merges else "") + ".")


@link_app.command("accept")
def link_accept(ctx: typer.Context, proposal_id: int) -> None:
    """Accept a proposal: its persons are merged into one (undoably)."""
    _decide(ctx, proposal_id, "accept", [])


@link_app.command("reject")
def link_reject(ctx: typer.Context, proposal_id: int) -> None:
    """Reject a proposal: these are different persons; it is not proposed again."""
    _decide(ctx, proposal_id, "reject", [])


@link_app.command("split")
def link_split(
    ctx: typer.Context,
    proposal_id: int,
    group: Annotated[list[str], typer.Option(help="Person ids that are one person: 3,7")],
) -> None:
    """Accept only parts of a proposal: each --group is merged, the rest stay apart."""
    _decide(ctx, proposal_id, "split", group)


def register(app: typer.Typer) -> None:
    app.add_typer(persons_app, name="persons")
    app.add_typer(link_app, name="link")
    app.command("import")(import_command)
    app.command("export")(export_command)

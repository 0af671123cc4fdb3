"""The ``polon`` command: argument parsing and printing over the library, nothing more."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from polon import terminal
from polon.cli_analytics import register as register_analysis_commands
from polon.cli_backup import register as register_backup_commands
from polon.cli_common import JsonOption, Settings, err, login_name, out
from polon.cli_common import fail as _fail
from polon.cli_common import open_ledger as _open
from polon.cli_common import print_json as _print_json
from polon.cli_discrepancies import register as register_discrepancy_commands
from polon.cli_registry import register as register_registry_commands
from polon.cli_report import register as register_report_commands
from polon.cli_web import demo_account
from polon.cli_web import register as register_web_commands
from polon.cli_web import serve as serve_command
from polon.ingest import DocumentError, extract, read_report
from polon.ingest.facts import document_facts
from polon.ledger import ClaimState, ReviewError, SourceKind, SourceMeta
from polon.ledger.intake import expand_paths, ingest_file, parse_published

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Polon: a source-attributed ledger of people in captivity.",
)
review_app = typer.Typer(no_args_is_help=True, help="List, accept and reject candidate claims.")
app.add_typer(review_app, name="review")
register_registry_commands(app)
register_web_commands(app)
register_discrepancy_commands(app)
register_report_commands(app)
register_analysis_commands(app)
register_backup_commands(app)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="POLON_DB",
            help="SQLite file path or SQLAlchemy URL (postgresql://…). Default: ./polon.db",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", envvar="POLON_USER", help="Who is acting, for the audit log."),
    ] = None,
) -> None:
    ctx.obj = Settings(db=db, user=user or login_name())


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the ledger's tables, or upgrade them to this version of Polon."""
    ledger = _open(ctx, ready=False)
    try:
        ledger.init()
    except Exception as error:  # drivers raise their own types for an unreachable server
        _fail(f"cannot initialise {ledger.display_url}: {error}")
    finally:
        ledger.close()
    out.print(f"Ledger ready: {ledger.display_url}", highlight=False)


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Report files, folders or http(s) URLs.")],
    accept: Annotated[bool, typer.Option(help="Accept the claims found.")] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date, when the document lacks one.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where the document was published.")] = None,
    kind: Annotated[SourceKind, typer.Option(help="What kind of source.")] = SourceKind.ARTICLE,
    reliability: Annotated[str, typer.Option(help="Source reliability A–F.")] = "F",
    credibility: Annotated[int, typer.Option(min=1, max=6, help="Credibility 1–6.")] = 6,
) -> None:
    """Store reports as sources with their candidate claims, one transaction per file."""
    if reliability.upper() not in "ABCDEF" or len(reliability) != 1:
        _fail("--reliability must be one letter A–F")
    try:
        meta = SourceMeta(
            kind=kind,
            published=parse_published(published),
            url=url,
            reliability=reliability.upper(),
            credibility=credibility,
        )
    except ValueError as error:
        _fail(f"--published: {error}")
    files = list(expand_paths(paths))
    failed = known = 0
    with _open(ctx) as ledger, _progress() as progress:
        task = progress.add_task("ingesting", total=len(files))
        for path in files:
            outcome = ingest_file(ledger, path, meta, ctx.obj.user, accept=accept)
            progress.advance(task)
            if outcome.error:
                failed += 1
                err.print(f"[bold red]error:[/] {outcome.error}", highlight=False)
            elif outcome.created:
                progress.console.print(
                    f"source {outcome.source_id}: {path} — {outcome.claims} claims"
                    + (" accepted" if accept else ""),
                    highlight=False,
                )
            else:
                known += 1
                progress.console.print(
                    f"source {outcome.source_id}: {path} — already in the ledger",
                    highlight=False,
                )
    new = len(files) - failed - known
    err.print(
        f"{len(files)} files: {new} new sources, {known} already in the ledger, {failed} failed.",
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    )


@app.command("extract")
def extract_command(
    sources: Annotated[list[str], typer.Argument(help="Report files or http(s) URLs.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per report (JSON Lines).")
    ] = False,
    published: Annotated[str | None, typer.Option(help="Publication date override.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the report was published.")] = None,
) -> None:
    """Show what would be claimed from reports, without touching a database."""
    try:
        when = parse_published(published)
    except ValueError as error:
        _fail(f"--published: {error}")
    failed = 0
    for source in sources:
        try:
            document = read_report(source)
        except DocumentError as error:
            failed += 1
            err.print(f"[bold red]error:[/] {error}", highlight=False)
            continue
        if url:
            document = dataclasses.replace(document, url=url)
        extraction = extract(document, when)
        day = extraction.published.iso() if extraction.published else None
        if as_json:
            facts = document_facts(document, day, extraction.claims)
            typer.echo(json.dumps(facts, ensure_ascii=False))
            continue
        rows = [
            {**c.as_dict(document.text), "id": n, "source_id": source, "state": "candidate",
             "evidence": document.text[c.start : c.end]}
            for n, c in enumerate(extraction.claims, 1)
        ]  # fmt: skip
        out.print(terminal.claims_table(rows))
    if failed:
        raise typer.Exit(1)


class StateFilter(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ALL = "all"


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    state: Annotated[
        StateFilter, typer.Option(help="Which claims to show.")
    ] = StateFilter.PROPOSED,
    source: Annotated[int | None, typer.Option(help="Only this source's claims.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Claims awaiting review (or in another state), with their evidence."""
    with _open(ctx) as ledger:
        wanted = None if state == StateFilter.ALL else str(state)
        rows = ledger.claims(state=wanted, source_id=source)
    if as_json:
        _print_json(rows)
    elif rows:
        out.print(terminal.claims_table(rows))
    else:
        out.print("No claims to show.")


def _decide(ctx: typer.Context, ids: list[int], state: ClaimState, sources: list[int]) -> None:
    if not ids and not sources:
        _fail("name claim ids or --source")
    with _open(ctx) as ledger:
        try:
            result = ledger.decide(ids, state, ctx.obj.user, sources)
        except ReviewError as error:
            _fail(str(error))
    verb = "accepted" if state == ClaimState.ACCEPTED else "rejected"
    out.print(f"{len(result.changed)} claims {verb}, {len(result.unchanged)} unchanged.")


SourceOption = Annotated[
    list[int] | None, typer.Option("--source", help="All proposed claims of this source.")
]


@review_app.command("accept")
def review_accept(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Claim ids.")] = None,
    source: SourceOption = None,
) -> None:
    """Accept claims; the ledger entities they support are created or updated."""
    _decide(ctx, ids or [], ClaimState.ACCEPTED, source or [])


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    ids: Annotated[list[int] | None, typer.Argument(help="Claim ids.")] = None,
    source: SourceOption = None,
) -> None:
    """Reject claims; they stay in the ledger, marked rejected."""
    _decide(ctx, ids or [], ClaimState.REJECTED, source or [])


def _reader(table: str, doc: str) -> None:
    def command(ctx: typer.Context, as_json: JsonOption = False) -> None:
        with _open(ctx) as ledger:
            rows = ledger.read(table)
        if as_json:
            _print_json(rows)
        else:
            terminal.print_rows(out, table, rows)

    command.__doc__ = doc
    app.command(table)(command)


for _table, _doc in [
    ("sources", "Sources: each report stored once, with its publisher and claim count."),
    ("exchanges", "Exchanges with counts, subgroups per source, conditions and sources."),
    ("figures", "Stated figures with qualifier, group, as-of date, speaker and source."),
    ("promises", "Promises with who made them, deadline and outcome."),
    ("places", "Places: facilities, settlements and regions."),
    ("events", "Events: surrenders, captures, transfers, releases, deaths."),
    ("organizations", "Units and agencies, with what they are part of."),
]:
    _reader(_table, _doc)


@app.command("summary")
def summary_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The ledger at a glance: exchanges, figures, events, promises, persons, places."""
    with _open(ctx) as ledger:
        data = ledger.summary()
    if as_json:
        _print_json(data)
    else:
        out.print(terminal.summary(data))


def examples_folder() -> Path:
    """The sample reports shipped inside the package."""
    return Path(str(resources.files("polon").joinpath("examples")))


@app.command()
def demo(
    ctx: typer.Context,
    serve: Annotated[bool, typer.Option(help="Then serve the web app on --port.")] = False,
    port: Annotated[int, typer.Option(help="Port for --serve.")] = 8000,
) -> None:
    """Initialise the ledger, ingest the bundled sample reports, accept them, show the summary;
    with --serve, make an admin account and serve the web app over it."""
    init(ctx)
    try:
        ingest(ctx, [examples_folder()], accept=True)
    except typer.Exit as stop:
        if stop.exit_code:
            raise
    summary_command(ctx)
    if not serve:
        return
    password = demo_account(ctx)
    if password is None:
        again = "Log in as admin with the password the first demo run printed"
        out.print(f"{again} (or add a user: polon users add NAME --role admin).", highlight=False)
    else:
        out.print(f"Log in at http://127.0.0.1:{port}/ as admin, password {password}",
                  highlight=False)  # fmt: skip
    serve_command(ctx, port=port)

"""``polon report``: the printable brief, written to a file (with ``--pdf``, a PDF too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from polon.cli_common import fail, open_ledger


def report(
    ctx: typer.Context,
    out_path: Annotated[
        Path, typer.Option("--out", help="Where to write the brief (HTML).", dir_okay=False)
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The brief's date, YYYY-MM-DD. Default: today.")
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(help="The headline group (a name or alias). Default: the main group."),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a PDF beside the HTML.")] = False,
) -> None:
    """Write a printable brief of the ledger, citing its sources; it loads nothing when opened.

    Figures with the best estimate, charts, exchanges, promises, discrepancies, durations
    and the method, as one HTML file. The export is recorded in the audit log.
    """
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        fail(f"--as-of: not a date (YYYY-MM-DD): {as_of!r}")
    from polon.report.brief import export_brief

    formats = ("html", "pdf") if pdf else ("html",)
    with open_ledger(ctx) as ledger:
        brief = export_brief(ledger, ctx.obj.user, day, group, formats)
    try:
        out_path.write_text(brief.html, encoding="utf-8")
        written = [out_path]
        if pdf:
            from polon.report.pdf import PdfError, write_pdf

            try:
                written.append(write_pdf(brief.html, out_path.with_suffix(".pdf")))
            except PdfError as error:
                fail(str(error))
    except OSError as error:
        fail(f"cannot write {error.filename}: {error.strerror}")
    # echo, not the rich console: a long path must not be wrapped onto a second line
    typer.echo(
        f"Brief as of {day.isoformat()}, citing {brief.sources} sources: "
        + ", ".join(str(path) for path in written)
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report)

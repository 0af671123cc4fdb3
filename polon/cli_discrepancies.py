"""``polon discrepancies``: list them (the default) and resolve one with a reason.

A sub-app rather than a plain reader so that ``polon discrepancies`` and
``polon discrepancies --json`` keep listing, while ``resolve`` sits beside them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from polon import terminal
from polon.cli_common import JsonOption, fail, open_ledger, out, print_json
from polon.ledger.discrepancies import DiscrepancyError

discrepancies_app = typer.Typer(
    help="Claims that cannot all be true, shown side by side; resolve them with a reason.",
    invoke_without_command=True,
)


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


@discrepancies_app.callback()
def discrepancies_list(
    ctx: typer.Context,
    status: Annotated[
        Status | None, typer.Option(help="Only open or only resolved ones (default: all).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Claims that cannot all be true, shown side by side."""
    if ctx.invoked_subcommand is not None:
        return
    with open_ledger(ctx) as ledger:
        rows = ledger.discrepancies(str(status) if status else None)
    if as_json:
        print_json(rows)
    elif status and not rows:
        out.print(f"No {status} discrepancies.")
    else:
        terminal.print_rows(out, "discrepancies", rows)


@discrepancies_app.command("resolve")
def resolve(
    ctx: typer.Context,
    discrepancy_id: Annotated[int, typer.Argument(metavar="ID", help="The discrepancy's id.")],
    reason: Annotated[
        str, typer.Option("--reason", help="What you decided and why; kept beside both claims.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Resolve a discrepancy: both claims stay, your reason and name are recorded beside them.

    Refused (exit code 2) for an unknown id, a blank reason or one already resolved.
    """
    with open_ledger(ctx) as ledger:
        try:
            row = ledger.resolve_discrepancy(discrepancy_id, reason, ctx.obj.user)
        except DiscrepancyError as error:
            fail(str(error))
    if as_json:
        print_json(row)
    else:
        out.print(
            f"Discrepancy {row['id']} resolved by {row['resolved_by']}: {row['resolution']}",
            highlight=False,
            markup=False,  # the reason is the editor's words, not markup
        )


def register(app: typer.Typer) -> None:
    app.add_typer(discrepancies_app, name="discrepancies")

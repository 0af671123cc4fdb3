"""What every ``polon`` command shares: the consoles, the settings, opening the ledger."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from polon.ledger import Ledger, LedgerError

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@dataclass
class Settings:
    db: str | None
    user: str


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def open_ledger(ctx: typer.Context, ready: bool = True) -> Ledger:
    ledger = Ledger.open(ctx.obj.db)
    if ready:
        try:
            ledger.ensure_ready()
        except LedgerError as error:
            ledger.close()
            fail(str(error))
    return ledger


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))

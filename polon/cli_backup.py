"""``polon backup`` and ``polon restore``: a consistent copy of the ledger, and putting one back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from polon.cli_common import fail, open_ledger


def backup(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write the backup.", dir_okay=False)],
) -> None:
    """Back up the ledger to PATH while it stays in use (SQLite: the online backup API;
    PostgreSQL: pg_dump, custom format). The copy is checked before it takes PATH's name."""
    from polon.ledger.backup import BackupError
    from polon.ledger.backup import backup as write_backup

    if not path.parent.is_dir():
        fail(f"{path.parent} is not a folder")
    with open_ledger(ctx, ready=False) as ledger:  # an old schema too: back up, then upgrade
        try:
            written = write_backup(ledger, path)
        except BackupError as error:
            fail(str(error))
        source = ledger.display_url
    typer.echo(
        f"Backed up {source} to {written.path}: {written.size:,} bytes, schema "
        f"{written.revision}, {written.seconds:.2f} s; checked: {written.checked}."
    )


def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A backup made by `polon backup`.", dir_okay=False)],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a ledger that already holds data.")
    ] = False,
) -> None:
    """Restore the ledger from a backup of the same backend; an older schema is upgraded.
    Refuses a ledger with data unless --force, and a backup from a newer Polon."""
    from polon.ledger.backup import BackupError
    from polon.ledger.backup import restore as put_back

    with open_ledger(ctx, ready=False) as ledger:
        try:
            restored = put_back(ledger, path, ctx.obj.user, force=force)
        except BackupError as error:
            fail(str(error))
        target = ledger.display_url
    upgraded = f", upgraded to {restored.migrated_to}" if restored.migrated_to else ""
    typer.echo(
        f"Restored {target} from {restored.path} (schema {restored.revision}{upgraded}) "
        f"in {restored.seconds:.2f} s; recorded in the audit log."
    )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)

"""``polon serve`` and ``polon users``: the web app and who may log in to it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from polon.cli_common import JsonOption, err, fail, open_ledger, out, print_json
from polon.ledger.accounts import (
    AccountError,
    add_user,
    disable_user,
    enrol_totp,
    issue_token,
    list_users,
    remove_totp,
)
from polon.ledger.db import transaction
from polon.ledger.models import Role
from polon.ledger.users import ensure_user

T = TypeVar("T")
users_app = typer.Typer(no_args_is_help=True, help="Accounts for the web app and the API.")
PASSWORD_VAR = "POLON_PASSWORD"


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public: Annotated[
        bool, typer.Option(help="Let anonymous visitors read what a viewer reads.")
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option(help="Send the session cookie over HTTPS only (behind TLS).")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes to serve from (about one per core).")
    ] = 1,
) -> None:
    """Serve the web pages and the JSON API (/api/v1/) over the ledger."""
    from polon.web.serving import AppSettings
    from polon.web.serving import serve as run

    with open_ledger(ctx) as ledger:  # checked ready here; each worker opens its own
        url, shown = ledger.url, ledger.display_url
    many = f" in {workers} processes" if workers > 1 else ""
    err.print(f"Polon at http://{host}:{port}/ over {shown}{many}", highlight=False)
    run(AppSettings(url, public, secure_cookies), host, port, workers)


def _apply(ctx: typer.Context, change: Callable[[Session, int], T]) -> T:
    """One account change as the CLI's user, in one transaction with its audit entry."""
    with open_ledger(ctx) as ledger, transaction(ledger._sessions) as session:
        return change(session, ensure_user(session, ctx.obj.user).id)


def _change(ctx: typer.Context, change: Callable[[Session, int], T]) -> T:
    """``_apply``, with a refused change (unknown user, weak password) as the CLI's error."""
    try:
        return _apply(ctx, change)
    except AccountError as error:
        fail(str(error))


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[Role, typer.Option(help="What the user may do.")] = Role.VIEWER,
) -> None:
    """Add a user; the password comes from $POLON_PASSWORD or a prompt."""
    password = os.environ.get(PASSWORD_VAR)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    _change(ctx, lambda session, actor: add_user(session, name, str(role), password, actor))
    out.print(f"Added {name} ({role}).", highlight=False)


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Every account, with its role and whether it can log in."""
    with open_ledger(ctx) as ledger, ledger._sessions() as session:
        users = list_users(session)
    if as_json:
        print_json(users)
        return
    for user in users:
        state = "disabled" if user["disabled"] else "active" if user["can_log_in"] else "no login"
        totp = " (TOTP)" if user["totp"] else ""
        out.print(f"{user['name']:<24} {user['role']:<8} {state}{totp}", highlight=False)


@users_app.command("disable")
def users_disable(ctx: typer.Context, name: str) -> None:
    """Disable an account: its sessions end and its API tokens stop working at once."""
    _change(ctx, lambda session, actor: disable_user(session, name, actor))
    out.print(f"Disabled {name}.", highlight=False)


@users_app.command("token")
def users_token(ctx: typer.Context, name: str) -> None:
    """Print a new API token for NAME (send it as "Authorization: Bearer TOKEN")."""
    typer.echo(_change(ctx, lambda session, actor: issue_token(session, name, actor)))


@users_app.command("totp")
def users_totp(
    ctx: typer.Context,
    name: str,
    off: Annotated[bool, typer.Option("--off", help="Remove the second factor.")] = False,
) -> None:
    """Give NAME (an admin or editor) a TOTP second factor, or remove it with --off.

    Prints the secret and an otpauth:// URI to enter in an authenticator app; from then on
    the login form asks for the app's 6-digit code after the password.
    """
    if off:
        _change(ctx, lambda session, actor: remove_totp(session, name, actor))
        out.print(f"Removed the second factor of {name}.", highlight=False)
        return
    secret, uri = _change(ctx, lambda session, actor: enrol_totp(session, name, actor))
    typer.echo(f"secret: {secret}")
    typer.echo(f"uri:    {uri}")
    err.print(
        f"Enter the secret or the URI in {name}'s authenticator app; the login form asks for "
        "its 6-digit code from now on. Show them to nobody else.",
        highlight=False,
    )


def demo_account(ctx: typer.Context, name: str = "admin") -> str | None:
    """An admin account for the demo, made once: its password is printed, never stored."""
    password = os.environ.get(PASSWORD_VAR) or secrets.token_urlsafe(12)
    try:
        _apply(ctx, lambda session, actor: add_user(session, name, Role.ADMIN, password, actor))
    except AccountError:
        return None  # made by an earlier demo: its password was printed then
    return password


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")

"""Who is asking, and may they: the one dependency every route goes through.

A request is a user by its ``Authorization: Bearer`` token (scripts) or its session cookie
(browsers), else anonymous. The route's name is looked up in ``policy.POLICY``; a write that
rides on a cookie must also carry the CSRF token that only our own pages know, because the
browser attaches cookies to forms on other sites too.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request

from polon.ledger.accounts import Principal, by_session, by_token
from polon.web.policy import POLICY

SESSION_COOKIE = "polon_session"
PRE_COOKIE = "polon_pre"  # CSRF token for the login form, before there is a session
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC = Principal(None, "anonymous", "viewer")


class LoginRequired(Exception):
    """Anonymous and not allowed: pages redirect to the login form, the API answers 401."""


def _bearer(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


def resolve(request: Request) -> Principal | None:
    ledger = request.app.state.ledger
    header = request.headers.get("authorization", "")
    if _bearer(request):
        with ledger._sessions() as session:
            principal = by_token(session, header[7:].strip())
        if principal is None:
            raise HTTPException(401, "invalid or revoked API token",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with ledger._sessions() as session:
            principal = by_session(session, cookie)
        if principal is not None:
            return principal
    return PUBLIC if request.app.state.public else None


def authorize(request: Request) -> Principal | None:
    """Resolve the principal and check the policy table (runs in a worker thread: it reads
    the database)."""
    route = request.scope.get("route")
    rule = POLICY.get(getattr(route, "name", ""))
    if rule is None:  # fail closed: a route nobody put in the table serves nobody
        raise HTTPException(403, "this route is not in the access policy")
    principal = resolve(request)
    request.state.principal = principal
    if principal is None or principal.user_id is None:  # anonymous, public or not
        if "anonymous" in rule or (principal is not None and principal.role in rule):
            return principal
        raise LoginRequired()
    if principal.role not in rule:
        raise HTTPException(403, "your role may not do this")
    return principal


async def guard(request: Request, principal: Principal | None = Depends(authorize)) -> None:
    """CSRF for writes that a browser makes with its cookie, and no NUL in any input."""
    _refuse_nul(request.query_params.multi_items(), "query parameter")
    if request.method in SAFE:
        return
    if not _bearer(request):
        await _check_csrf(request, principal)
    if _is_form(request):
        form = await request.form()
        _refuse_nul([(k, v) for k, v in form.multi_items() if isinstance(v, str)], "form field")
    elif b"\\u0000" in await request.body():  # the only way JSON can hold a NUL
        raise HTTPException(422, "the request body holds a NUL character (\\u0000)")


async def _check_csrf(request: Request, principal: Principal | None) -> None:
    """Scripts with a Bearer token need no CSRF token: ``resolve`` then ignored the cookie.
    Any other scheme (a proxy's Basic auth, which browsers resend on their own) still rides
    on the cookie, so it is checked like a form."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "cross-site request refused")
    # The login form is signed with the pre-session token even when a session exists (a
    # user logging in as someone else); every other form with the session's own token.
    login = getattr(request.scope.get("route"), "name", "") == "login"
    session_token = principal.csrf if principal and principal.csrf and not login else None
    expected = session_token or request.cookies.get(PRE_COOKIE)
    sent = request.headers.get("x-csrf-token")
    if sent is None and _is_form(request):
        sent = (await request.form()).get("csrf")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "the form's security token is missing or old: reload the page")


def _refuse_nul(items: list[tuple[str, str]], what: str) -> None:
    """A NUL character means nothing in any text Polon keeps, and PostgreSQL cannot store
    one: refuse it up front with the field's name, not as a database error (HTTP 500)."""
    for name, value in items:
        if "\x00" in name or "\x00" in value:
            raise HTTPException(422, f"{what} {name.replace(chr(0), '')!r} holds a NUL character")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def new_csrf() -> str:
    return secrets.token_urlsafe(32)

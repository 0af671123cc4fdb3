"""The login step: rate limit, password check, a fresh session.

Failures answer the same way whether the name exists or not, and count against both the
address and the name; the session id is new at every login, so a cookie planted before
login (session fixation) is worth nothing after it.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from polon.ledger import audit
from polon.ledger.accounts import SESSION_HOURS, check_password, close_session, open_session
from polon.ledger.db import transaction
from polon.web.auth import PRE_COOKIE, SESSION_COOKIE, new_csrf


def safe_next(target: str) -> str:
    """Only a path on this site: never ``//evil.example`` or ``https://…`` (open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def attempt_login(request: Request, username: str, password: str, target: str) -> Response:
    limiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(address, username)
    if wait:
        return login_page(request, target, f"Too many failed logins; try again in {wait} s.",
                           429, {"Retry-After": str(wait)})  # fmt: skip
    ledger = request.app.state.ledger
    with transaction(ledger._sessions) as session:
        user = check_password(session, username, password)
        if user is not None:
            previous = request.cookies.get(SESSION_COOKIE)
            if previous:  # one browser, one session: the old one ends here
                close_session(session, previous)
            session_id, _ = open_session(session, user)
            audit.record(session, user.id, "login", user, after={"user": user.name})
    if user is None:
        limiter.failed(address, username)
        return login_page(request, target, "Wrong user name or password.", 401)
    limiter.succeeded(username)
    response = RedirectResponse(safe_next(target), 303)
    response.set_cookie(SESSION_COOKIE, session_id, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="lax", secure=request.app.state.secure_cookies)  # fmt: skip
    response.delete_cookie(PRE_COOKIE)
    return response


def login_page(
    request: Request,
    target: str,
    error: str | None = None,
    status: int = 200,
    headers: dict | None = None,
) -> Response:
    """The login form, signed with a new pre-session CSRF token (set as a cookie)."""
    from polon.web.pages import render

    token = new_csrf()
    response = render(request, "login.html", {"form_csrf": token, "next": target, "error": error},
                      status, headers)  # fmt: skip
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies)  # fmt: skip
    return response

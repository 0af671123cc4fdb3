"""The login step: rate limit, password check, the TOTP code if the user has one, a fresh
session.

Failures answer the same way whether the name exists or not, and count against both the
address and the name; the session id is new at every login, so a cookie planted before
login (session fixation) is worth nothing after it. A user with a second factor gets no
session for the password alone: the form asks for the code, and a wrong code counts as a
failed login, so the limiter bounds the guessing of codes as it does of passwords.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from polon.ledger import audit
from polon.ledger.accounts import (
    SESSION_HOURS,
    check_code,
    check_password,
    close_session,
    open_session,
)
from polon.ledger.db import transaction
from polon.ledger.models import User
from polon.web.auth import PRE_COOKIE, SESSION_COOKIE, new_csrf

PENDING_COOKIE = "polon_2fa"  # the ticket of a login that waits for its TOTP code


def safe_next(target: str) -> str:
    """Only a path on this site: never ``//evil.example`` or ``https://…`` (open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _too_many(request: Request, target: str, wait: int, template: str = "login.html") -> Response:
    message = f"Too many failed logins; try again in {wait} s."
    return login_page(request, target, message, 429, {"Retry-After": str(wait)}, template)


def attempt_login(
    request: Request, username: str, password: str, target: str, code: str = ""
) -> Response:
    """The form's first step (name and password) or, without a password, its second (the
    code, for the login whose ticket the browser holds)."""
    if code and not password:
        return _second_step(request, code)
    if not username or not password:  # a form sent empty: no guess to count
        return login_page(request, target, "Give your user name and password.", 422)
    limiter = request.app.state.limiter
    address = _address(request)
    wait = limiter.retry_after(address, username)
    if wait:
        return _too_many(request, target, wait)
    session_id = waiting = None
    with transaction(request.app.state.ledger._sessions) as session:
        user = check_password(session, username, password)
        if user is not None and user.totp_secret is not None:
            waiting = user.id
        elif user is not None:
            session_id = _open(request, session, user, second_factor=False)
    if user is None:
        limiter.failed(address, username)
        return login_page(request, target, "Wrong user name or password.", 401)
    if waiting is not None:  # the limiter is not reset until the code is right too
        ticket = request.app.state.second_factor.start(waiting, safe_next(target))
        response = login_page(request, target, template="login_code.html")
        response.set_cookie(PENDING_COOKIE, ticket, max_age=300, httponly=True,
                            samesite="strict", secure=request.app.state.secure_cookies)  # fmt: skip
        return response
    limiter.succeeded(username)
    return _logged_in(request, session_id, target)


def _second_step(request: Request, code: str) -> Response:
    waiting = request.app.state.second_factor
    ticket = request.cookies.get(PENDING_COOKIE)
    pending = waiting.get(ticket)
    if pending is None:
        return login_page(request, "/", "The login took too long: start again.", 401)
    limiter = request.app.state.limiter
    address = _address(request)
    wait = limiter.retry_after(address, pending.name)
    if wait:
        waiting.drop(ticket)
        return _too_many(request, pending.target, wait)
    session_id = None
    with transaction(request.app.state.ledger._sessions) as session:
        user = session.get(User, pending.user_id)
        if user is not None and not user.disabled and check_code(session, user, code):
            session_id = _open(request, session, user, second_factor=True)
    if session_id is None:
        limiter.failed(address, pending.name)
        return login_page(request, pending.target, "Wrong or used code.", 401,
                          template="login_code.html")  # fmt: skip
    waiting.drop(ticket)
    limiter.succeeded(pending.name)
    response = _logged_in(request, session_id, pending.target)
    response.delete_cookie(PENDING_COOKIE)
    return response


def _open(request: Request, session: Session, user: User, second_factor: bool) -> str:
    """A new session for ``user``; the browser's previous one (if any) ends here."""
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:  # one browser, one session
        close_session(session, previous)
    session_id, _ = open_session(session, user)
    after = {"user": user.name, "second_factor": second_factor}
    audit.record(session, user.id, "login", user, after=after)
    return session_id


def _logged_in(request: Request, session_id: str, target: str) -> Response:
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
    template: str = "login.html",
) -> Response:
    """The login form (or its code step), signed with a new pre-session CSRF token (set as
    a cookie)."""
    from polon.web.pages import render

    token = new_csrf()
    response = render(request, template, {"form_csrf": token, "next": target, "error": error},
                      status, headers)  # fmt: skip
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies)  # fmt: skip
    return response

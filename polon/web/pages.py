"""Server-rendered pages. Each one renders what a function in ``reads`` (or the ledger)
returns; the JSON API in ``api`` calls the same functions.

Templates autoescape everything: source text, names and user input reach the browser as text,
never as markup. The review page highlights evidence by splitting the text into escaped
segments, not by inserting tags into it.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from polon.ledger import queries
from polon.ledger.accounts import (
    Principal,
    close_session,
    disable_user,
    issue_token,
    list_users,
)
from polon.ledger.accounts import add_user as add_account
from polon.ledger.db import transaction
from polon.ledger.ledger import Ledger
from polon.ledger.models import ClaimState
from polon.web import reads
from polon.web.auth import SESSION_COOKIE, authorize, resolve
from polon.web.highlight import segments
from polon.web.login import attempt_login, login_page
from polon.web.policy import allowed
from polon.web.upload import store_uploads

router = APIRouter(include_in_schema=False)

NAV = [
    ("/", "Dashboard", "dashboard"),
    ("/review", "Review", "review_queue"),
    ("/sources", "Sources", "sources_page"),
    ("/exchanges", "Exchanges", "exchanges_page"),
    ("/figures", "Figures", "figures_page"),
    ("/promises", "Promises", "promises_page"),
    ("/places", "Places", "places_page"),
    ("/persons", "Persons", "persons_page"),
    ("/discrepancies", "Discrepancies", "discrepancies_page"),
    ("/analysis", "Analysis", "analysis_page"),
    ("/upload", "Upload", "upload_form"),
    ("/audit", "Audit log", "audit_page"),
    ("/admin/users", "Users", "users_page"),
]


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    headers: dict | None = None,
) -> HTMLResponse:
    if not hasattr(request.state, "principal"):  # a page no route matched: no guard ran
        request.state.principal = _quiet_resolve(request)
    principal: Principal | None = request.state.principal
    role = principal.role if principal else None
    nav = [(href, label) for href, label, route in NAV if principal and allowed(route, role)]
    base = {"principal": principal, "nav": nav, "csrf": principal.csrf if principal else None}
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status, headers=headers
    )


def _quiet_resolve(request: Request) -> Principal | None:
    """Who is asking, for the header of an error page; a bad token just means nobody."""
    try:
        return resolve(request)
    except HTTPException:
        return None


def window(
    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=10_000_000)
) -> queries.Window:
    return queries.Window(limit, offset)


def ledger_of(request: Request) -> Ledger:
    return request.app.state.ledger


# logging in ---------------------------------------------------------------------------------
@router.get("/login", name="login_form")
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002
    return login_page(request, next)


@router.post("/login", name="login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    code: str = Form("", max_length=20),  # the second step: a TOTP code, no password
    next: str = Form("/"),  # noqa: A002
) -> Response:
    return attempt_login(request, username, password, next, code)


@router.post("/logout", name="logout")
def logout(request: Request) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with transaction(ledger_of(request)._sessions) as session:
            close_session(session, cookie)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/healthz", name="health")
def health() -> dict[str, str]:
    return {"status": "ok"}


# reading ------------------------------------------------------------------------------------
@router.get("/", name="dashboard")
def dashboard(request: Request) -> Response:
    data = request.app.state.dashboard.data(ledger_of(request))
    return render(request, "dashboard.html", {"data": data})


@router.get("/charts/held.svg", name="chart_held")
def chart_held(request: Request) -> Response:
    return _svg(request.app.state.dashboard.chart(ledger_of(request), "held"))


@router.get("/charts/exchanges.svg", name="chart_exchanges")
def chart_exchanges(request: Request) -> Response:
    return _svg(request.app.state.dashboard.chart(ledger_of(request), "exchanges"))


def _svg(svg: str) -> Response:
    # matplotlib styles its SVG inline; nothing in it is script, and <img> never runs any.
    headers = {"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
               "cache-control": "no-cache"}  # fmt: skip
    return Response(svg, media_type="image/svg+xml", headers=headers)


@router.get("/sources", name="sources_page")
def sources_page(
    request: Request,
    page: queries.Window = Depends(window),
    principal: Principal = Depends(authorize),
) -> Response:
    listed = reads.sources(ledger_of(request), principal, page)
    return render(request, "sources.html", {"page": listed})


@router.get("/sources/{source_id}", name="source_page")
def source_page(
    request: Request, source_id: int, principal: Principal = Depends(authorize)
) -> Response:
    source = reads.source(ledger_of(request), principal, source_id)
    return render(request, "source.html", {"source": source})


def _entity_page(table: str, title: str):  # noqa: ANN202 - a route function
    def page_of(request: Request, page: queries.Window = Depends(window)) -> Response:
        listed = reads.entity_list(ledger_of(request), table, page)
        return render(request, f"{table}.html", {"page": listed, "title": title})

    return page_of


for _table, _title in [
    ("exchanges", "Exchanges"),
    ("figures", "Figures"),
    ("promises", "Promises"),
    ("places", "Places"),
]:
    router.add_api_route(f"/{_table}", _entity_page(_table, _title), methods=["GET"],
                         name=f"{_table}_page")  # fmt: skip


@router.get("/discrepancies", name="discrepancies_page")
def discrepancies_page(
    request: Request,
    status: Literal["open", "resolved"] | None = None,
    page: queries.Window = Depends(window),
    principal: Principal | None = Depends(authorize),
) -> Response:
    listed = reads.discrepancies(ledger_of(request), principal, status, page)
    can_resolve = allowed("discrepancy_resolve", principal.role if principal else None)
    context = {"page": listed, "status": status, "can_resolve": can_resolve}
    return render(request, "discrepancies.html", context)


@router.post("/discrepancies/{discrepancy_id}/resolve", name="discrepancy_resolve")
def discrepancy_resolve(
    request: Request,
    discrepancy_id: int,
    reason: str = Form(""),
    principal: Principal = Depends(authorize),
) -> Response:
    """The page's form; a refusal (blank reason, resolved meanwhile) is an error page."""
    ledger_of(request).resolve_discrepancy(discrepancy_id, reason, principal.name)
    return RedirectResponse(f"/discrepancies#discrepancy-{discrepancy_id}", 303)


@router.get("/persons", name="persons_page")
def persons_page(
    request: Request,
    q: str = Query("", max_length=200),
    page: queries.Window = Depends(window),
    principal: Principal = Depends(authorize),
) -> Response:
    listed = reads.persons(ledger_of(request), principal, q, page)
    return render(request, "persons.html", {"page": listed, "q": q})


@router.get("/persons/{person_id}", name="person_page")
def person_page(
    request: Request, person_id: int, principal: Principal = Depends(authorize)
) -> Response:
    record = reads.person(ledger_of(request), principal, person_id)
    return render(request, "person.html", {"person": record})


@router.get("/audit", name="audit_page")
def audit_page(request: Request, page: queries.Window = Depends(window)) -> Response:
    listed = reads.audit_log(ledger_of(request), page)
    return render(request, "audit.html", {"page": listed})


# reviewing ----------------------------------------------------------------------------------
@router.get("/review", name="review_queue")
def review_queue(request: Request, page: queries.Window = Depends(window)) -> Response:
    listed = reads.review_queue(ledger_of(request), page)
    return render(request, "review.html", {"page": listed})


@router.get("/review/{source_id}", name="review_source")
def review_source(
    request: Request, source_id: int, principal: Principal = Depends(authorize)
) -> Response:
    source = reads.source(ledger_of(request), principal, source_id)
    marked = segments(source["text"], source["claims"])
    return render(request, "review_source.html", {"source": source, "segments": marked})


@router.post("/review/{source_id}", name="review_decide")
def review_decide(
    request: Request,
    source_id: int,
    decision: str = Form(...),
    claim: str = Form("all"),
    seen: list[str] = Form([]),
    principal: Principal = Depends(authorize),
) -> Response:
    """One form for every decision on the page: a claim's accept or reject button, or the
    whole source's. The form carries the version of each proposed claim the editor saw, so
    a claim another editor changed in between is not decided blind (HTTP 409)."""
    state = {"accept": ClaimState.ACCEPTED, "reject": ClaimState.REJECTED}.get(decision)
    if state is None or not (claim == "all" or claim.isdigit()):
        return render(request, "error.html", {"status": 422, "message": "no decision"}, 422)
    versions = _versions(seen)
    ids = list(versions) if claim == "all" else [int(claim)]
    ledger_of(request).decide(ids, state, principal.name, (), versions)
    return RedirectResponse(f"/review/{source_id}", 303)


def _versions(values: list[str]) -> dict[int, int]:
    """``seen`` fields are "claim_id:version" pairs of the claims shown on the page."""
    out = {}
    for value in values:
        claim_id, _, version = str(value).partition(":")
        if claim_id.isdigit() and version.isdigit():
            out[int(claim_id)] = int(version)
    return out


@router.post("/claims/{claim_id}/edit", name="claim_edit")
def claim_edit(
    request: Request,
    claim_id: int,
    version: int = Form(...),
    values: str = Form(...),
    date: str = Form(""),
    qualifier: str = Form(""),
    principal: Principal = Depends(authorize),
) -> Response:
    try:
        parsed = json.loads(values)
    except json.JSONDecodeError as error:
        message = f"values: not valid JSON ({error.msg} at line {error.lineno})"
        return render(request, "error.html", {"status": 422, "message": message}, 422)
    changes = {"values": parsed, "qualifier": qualifier or None}
    if date.strip():  # empty keeps the date: a form cannot tell "clear" from "not touched"
        changes.update(_date_change(date.strip()))
    claim = ledger_of(request).edit_claim(claim_id, version, changes, principal.name)
    return RedirectResponse(f"/review/{claim['source_id']}#claim-{claim_id}", 303)


def _date_change(text: str) -> dict[str, Any]:
    """ "2022-09-21", "2022-09" or "2022" as the claim stores it: a day and its precision.
    Anything else goes through as is, for the edit to refuse with the field's name."""
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return {"date": f"{parts[0]}-{parts[1]}-01", "date_precision": "month"}
    if len(parts) == 1 and text.isdigit():
        return {"date": f"{text}-01-01", "date_precision": "year"}
    return {"date": text, "date_precision": "day"}


# uploading ----------------------------------------------------------------------------------
@router.get("/upload", name="upload_form")
def upload_form(request: Request) -> Response:
    return render(request, "upload.html", {"results": None})


@router.post("/upload", name="upload")
def upload(
    request: Request,
    files: list[UploadFile],
    review_lists: bool = Form(False),
    principal: Principal = Depends(authorize),
) -> Response:
    results = [
        stored
        for f in files
        for stored in store_uploads(
            ledger_of(request), principal.name, f.filename, f.file.read(), review_lists
        )
    ]
    return render(request, "upload.html", {"results": results})


# users --------------------------------------------------------------------------------------
@router.get("/admin/users", name="users_page")
def users_page(request: Request) -> Response:
    with ledger_of(request)._sessions() as session:
        users = list_users(session)
    return render(request, "users.html", {"users": users, "token": None})


@router.post("/admin/users", name="users_add")
def users_add(
    request: Request,
    name: str = Form(...),
    role: str = Form(...),
    password: str = Form(...),
    principal: Principal = Depends(authorize),
) -> Response:
    with transaction(ledger_of(request)._sessions) as session:
        add_account(session, name, role, password, principal.user_id)
    return RedirectResponse("/admin/users", 303)


@router.post("/admin/users/disable", name="users_disable")
def users_disable(
    request: Request, name: str = Form(...), principal: Principal = Depends(authorize)
) -> Response:
    # The name travels in the form, not the path: names may hold "/" or anything else.
    with transaction(ledger_of(request)._sessions) as session:
        disable_user(session, name, principal.user_id)
    return RedirectResponse("/admin/users", 303)


@router.post("/admin/users/token", name="users_token")
def users_token(
    request: Request, name: str = Form(...), principal: Principal = Depends(authorize)
) -> Response:
    with transaction(ledger_of(request)._sessions) as session:
        token = issue_token(session, name, principal.user_id)
        users = list_users(session)
    return render(request, "users.html", {"users": users, "token": (name, token)})

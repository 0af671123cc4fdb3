"""The web application: pages and the JSON API over one ledger, behind one access policy.

``create_app`` is what ``polon serve`` runs and what the tests drive; it holds no global
state, so a test can build as many apps over as many ledgers as it likes.
"""

from __future__ import annotations

import json
from importlib.resources import files
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from psycopg.errors import NumericValueOutOfRange
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from polon.ledger.accounts import AccountError
from polon.ledger.discrepancies import AlreadyResolved, DiscrepancyError, UnknownDiscrepancy
from polon.ledger.ledger import Ledger
from polon.ledger.logins import LoginLimiter, PendingLogins
from polon.ledger.review import ReviewError, StaleEdit
from polon.registry.registry import RegistryError
from polon.web import analysis, api, pages
from polon.web.auth import LoginRequired, guard
from polon.web.headers import SecurityHeaders
from polon.web.reads import DashboardCache, NotFound

HERE = files("polon.web")


def create_app(ledger: Ledger, public: bool = False, secure_cookies: bool = False) -> FastAPI:
    """``public``: anonymous visitors read what a viewer reads. ``secure_cookies``: send the
    session cookie over HTTPS only (set it when a TLS proxy is in front)."""
    app = FastAPI(
        title="Polon",
        summary="A source-attributed ledger of people in captivity.",
        version="1",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load their scripts from a CDN: not offline
        redoc_url=None,
        dependencies=[Depends(guard)],
    )
    app.state.ledger = ledger
    app.state.public = public
    app.state.secure_cookies = secure_cookies
    app.state.limiter = LoginLimiter(ledger._sessions)  # in the ledger: shared by processes
    app.state.second_factor = PendingLogins(ledger._sessions)  # logins waiting for a code
    app.state.dashboard = DashboardCache()
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.filters["pretty"] = pretty_json
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(analysis.router)
    _handle_errors(app)
    _document_errors(app)
    app.add_middleware(SecurityHeaders)
    return app


def _document_errors(app: FastAPI) -> None:
    """The API answers 422 with FastAPI's list of field errors, or with one message (a refused
    edit, a NUL in a parameter, a number out of range): the published schema says both."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            errors = build().get("components", {}).get("schemas", {}).get("HTTPValidationError")
            if errors:
                listed = errors["properties"]["detail"]
                errors["properties"]["detail"] = {
                    "title": "Detail", "anyOf": [listed, {"type": "string"}]
                }  # fmt: skip
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def pretty_json(value: object) -> str:
    """JSON as people read it: letters as themselves (Jinja's ``tojson`` writes Cyrillic and
    apostrophes as \\uXXXX, being made for scripts). Autoescape still escapes the result."""
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status, headers=headers)
    return pages.render(request, "error.html", {"status": status, "message": message},
                        status=status, headers=headers)  # fmt: skip


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "log in or send an API token"}, 401,
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", 303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return _answer(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            # errors() may hold the exception a validator raised: encoded as FastAPI does
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, 422)
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return _answer(request, 422, f"the request is not valid: {fields}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _answer(request, 404, str(error))

    @app.exception_handler(DiscrepancyError)
    async def unresolvable(request: Request, error: DiscrepancyError) -> Response:
        status = {UnknownDiscrepancy: 404, AlreadyResolved: 409}.get(type(error), 422)
        return _answer(request, status, str(error))

    @app.exception_handler(StaleEdit)
    async def stale(request: Request, error: StaleEdit) -> Response:
        return _answer(request, 409, str(error))

    @app.exception_handler(OverflowError)  # SQLite: an integer past 64 bits
    @app.exception_handler(DataError)  # PostgreSQL: past the column's 32 bits
    async def out_of_range(request: Request, error: Exception) -> Response:
        if isinstance(error, DataError) and not isinstance(error.orig, NumericValueOutOfRange):
            raise error
        return _answer(request, 422, "a number in the request is larger than the ledger stores")

    @app.exception_handler(ReviewError)
    @app.exception_handler(RegistryError)
    @app.exception_handler(AccountError)
    async def refused(request: Request, error: Exception) -> Response:
        return _answer(request, 422, str(error))

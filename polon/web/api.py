"""The JSON API under ``/api/v1/``: the pages' data, for scripts.

Every handler calls the same read or write as its page, so the API can neither show a viewer
more nor let an editor do less. Lists are paged with ``limit`` and ``offset`` and say their
``total``; ids are the ledger's own and never change.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from polon.ledger import queries
from polon.ledger.accounts import Principal, list_users
from polon.ledger.discrepancies import REASON_MAX
from polon.ledger.models import DATE_PRECISIONS, QUALIFIER_WORDS, ClaimState
from polon.ledger.review import proposed_ids
from polon.web import reads
from polon.web.auth import authorize
from polon.web.pages import ledger_of, window
from polon.web.upload import store_uploads

router = APIRouter(prefix="/api/v1", tags=["api"])


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ClaimEdit(BaseModel):
    """The fields to change; ``version`` is the one you read (a newer one wins: HTTP 409)."""

    version: int = Field(ge=1)
    values: dict[str, Any] | None = None
    date: str | None = None
    date_precision: Literal[DATE_PRECISIONS] | None = None
    qualifier: Literal[QUALIFIER_WORDS] | None = None
    attributed_to: str | None = Field(None, max_length=300)


class Decision(BaseModel):
    decision: Literal["accept", "reject"]
    version: int | None = Field(None, ge=1, description="the claim's version you read")


class Resolution(BaseModel):
    reason: str = Field(max_length=REASON_MAX, description="what you decided and why")


class SourceDecision(BaseModel):
    decision: Literal["accept", "reject"]
    versions: dict[int, int] | None = Field(
        None, description="claim id → version you read; any claim changed since: HTTP 409"
    )


@router.get("/me", name="api_me")
def me(principal: Principal | None = Depends(authorize)) -> dict[str, Any]:
    assert principal is not None
    return {"name": principal.name, "role": principal.role}


@router.get("/dashboard", name="api_dashboard")
def dashboard(request: Request) -> dict[str, Any]:
    return request.app.state.dashboard.data(ledger_of(request))


@router.get("/sources", name="api_sources", response_model=PageOut)
def sources(
    request: Request,
    page: queries.Window = Depends(window),
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    return reads.sources(ledger_of(request), principal, page).as_json()


@router.get("/sources/{source_id}", name="api_source")
def source(request: Request, source_id: int, principal: Principal = Depends(authorize)) -> dict:
    return reads.source(ledger_of(request), principal, source_id)


def _entity_list(table: str):  # noqa: ANN202 - a route function
    def list_of(request: Request, page: queries.Window = Depends(window)) -> dict[str, Any]:
        return reads.entity_list(ledger_of(request), table, page).as_json()

    list_of.__doc__ = f"One page of {table}, each with the claims and sources behind it."
    return list_of


for _table in reads.LISTS:
    router.add_api_route(f"/{_table}", _entity_list(_table), methods=["GET"],
                         name=f"api_{_table}", response_model=PageOut)  # fmt: skip


@router.get("/discrepancies", name="api_discrepancies", response_model=PageOut)
def discrepancies(
    request: Request,
    status: Literal["open", "resolved"] | None = None,
    page: queries.Window = Depends(window),
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    """One page of discrepancies, each with its claims, and for a resolved one the reason,
    who resolved it and when. A viewer gets evidence from published sources only."""
    return reads.discrepancies(ledger_of(request), principal, status, page).as_json()


@router.post("/discrepancies/{discrepancy_id}/resolve", name="api_discrepancy_resolve")
def resolve_discrepancy(
    request: Request,
    discrepancy_id: int,
    body: Resolution,
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    """Resolve with a reason: 404 unknown id, 409 already resolved, 422 blank reason."""
    return ledger_of(request).resolve_discrepancy(discrepancy_id, body.reason, principal.name)


@router.get("/persons", name="api_persons", response_model=PageOut)
def persons(
    request: Request,
    q: str = Query("", max_length=200, description="a name under any spelling"),
    page: queries.Window = Depends(window),
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    return reads.persons(ledger_of(request), principal, q, page).as_json()


@router.get("/persons/{person_id}", name="api_person")
def person(request: Request, person_id: int, principal: Principal = Depends(authorize)) -> dict:
    return reads.person(ledger_of(request), principal, person_id)


@router.get("/claims", name="api_claims", response_model=PageOut)
def claims(
    request: Request,
    state: Literal["proposed", "accepted", "rejected"] | None = None,
    source_id: int | None = None,
    page: queries.Window = Depends(window),
) -> dict[str, Any]:
    return reads.claims(ledger_of(request), state, source_id, page).as_json()


@router.get("/claims/{claim_id}", name="api_claim")
def claim(request: Request, claim_id: int) -> dict[str, Any]:
    found = ledger_of(request).claim(claim_id)
    if found is None:
        raise reads.NotFound(f"no claim with id {claim_id}")
    return found


@router.patch("/claims/{claim_id}", name="api_claim_edit")
def edit_claim(
    request: Request, claim_id: int, edit: ClaimEdit, principal: Principal = Depends(authorize)
) -> dict[str, Any]:
    changes = edit.model_dump(exclude_unset=True, exclude={"version"})
    return ledger_of(request).edit_claim(claim_id, edit.version, changes, principal.name)


@router.post("/claims/{claim_id}/decision", name="api_claim_decide")
def decide_claim(
    request: Request, claim_id: int, body: Decision, principal: Principal = Depends(authorize)
) -> dict[str, Any]:
    state = ClaimState.ACCEPTED if body.decision == "accept" else ClaimState.REJECTED
    versions = {claim_id: body.version} if body.version is not None else None
    decided = ledger_of(request).decide([claim_id], state, principal.name, (), versions)
    return {"changed": decided.changed, "unchanged": decided.unchanged,
            "claim": ledger_of(request).claim(claim_id)}  # fmt: skip


@router.post("/sources/{source_id}/decision", name="api_source_decide")
def decide_source(
    request: Request,
    source_id: int,
    body: SourceDecision,
    principal: Principal = Depends(authorize),
) -> dict[str, Any]:
    """Decide every claim of the source still proposed (or those in ``versions``)."""
    ledger = ledger_of(request)
    state = ClaimState.ACCEPTED if body.decision == "accept" else ClaimState.REJECTED
    with ledger._sessions() as session:
        ids = proposed_ids(session, [source_id])
    if body.versions is not None:
        ids = [i for i in ids if i in body.versions]
    decided = ledger.decide(ids, state, principal.name, (), body.versions)
    return {"changed": decided.changed, "unchanged": decided.unchanged}


@router.post("/upload", name="api_upload")
def upload(
    request: Request,
    files: list[UploadFile],
    review_lists: bool = False,
    principal: Principal = Depends(authorize),
) -> list[dict[str, Any]]:
    ledger = ledger_of(request)
    return [
        stored.as_json()
        for f in files
        for stored in store_uploads(ledger, principal.name, f.filename, f.file.read(), review_lists)
    ]


EXPORT_TYPES = {"csv": "text/csv", "json": "application/json", "pfif": "application/xml"}


@router.get(
    "/export",
    name="api_export",
    response_class=Response,
    responses={200: {"content": {kind: {} for kind in EXPORT_TYPES.values()}}},
)
def export(
    request: Request,
    format: Literal["csv", "json", "pfif"] = "csv",  # noqa: A002 - the API's own word
    table: str | None = Query(
        None, max_length=40, description="one ledger table's rows (csv or json) instead"
    ),
    principal: Principal = Depends(authorize),
) -> Response:
    """Every person (merges folded) as CSV, JSON or PFIF 1.4, as the CLI's ``polon export``
    writes it, or one ledger table's rows as ``polon export --table``; each export is recorded
    in the audit log. A table the role may not export is 403, an unknown one 404."""
    from polon.interchange import tables
    from polon.ledger.db import transaction
    from polon.registry.registry import Registry

    records = table is None or (table == "persons" and format == "pfif")
    if table is not None:
        try:
            tables.check(table, principal.role, "csv" if records else format)
        except tables.UnknownTable as error:
            raise reads.NotFound(str(error)) from None
        except tables.TableRefused as error:
            raise HTTPException(403, str(error)) from None
        except tables.TableError as error:  # a format that tables do not come in
            raise HTTPException(422, str(error)) from None
    if records:
        body = Registry(ledger_of(request)).export(format, principal.name, principal.role)
    else:
        with transaction(ledger_of(request)._sessions) as session:
            body = tables.export_table(session, table, format, role=principal.role,
                                       actor=principal.name)  # fmt: skip
    name = f"polon-{table or 'persons'}.{'xml' if format == 'pfif' else format}"
    return Response(body, media_type=EXPORT_TYPES[format],
                    headers={"content-disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/audit", name="api_audit", response_model=PageOut)
def audit(request: Request, page: queries.Window = Depends(window)) -> dict[str, Any]:
    return reads.audit_log(ledger_of(request), page).as_json()


@router.get("/users", name="api_users")
def users(request: Request) -> list[dict[str, Any]]:
    with ledger_of(request)._sessions() as session:
        return list_users(session)

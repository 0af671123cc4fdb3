"""The app's own routes, as the security tests walk them: each route with its method, its
query parameters and the least trusted caller the policy lets in. Walking the app rather
than a list means a route added later is attacked without anyone adding it here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from polon.web.policy import POLICY
from tests.web.test_policy import _flatten

LEAST_FIRST = ("viewer", "analyst", "editor", "admin")


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)  # parameter → its annotation

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def _query_params(dependant: Any) -> dict[str, Any]:
    found = {p.alias: p.field_info.annotation for p in dependant.query_params}
    for sub in dependant.dependencies:  # the paging window and the like
        found.update(_query_params(sub))
    return found


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (route, method) the app serves through FastAPI; the static mount is apart."""
    return [
        Endpoint(route.name, method, route.path, _query_params(route.dependant))
        for route in _flatten(app.routes)
        if isinstance(route, APIRoute)
        for method in sorted(route.methods - {"HEAD"})
    ]


def least_role(name: str) -> str | None:
    """The least trusted role the policy admits to ``name``; None when only anonymous."""
    rule = POLICY[name]
    return next((role for role in LEAST_FIRST if role in rule), None)


def concrete(path: str, ids: dict[str, int]) -> str:
    """``/persons/{person_id}`` with a real id (1 for an id the test does not care about)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)

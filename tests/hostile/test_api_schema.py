"""Schemathesis against the app's own OpenAPI schema, logged in, on SQLite and PostgreSQL.

Every operation under /api/v1 is called with generated parameters and bodies, as an editor
(whose writes are real writes) and as an analyst: no answer may be a server error, and every
answer must match the schema the app publishes. The cases tried are counted and printed.
"""

from __future__ import annotations

import os
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from polon.web import create_app
from tests.web.conftest import Site, site  # noqa: F401 - the fixture, over both backends

ROLES = ("editor", "analyst", "admin")
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Cases per operation, role and generation mode: the suite's run stays near a minute.
EXAMPLES = 100 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 6


def test_every_operation_answers_within_its_schema(site: Site):  # noqa: F811
    app = create_app(site.ledger)
    schema = schemathesis.openapi.from_asgi(
        "/api/v1/openapi.json", app, headers=site.as_role(None, "analyst")
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    cases: Counter[str] = Counter()
    failures: list[str] = []
    # Generated ids mostly name nothing; a third pass aims at records that exist, so that
    # the editor's edits and decisions are real writes.
    claim = next(c["id"] for c in site.ledger.claims("proposed"))
    known = {"claim_id": claim, "source_id": 2, "person_id": site.list_person,
             "discrepancy_id": 1}  # fmt: skip
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        existing = {name: known[name] for name in names if name in known}
        for role in ROLES:
            passes = [(GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
            for mode, ids in passes + ([(GenerationMode.POSITIVE, existing)] if existing else []):
                try:
                    _exercise(operation, mode, site.as_role(None, role), cases, ids)
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - gathered
                    failures.append(f"{operation.label} as {role} ({mode.value}):\n{error}")
    print(f"\nschemathesis: {sum(cases.values())} cases over {len(operations)} operations, "
          f"{len(ROLES)} roles; answers by operation and status:")  # fmt: skip
    for label, count in sorted(cases.items()):
        print(f"  {count:4d}  {label}")
    assert not failures, "\n\n".join(failures)


def _exercise(
    operation, mode: GenerationMode, headers: dict[str, str], cases: Counter, ids: dict | None
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids))
    def call(case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        cases[f"{operation.label} -> {response.status_code}"] += 1

    try:
        call()
    except Unsatisfiable:  # no parameters to make invalid (GET /api/v1/me, for one)
        assert mode is GenerationMode.NEGATIVE

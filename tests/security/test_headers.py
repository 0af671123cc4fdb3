"""Security headers on every kind of answer: pages, the JSON API, redirects, static files,
charts, and errors (401, 403, 404, 413, 422, 429), so that no answer a browser can be sent
to is framed, sniffed, leaks its URL in a Referer or runs inline script."""

from __future__ import annotations

import pytest
from httpx import Response

from tests.web.conftest import Site

WEAK = ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")


def script_sources(policy: str) -> list[str]:
    """What may run as script under ``policy`` (default-src when script-src is not given)."""
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    return directives.get("script-src", directives.get("default-src", ["*"]))


def problems(answer: Response) -> list[str]:
    headers = answer.headers
    found = []
    policy = headers.get("content-security-policy", "")
    if not policy:
        found.append("no CSP")
    found += [f"script-src {w}" for w in WEAK if w in script_sources(policy)]
    if "frame-ancestors 'none'" not in policy and headers.get("x-frame-options") != "DENY":
        found.append("frameable")
    if headers.get("x-frame-options") != "DENY":
        found.append(f"x-frame-options {headers.get('x-frame-options')}")
    if headers.get("referrer-policy") not in ("same-origin", "no-referrer", "strict-origin"):
        found.append(f"referrer-policy {headers.get('referrer-policy')}")
    if headers.get("x-content-type-options") != "nosniff":
        found.append("sniffable")
    return found


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # headers do not touch storage
def test_every_kind_of_answer_carries_the_security_headers(site: Site):
    client = site.client()
    viewer, editor = site.as_role(client, "viewer"), site.as_role(client, "editor")
    answers = {
        "page": client.get("/", headers=viewer),
        "api": client.get("/api/v1/me", headers=viewer),
        "openapi": client.get("/api/v1/openapi.json"),
        "redirect to login": client.get("/review"),
        "static file": client.get("/static/polon.js"),
        "chart": client.get("/charts/held.svg", headers=viewer),
        "401 api": client.get("/api/v1/dashboard"),
        "403 page": client.get("/audit", headers=viewer),
        "403 api": client.get("/api/v1/audit", headers=viewer),
        "403 csrf": client.post("/login", data={"username": "x", "password": "y"}),
        "404 page": client.get("/nowhere", headers=viewer),
        "404 api": client.get("/api/v1/sources/987654", headers=viewer),
        "404 static": client.get("/static/missing.css"),
        "413 body": client.post(
            "/api/v1/upload", headers={**editor, "content-length": str(60 << 20)}, content=b"x"
        ),
        "422 api": client.get("/api/v1/persons?limit=0", headers=viewer),
        "422 page": client.get("/analysis?as_of=someday", headers=viewer),
    }
    for _ in range(6):
        client.get("/login")
        locked = client.post(
            "/login",
            data={
                "username": "viewer",
                "password": "not it at all",
                "csrf": client.cookies["polon_pre"],
            },
        )
    answers["429 login"] = locked
    statuses = {name: a.status_code for name, a in answers.items()}
    assert statuses["413 body"] == 413 and statuses["429 login"] == 429
    assert statuses["403 csrf"] == 403 and statuses["404 static"] == 404
    failures = {name: p for name, a in answers.items() if (p := problems(a))}
    assert not failures, failures
    print(f"headers: {len(answers)} kinds of answer checked")

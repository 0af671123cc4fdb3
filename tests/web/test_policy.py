"""Every route, as every role and anonymously, against the one policy table.

The routes come from the app itself, so a new route that nobody put in ``POLICY`` fails here
before it can serve anyone. Allowed writes are sent without a valid body: the check is
whether the door opens (anything but 401/403/redirect-to-login), not what the handler does.
An open form posted without its CSRF token gets past the policy and is then refused by the
CSRF guard; that refusal says the policy let it through.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from polon.web.policy import POLICY, allowed
from tests.web.conftest import ROLES, Site

WHO = ("anonymous", "public", *ROLES)


def _concrete(path: str, site: Site) -> str:
    return (
        path.replace("{source_id}", str(site.list_source))
        .replace("{person_id}", str(site.list_person))
        .replace("{claim_id}", "1")
        .replace("{name}", "nobody")
    )


def _flatten(routes: list) -> list:
    """The served routes; recent FastAPI keeps an included router as one entry that holds
    its routes (``original_router``), older versions copy them in."""
    flat = []
    for route in routes:
        included = getattr(route, "original_router", None)
        flat.extend(_flatten(included.routes) if included is not None else [route])
    return flat


def _routes(app) -> list[tuple[str, str, str]]:  # noqa: ANN001
    """(name, method, path) for every route the app serves."""
    found = []
    for route in _flatten(app.routes):
        if isinstance(route, Mount):
            found.append((route.name, "GET", f"{route.path}/polon.css"))
        elif isinstance(route, APIRoute | Route):
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                found.append((route.name, method, route.path))
    return found


def test_every_route_is_in_the_policy_table(site: Site):
    names = {name for name, _, _ in _routes(site.client().app)}
    assert names - set(POLICY) == set(), "routes nobody decided access for"
    assert set(POLICY) - names == set(), "policy entries for routes that do not exist"


def test_a_route_missing_from_the_table_serves_nobody(site: Site):
    client = site.client()
    client.app.add_api_route("/forgotten", lambda: {"secret": 1}, name="forgotten")
    answer = client.get("/forgotten", headers=site.as_role(client, "admin"))
    assert answer.status_code == 403
    assert "secret" not in answer.text


def expected(name: str, who: str) -> bool:
    """The table's answer: a public visitor is anonymous with a viewer's reading rights."""
    if who in ROLES:
        return allowed(name, who)
    if who == "public":
        return allowed(name, None) or allowed(name, "viewer")
    return allowed(name, None)


def test_every_route_as_every_role(site: Site):
    """One check per (route, method, caller): every route × 6 kinds of caller."""
    clients = {False: site.client(), True: site.client(public=True)}
    checked, failures = 0, []
    for name, method, path in _routes(clients[False].app):
        url = _concrete(path, site)
        for who in WHO:
            client = clients[who == "public"]
            headers = site.as_role(client, who) if who in ROLES else {}
            body = {"json": {}} if url.startswith("/api/") and method != "GET" else {}
            answer = client.request(method, url, headers=headers, **body)
            csrf = answer.status_code == 403 and "security token" in answer.text
            refused = (answer.status_code in (401, 403) and not csrf) or (
                answer.status_code == 303 and "/login?next=" in answer.headers["location"]
            )
            if expected(name, who) == refused or answer.status_code >= 500:
                failures.append(f"{method} {url} as {who}: {answer.status_code}")
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked == len(_routes(clients[False].app)) * len(WHO) >= len(POLICY) * len(WHO)


@pytest.mark.parametrize("path", ["/", "/persons?q=Shevchuk", "/review"])
def test_anonymous_is_sent_to_log_in_unless_public(site: Site, path: str):
    answer = site.client().get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    api = site.client().get("/api/v1/dashboard")
    assert api.status_code == 401
    assert api.headers["www-authenticate"] == "Bearer"


def test_public_visitors_read_as_viewers_and_write_nothing(site: Site):
    client = site.client(public=True)
    assert client.get("/").status_code == 200
    assert client.get(f"/persons/{site.article_person}").status_code == 200
    assert client.get(f"/persons/{site.list_person}").status_code == 404  # only a list names
    assert client.get("/review").status_code == 303  # to the login form
    assert client.post("/api/v1/sources/1/decision", json={"decision": "accept"}).status_code == 401

"""Asking for a person by id (IDOR): a viewer, or an anonymous visitor of a public server,
gets nothing about a person beyond what a published source (an article, an official
statement) said, whatever id or route they try; an analyst gets the whole record, and that
view is written to the audit log.

The person list in the site names three people no article names; every string below is
theirs alone, so it must not reach a viewer on any page or API answer.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from polon.ledger.models import AuditEntry, Person, Source
from polon.registry.registry import Registry
from tests.security.walk import concrete, endpoints
from tests.web.conftest import Site

LIST_ONLY = (
    "Shevchuk",
    "Lysenko",
    "Hnatiuk",
    "1990-08-22",
    "22/08/1990",
    "1984-02-29",
    "+380 00",
    "N-101",
    "36th Brigade",
    "en_comma.csv",
)
# no ledger data behind them, or only aggregates drawn as a chart (and costly to draw)
SKIP = {"static", "openapi", "login_form", "health", "chart_held", "chart_exchanges"}
MISSING = 987654


def test_a_viewer_and_a_public_visitor_read_nothing_only_a_list_holds(site: Site):
    with site.ledger._sessions() as session:
        persons = [*session.scalars(select(Person.id)), MISSING]
        sources = list(session.scalars(select(Source.id)))
    viewer, public = site.client(), site.client(public=True)
    callers = {"viewer": (viewer, site.as_role(viewer, "viewer")), "public": (public, {})}
    requests, leaks, hidden = 0, [], {}
    for endpoint in endpoints(viewer.app):
        if endpoint.method != "GET" or endpoint.name in SKIP or "viewer" not in _rule(endpoint):
            continue
        urls = [
            concrete(endpoint.path, {"person_id": p, "source_id": s})
            for p in (persons if "{person_id}" in endpoint.path else [0])
            for s in (sources if "{source_id}" in endpoint.path else [0])
        ]
        if "q" in endpoint.query:
            urls += [f"{endpoint.path}?q={name}" for name in ("Shevchuk", "Lysenko Mariia")]
        for url in urls:
            for who, (client, headers) in callers.items():
                answer = client.get(url, headers=headers)
                requests += 1
                assert answer.status_code in (200, 404), (who, url, answer.status_code)
                echoed = url.partition("?q=")[2]  # the visitor's own words come back
                leaks += [
                    f"{who} {url}: {s}" for s in LIST_ONLY if s in answer.text and s not in echoed
                ]
                if echoed and endpoint.is_api:
                    assert answer.json()["items"] == [], url
                if answer.status_code == 404 and "{person_id}" in endpoint.path:
                    person = int(url.rsplit("/", 1)[1])
                    hidden[(who, endpoint.name, person)] = re.sub(
                        rf"(?<![\w-]){person}(?![\w-])", "N", answer.text
                    )
    assert not leaks, "\n".join(leaks)
    # a person only a list names is answered exactly like one that does not exist
    assert (("viewer", "api_person", site.list_person)) in hidden
    for (who, name, _), text in hidden.items():
        assert text == hidden[(who, name, MISSING)]
    print(f"IDOR: {requests} requests by a viewer and a public visitor, no list data")


def _rule(endpoint) -> frozenset[str]:  # noqa: ANN001
    from polon.web.policy import POLICY

    return POLICY[endpoint.name]


def test_an_analyst_reads_the_whole_record_and_the_view_is_audited(site: Site):
    client = site.client()
    analyst, viewer = site.as_role(client, "analyst"), site.as_role(client, "viewer")
    person = site.list_person
    assert "1990-08-22" in client.get(f"/api/v1/persons/{person}", headers=analyst).text
    assert "1990-08-22" in client.get(f"/persons/{person}", headers=analyst).text
    with site.ledger._sessions() as session:
        views = session.execute(
            select(AuditEntry.user_id, AuditEntry.after).where(AuditEntry.action == "view_personal")
        ).all()
    assert [after for _, after in views] == [{"person_id": person, "role": "analyst"}] * 2
    # merged with a person an article names, the record opens to a viewer: only its article
    Registry(site.ledger).merge([site.article_person, person], "tester", site.article_person)
    for person_id in (person, site.article_person):
        for url in (f"/api/v1/persons/{person_id}", f"/persons/{person_id}"):
            answer = client.get(url, headers=viewer)
            assert answer.status_code == 200 and "Prokopenko" in answer.text
            assert not [s for s in LIST_ONLY if s in answer.text], url
    kinds = {
        s["kind"] for s in client.get(f"/api/v1/persons/{person}", headers=viewer).json()["sources"]
    }
    assert kinds <= {"article", "statement"}
    assert re.search(r"Shevchuk", client.get(f"/persons/{person}", headers=analyst).text)

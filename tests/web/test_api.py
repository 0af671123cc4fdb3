"""The JSON API: pages of lists, the role rule on sources and persons, versioned edits, audit."""

from __future__ import annotations

from sqlalchemy import select

from polon.ledger.models import AuditEntry
from tests.web.conftest import Site


def _audit(site: Site, action: str) -> list[AuditEntry]:
    with site.ledger._sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_lists_are_paged_with_total_and_stable_ids(site: Site):
    client = site.client()
    headers = site.as_role(client, "analyst")
    first = client.get("/api/v1/sources?limit=2", headers=headers).json()
    assert first["total"] == 3 and len(first["items"]) == 2 and first["offset"] == 0
    rest = client.get("/api/v1/sources?limit=2&offset=2", headers=headers).json()
    ids = [s["id"] for s in first["items"] + rest["items"]]
    assert ids == sorted(set(ids)) and len(ids) == 3
    again = client.get("/api/v1/sources?limit=2", headers=headers).json()
    assert [s["id"] for s in again["items"]] == ids[:2]
    assert client.get("/api/v1/sources?limit=0", headers=headers).status_code == 422
    exchanges = client.get("/api/v1/exchanges", headers=headers).json()
    assert exchanges["total"] == 1
    assert exchanges["items"][0]["date"] == "2022-09-21"
    assert exchanges["items"][0]["returned"] == 215


def test_openapi_schema_lists_the_api_and_no_pages(site: Site):
    schema = site.client().get("/api/v1/openapi.json").json()
    assert "/api/v1/persons/{person_id}" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/claims/{claim_id}"]
    assert not [p for p in schema["paths"] if not p.startswith("/api/v1/")]


def test_viewer_sees_published_sources_only_and_cannot_open_a_list(site: Site):
    client = site.client()
    viewer, analyst = site.as_role(client, "viewer"), site.as_role(client, "analyst")
    kinds = {s["kind"] for s in client.get("/api/v1/sources", headers=viewer).json()["items"]}
    assert kinds == {"article"}
    assert client.get(f"/api/v1/sources/{site.list_source}", headers=viewer).status_code == 404
    assert client.get(f"/api/v1/sources/{site.list_source}", headers=analyst).status_code == 200


def test_viewer_asking_for_a_listed_person_by_id_gets_404(site: Site):
    client = site.client()
    url = f"/api/v1/persons/{site.list_person}"
    assert client.get(url, headers=site.as_role(client, "viewer")).status_code == 404
    hits = client.get("/api/v1/persons?q=Shevchuk", headers=site.as_role(client, "viewer"))
    assert hits.json()["items"] == []
    record = client.get(url, headers=site.as_role(client, "analyst")).json()
    assert record["name"] == "Taras Shevchuk"
    assert any(f["field"] == "date_of_birth" for f in record["fields"])


def test_viewing_personal_data_is_audited_with_who(site: Site):
    client = site.client()
    client.get(f"/api/v1/persons/{site.list_person}", headers=site.as_role(client, "analyst"))
    (entry,) = _audit(site, "view_personal")
    assert entry.entity_id == site.list_person
    assert entry.after == {"person_id": site.list_person, "role": "analyst"}
    client.get(f"/api/v1/persons/{site.article_person}", headers=site.as_role(client, "viewer"))
    assert len(_audit(site, "view_personal")) == 1  # nothing personal was shown


def test_search_finds_a_person_under_another_spelling(site: Site):
    client = site.client()
    hits = client.get("/api/v1/persons?q=Денис Прокопенко", headers=site.as_role(client, "viewer"))
    assert [h["id"] for h in hits.json()["items"]][:1] == [site.article_person]


def _proposed(site: Site, client) -> dict:  # noqa: ANN001
    items = client.get(
        "/api/v1/claims?state=proposed&limit=1", headers=site.as_role(client, "editor")
    ).json()["items"]
    return items[0]


def test_a_stale_edit_gets_409_and_the_newer_data_is_kept(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    claim = _proposed(site, client)
    url = f"/api/v1/claims/{claim['id']}"
    first = client.patch(
        url, headers=editor, json={"version": claim["version"], "attributed_to": "first editor"}
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == claim["version"] + 1
    late = client.patch(
        url,
        headers=site.as_role(client, "admin"),
        json={"version": claim["version"], "attributed_to": "second editor"},
    )
    assert late.status_code == 409
    assert "changed since you loaded it" in late.json()["detail"]
    assert client.get(url, headers=editor).json()["attributed_to"] == "first editor"
    (edit,) = _audit(site, "edit")
    assert edit.before["attributed_to"] != "first editor"
    assert edit.after["attributed_to"] == "first editor"


def test_deciding_on_a_stale_version_changes_nothing(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    claim = _proposed(site, client)
    client.patch(
        f"/api/v1/claims/{claim['id']}",
        headers=editor,
        json={"version": claim["version"], "qualifier": "about"},
    )
    stale = client.post(
        f"/api/v1/sources/{claim['source_id']}/decision",
        headers=editor,
        json={"decision": "accept", "versions": {claim["id"]: claim["version"]}},
    )
    assert stale.status_code == 409
    assert client.get(f"/api/v1/claims/{claim['id']}", headers=editor).json()["state"] == "proposed"
    fresh = client.post(
        f"/api/v1/sources/{claim['source_id']}/decision",
        headers=editor,
        json={"decision": "accept"},
    )
    assert fresh.status_code == 200 and claim["id"] in fresh.json()["changed"]
    accepted = _audit(site, "accept")
    assert {e.entity_id for e in accepted} >= set(fresh.json()["changed"])


def test_bad_edits_name_the_field(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    claim = _proposed(site, client)
    url = f"/api/v1/claims/{claim['id']}"
    bad_date = client.patch(url, headers=editor, json={"version": claim["version"], "date": "21/9"})
    assert bad_date.status_code == 422 and "date" in bad_date.json()["detail"]
    bad_qualifier = client.patch(
        url, headers=editor, json={"version": claim["version"], "qualifier": "lots"}
    )
    assert bad_qualifier.status_code == 422
    assert client.get(url, headers=editor).json()["version"] == claim["version"]


def test_an_accepted_claim_cannot_be_edited(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    accepted = client.get("/api/v1/claims?state=accepted&limit=1", headers=editor).json()
    claim = accepted["items"][0]
    answer = client.patch(
        f"/api/v1/claims/{claim['id']}",
        headers=editor,
        json={"version": claim["version"], "attributed_to": "x"},
    )
    assert answer.status_code == 422 and "only proposed claims" in answer.json()["detail"]


def test_dashboard_data_and_charts(site: Site):
    client = site.client()
    viewer = site.as_role(client, "viewer")
    data = client.get("/api/v1/dashboard", headers=viewer).json()
    assert [e["date"] for e in data["exchanges"]] == ["2022-09-21"]
    assert data["returned_total"] == 215
    assert data["last_exchange"] == "2022-09-21"
    assert {(p["value"], p["qualifier"], p["as_of"]) for p in data["held"]} >= {
        (2500, "more_than", "2022-06-06")
    }
    assert all(p["source_id"] for p in data["held"])
    chart = client.get("/charts/exchanges.svg", headers=viewer)
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "2022-09-21" in chart.text


def test_dashboard_follows_new_data(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    before = client.get("/api/v1/dashboard", headers=editor).json()
    waiting = client.get("/api/v1/claims?state=proposed", headers=editor).json()["items"]
    source_id = waiting[0]["source_id"]
    client.post(
        f"/api/v1/sources/{source_id}/decision", headers=editor, json={"decision": "accept"}
    )
    after = client.get("/api/v1/dashboard", headers=editor).json()
    assert len(after["held"]) > len(before["held"])


def test_upload_names_files_safely_and_reports_bad_rows(site: Site, tmp_path):
    client = site.client()
    editor = site.as_role(client, "editor")
    report = b"On 7 January 2024, 230 Ukrainian defenders came home in an exchange."
    bad = b"Surname,Given name,Date of birth\nKoval,Ivan,31.02.1990\n"
    files = [
        ("files", ("../../etc/passwd.txt", report, "text/plain")),
        ("files", ("list.csv", bad, "text/csv")),
    ]
    answer = client.post("/api/v1/upload", headers=editor, files=files)
    assert answer.status_code == 200, answer.text
    report_result, list_result = answer.json()
    assert report_result["file"] == "passwd.txt" and report_result["claims"] >= 1
    assert list_result["source_id"] is None
    assert "list.csv:2 (Date of birth)" in list_result["error"]
    sources = client.get("/api/v1/sources?limit=200", headers=editor).json()["items"]
    assert {s["name"] for s in sources} >= {"passwd.txt"}
    assert not [s for s in sources if s["name"] == "list.csv"]


def test_upload_without_files_is_refused_and_oversized_bodies_are_413(site: Site):
    client = site.client()
    editor = site.as_role(client, "editor")
    assert client.post("/api/v1/upload", headers=editor).status_code == 422
    huge = {"content-length": str(10**9), **editor}
    assert client.post("/api/v1/upload", headers=huge, content=b"x").status_code == 413


def test_admin_lists_users_without_secrets(site: Site):
    client = site.client()
    users = client.get("/api/v1/users", headers=site.as_role(client, "admin")).json()
    assert {u["name"] for u in users} >= {"admin", "editor", "analyst", "viewer"}
    assert all("password" not in key for u in users for key in u)


def test_exports_are_audited(site: Site):
    client = site.client()
    answer = client.get("/api/v1/export?format=csv", headers=site.as_role(client, "analyst"))
    assert answer.status_code == 200 and "Shevchuk" in answer.text
    assert answer.headers["content-disposition"].endswith('filename="polon-persons.csv"')
    (entry,) = _audit(site, "export")
    assert entry.after["format"] == "csv" and entry.after["role"] == "analyst"
    refused = client.get("/api/v1/export", headers=site.as_role(client, "viewer"))
    assert refused.status_code == 403

"""Path traversal: a file name in an upload only labels the source (uploads are read in
memory, never saved under the browser's name); the export's table and format cannot name a
path, on the API or in ``polon export --out``; and ``/static`` serves nothing from outside
polon/web/static, however the dots are spelt."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from polon.ledger import Ledger
from polon.ledger.models import Source
from polon.web import create_app
from tests.cli.test_cli import polon
from tests.web.conftest import Site, log_in

NAMES = (
    "../../planted.txt",
    "..\\..\\planted.txt",
    "%2e%2e%2fplanted.txt",
    "....//....//planted.txt",
    "x\x00planted.txt",
    ".planted.txt",
)

TABLES = (
    "../../etc/passwd",
    "..%2f..%2fpersons",
    "persons/../audit_log",
    "/etc/passwd",
    "persons\x00",
    "users",
    "api_tokens",
    "web_sessions",
)


def report(n: int) -> bytes:
    return (
        f"On {n} May 2023 a bus took {n + 10} freed soldiers from the border to Chernihiv.".encode()
    )


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_upload_names_only_label_the_source(
    site: Site, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    root = tmp_path_factory.mktemp("traversal")
    (root / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(root / "a" / "b")  # where a relative "../../" would land: root
    absolute = str(root / "absolute.txt")
    client = site.client()
    editor = site.as_role(client, "editor")
    uploads = [("files", (name, report(i), "text/plain")) for i, name in enumerate(NAMES)]
    uploads.append(("files", (absolute, report(99), "text/plain")))
    answers = client.post("/api/v1/upload", files=uploads, headers=editor).json()
    browser = site.client()
    csrf = log_in(browser, "editor")
    form_file = ("files", ("../../../etc/cron.d/x", report(50), "text/plain"))
    page = browser.post("/upload", data={"csrf": csrf}, files=[form_file])
    assert page.status_code == 200 and "cron.d" not in page.text
    labels = [a["file"] for a in answers]
    assert all(a["source_id"] and a["error"] is None for a in answers), answers
    for label in labels:
        assert "/" not in label and "\\" not in label and "\x00" not in label
        assert not label.startswith(".")
    assert labels[-1] == "absolute.txt"
    with site.ledger._sessions() as session:
        names = set(session.scalars(select(Source.name)))
    assert set(labels) <= names
    assert files_under(root) == set()  # nothing written, inside or out


def test_export_table_and_format_cannot_name_a_path(site: Site):
    client = site.client()
    for role in ("analyst", "admin"):
        headers = site.as_role(client, role)
        for table in TABLES:
            answer = client.get("/api/v1/export", params={"table": table}, headers=headers)
            assert answer.status_code in (404, 422), (role, table, answer.status_code)
            assert "content-disposition" not in answer.headers
        bad_format = client.get("/api/v1/export?format=../x.csv&table=figures", headers=headers)
        assert bad_format.status_code == 422


def test_cli_export_writes_only_inside_its_out_folder(db_url: str, tmp_path: Path):
    assert polon(db_url, "init").exit_code == 0
    out = tmp_path / "export"
    before = files_under(tmp_path)
    refused = polon(db_url, "export", "--format", "csv", "--table", "../../x", "--out", str(out))
    assert refused.exit_code == 2 and "../../x" in refused.output
    assert files_under(tmp_path) == before and not out.exists()
    done = polon(db_url, "export", "--format", "json", "--all", "--out", str(out))
    assert done.exit_code == 0, done.output
    written = files_under(tmp_path) - before
    assert written and all(p.parent == out and p.suffix == ".json" for p in written)


def asgi_get(app, path: str) -> tuple[int, bytes]:  # noqa: ANN001
    """One GET with ``path`` exactly as a server hands it over (uvicorn decodes %2e to a
    dot before the app sees it), bypassing the client's own URL clean-up."""
    sent: list[dict] = []
    asked = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> dict:  # the request, then the client leaves (as a server says)
        return next(asked, {"type": "http.disconnect"})

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode("utf-8", "surrogateescape"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    # A thread of its own: an earlier test (Playwright's sync API) may have left an event
    # loop running in this one, and asyncio.run refuses to nest.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # no ledger read: one backend
def test_static_serves_nothing_outside_its_folder(ledger: Ledger):
    app = create_app(ledger)
    assert asgi_get(app, "/static/polon.css")[0] == 200
    for path in (
        "/static/../app.py",
        "/static/../../web/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e%2fapp.py",
        "/static/..\\app.py",
        "/static//etc/passwd",
        "/static/../templates/base.html",
        "/static/polon.css/../../app.py",
        "/static/\x00",
    ):
        status, body = asgi_get(app, path)
        assert status in (400, 404), (path, status)
        assert not any(raw in body for raw in (b"def create_app", b"{% block", b"root:")), path

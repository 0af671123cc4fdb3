"""Every command through its real entry point, on real databases of both backends."""

import http.server
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polon.cli import app
from tests.conftest import EXAMPLES, FIXTURES, KI_SEED, NV_SEED

runner = CliRunner()


def polon(db: str, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, ["--db", db, "--user", "cli-tester", *args], env=env)


@pytest.fixture
def db(db_url: str) -> str:
    result = polon(db_url, "init")
    assert result.exit_code == 0, result.output
    return db_url


def _png(path: Path) -> Path:
    header = b"\x89PNG\r\n\x1a\n"
    chunk = struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.write_bytes(header + chunk + struct.pack(">I", zlib.crc32(chunk[4:])))
    return path


def test_ingest_accept_then_exchanges_json(db: str):
    result = polon(db, "ingest", "--accept", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert "2 files: 2 new sources, 0 already in the ledger, 0 failed." in result.output
    exchanges = json.loads(polon(db, "exchanges", "--json").stdout)
    assert len(exchanges) == 1
    [swap] = exchanges
    assert swap["date"] == "2022-09-21" and swap["returned"] == 215
    assert {s["name"].rsplit("/", 1)[-1] for s in swap["sources"]} == {NV_SEED.name, KI_SEED.name}


def test_summary_shows_the_acceptance_facts(db: str):
    polon(db, "ingest", "--accept", str(EXAMPLES))
    result = runner.invoke(app, ["--db", db, "summary"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.count("2022-09-21") == 1
    assert "Mariupol defenders: 188 — [1] The New Voice of Ukraine" in text
    assert "Azov Regiment: 108 — [2] The Kyiv Independent" in text
    for figure in ["2,449", "more than 2,500", "2,500", "3,574", "more than 700"]:
        assert figure in text
    assert "Ledger: 2 sources, 1 exchanges, 5 figures" in text


def test_read_commands_print_json_lists(db: str):
    polon(db, "ingest", "--accept", str(EXAMPLES))
    for table in ["sources", "exchanges", "figures", "persons", "promises", "places",
                  "discrepancies", "events", "organizations"]:  # fmt: skip
        result = polon(db, table, "--json")
        assert result.exit_code == 0, (table, result.output)
        rows = json.loads(result.stdout)
        assert isinstance(rows, list)
        assert table == "discrepancies" or rows, table
        table_view = polon(db, table)
        assert table_view.exit_code == 0


def test_review_list_accept_reject(db: str):
    polon(db, "ingest", str(KI_SEED))
    proposed = json.loads(polon(db, "review", "list", "--json").stdout)
    assert proposed and all(c["state"] == "proposed" for c in proposed)
    first, second = proposed[0]["id"], proposed[1]["id"]
    result = polon(db, "review", "reject", str(first))
    assert result.exit_code == 0 and "1 claims rejected" in result.output
    result = polon(db, "review", "accept", str(second))
    assert "1 claims accepted" in result.output
    result = polon(db, "review", "accept", "--source", "1")
    assert result.exit_code == 0
    states = {c["id"]: c["state"] for c in json.loads(
        polon(db, "review", "list", "--state", "all", "--json").stdout)}  # fmt: skip
    assert states[first] == "rejected"
    assert set(states.values()) == {"accepted", "rejected"}
    assert polon(db, "review", "accept", "424242").exit_code == 2


def test_bad_files_are_named_and_the_rest_goes_on(db: str, tmp_path: Path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    _png(folder / "photo.png")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "report.txt").write_bytes(KI_SEED.read_bytes())
    result = polon(db, "ingest", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'photo.png'}: not a text document (PNG image)" in result.output
    assert f"{folder / 'empty.txt'}: empty file" in result.output
    assert "3 files: 1 new sources, 0 already in the ledger, 2 failed." in result.output
    assert len(json.loads(polon(db, "sources", "--json").stdout)) == 1


def test_ingesting_again_reports_already_stored(db: str):
    polon(db, "ingest", str(KI_SEED))
    result = polon(db, "ingest", str(KI_SEED))
    assert result.exit_code == 0 and "already in the ledger" in result.output


def test_published_and_url_options(db: str):
    result = polon(db, "ingest", "--published", "2023-12-18", "--url", "https://example.org/a",
                   str(NV_SEED))  # fmt: skip
    assert result.exit_code == 0, result.output
    [source] = json.loads(polon(db, "sources", "--json").stdout)
    assert source["published"] == "2023-12-18" and source["url"] == "https://example.org/a"
    assert polon(db, "ingest", "--published", "someday", str(KI_SEED)).exit_code == 2


def test_commands_before_init_explain_what_to_do(tmp_path: Path):
    result = polon(str(tmp_path / "new.db"), "exchanges")
    assert result.exit_code == 2
    assert "polon init" in result.output


def test_unreachable_server_is_a_clear_error():
    result = polon("postgresql://nobody@127.0.0.1:1/none", "init")
    assert result.exit_code == 2
    assert "cannot initialise" in result.output


def test_extract_needs_no_database(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", "--json", str(KI_SEED), str(FIXTURES / "held_low.txt")])
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.stdout.splitlines()]  # JSON Lines
    assert [d["source"]["published"] for d in documents] == ["2022-10-06", None]
    first = documents[0]
    assert set(first) >= {"source", "text", "exchanges", "figures", "persons", "places",
                          "promises", "events"}  # fmt: skip
    assert set(first["source"]) >= {"title", "publisher", "published", "url", "sha256"}
    swap = first["exchanges"][0]
    assert (swap["date"], swap["returned"]) == ("2022-09-21", 215)
    for start, end in swap["evidence"]:
        assert "215" in first["text"][start:end] or "Sept. 21" in first["text"][start:end]
    assert not list(tmp_path.iterdir())  # no polon.db was created
    table = runner.invoke(app, ["extract", str(KI_SEED)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Vereshchuk" in table.stdout


def test_polon_db_environment_variable(tmp_path: Path):
    target = tmp_path / "from-env.db"
    env = {"POLON_DB": str(target)}
    assert runner.invoke(app, ["init"], env=env).exit_code == 0
    assert runner.invoke(app, ["ingest", str(KI_SEED)], env=env).exit_code == 0
    assert target.exists()


def test_html_page_is_cleaned_and_its_metadata_kept(db: str):
    result = polon(db, "ingest", "--accept", str(FIXTURES / "swap_page.html"))
    assert result.exit_code == 0, result.output
    [source] = json.loads(polon(db, "sources", "--json").stdout)
    assert source["publisher"] == "Harbour Gazette" and source["published"] == "2023-05-08"
    [swap] = json.loads(polon(db, "exchanges", "--json").stdout)
    assert (swap["date"], swap["returned"], swap["mediators"]) == (
        "2023-05-06", 45, ["United Arab Emirates"])  # fmt: skip
    evidence = " ".join(c["evidence"] for c in swap["claims"])
    assert "Photo" not in evidence and "subscribe" not in evidence
    [figure] = json.loads(polon(db, "figures", "--json").stdout)
    assert (figure["value"], figure["qualifier"], figure["as_of"]) == (
        3000,
        "at_least",
        "2023-05-01",
    )


def test_reject_a_whole_source(db: str):
    polon(db, "ingest", str(KI_SEED))
    result = polon(db, "review", "reject", "--source", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(polon(db, "review", "list", "--json").stdout) == []
    rejected = json.loads(polon(db, "review", "list", "--state", "rejected", "--json").stdout)
    assert len(rejected) == 12
    assert polon(db, "review", "accept").exit_code == 2  # nothing named


URL_PAGE = b"""<!doctype html><html><head><title>Swap brings 95 soldiers home</title>
<meta property="og:site_name" content="Loopback News">
<meta property="article:published_time" content="2024-10-18T15:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<h1>Swap brings 95 soldiers home</h1>
<p>On Friday, 95 Ukrainian soldiers returned home from Russian captivity in exchange for
95 Russian servicemen, the ombudsman Dmytro Lubinets said.</p>
<p>The United Arab Emirates mediated the exchange, the latest of several this year.</p>
</article><footer>Loopback News, 1 Example Street</footer></body></html>"""


@pytest.fixture()
def page_url() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if self.path != "/news/swap-95":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(URL_PAGE)))
            self.end_headers()
            self.wfile.write(URL_PAGE)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/swap-95"
    server.shutdown()
    server.server_close()


def test_ingest_and_extract_read_a_url(tmp_path: Path, page_url: str):
    result = runner.invoke(app, ["extract", "--json", page_url])
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert facts["source"]["url"] == page_url and facts["source"]["published"] == "2024-10-18"
    assert [(e["date"], e["returned"], e["handed_over"]) for e in facts["exchanges"]] == [
        ("2024-10-18", 95, 95)
    ]
    db = str(tmp_path / "url.db")
    assert runner.invoke(app, ["--db", db, "init"]).exit_code == 0
    stored = runner.invoke(app, ["--db", db, "ingest", "--accept", page_url])
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(app, ["--db", db, "sources", "--json"])
    [source] = json.loads(listed.stdout)
    assert source["url"] == page_url
    missing = runner.invoke(app, ["--db", db, "ingest", page_url.replace("swap-95", "gone")])
    assert missing.exit_code == 1 and "HTTP 404" in missing.output

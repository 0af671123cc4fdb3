"""The web benchmark's parts: its load generator against a tiny local server, and its news
items, which the real extractor must read figures, swaps and persons from."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.web.__main__ import DASHBOARD_SQL, Route
from bench.web.articles import articles
from bench.web.ledger import build
from bench.web.load import LoadResult, measure, measure_in_process
from bench.web.report import table
from polon.ingest import extract, load_document


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if self.path.startswith("/hang-up"):
            self.close_connection = True  # no answer at all
            return
        if self.path.startswith("/chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"first ", b"second"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        status = 500 if self.path.startswith("/broken") else 200
        body = b"wrong" if status == 500 else f"page {self.path}".encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_load_counts_answers_latencies_and_errors(port: int) -> None:
    result = measure("127.0.0.1", port, ["/a", "/chunked", "/broken"], {"X-Test": "1"}, 3, 0.5, 0.1)
    assert result.statuses[200] > 0 and result.statuses[500] > 0
    assert result.errors == result.statuses[500]
    assert "HTTP 500" in (result.first_error or "") and "wrong" in (result.first_error or "")
    assert result.requests == sum(result.statuses.values()) == len(result.latencies)
    assert 0 < result.percentile(0.5) <= result.percentile(0.95) <= result.percentile(0.99)
    assert result.rate == pytest.approx(len(result.latencies) / 0.5)
    assert not result.mostly_errors


def test_load_counts_unanswered_requests_and_fails_a_broken_route(port: int) -> None:
    result = measure("127.0.0.1", port, ["/hang-up"], None, 2, 0.3, 0.0)
    assert result.unanswered > 0 and result.errors == result.unanswered
    assert not result.latencies and result.mostly_errors


def test_load_in_its_own_process(port: int) -> None:
    result = measure_in_process("127.0.0.1", port, ["/x", "/y"], None, 2, 0.3, 0.1)
    assert result.statuses[200] == len(result.latencies) > 0 and result.errors == 0


def test_items_are_read_as_figures_swaps_and_persons() -> None:
    names = ["Oleksandr Kovalenko", "Taras Myroshnychenko", "Dmytro Sokolenko"]
    items = articles(60, names, seed=3)
    assert len({item.text for item in items}) == 60
    assert {item.published.year for item in items} <= {2022, 2023, 2024, 2025}
    for item in items:
        claims = extract(load_document(item.text.encode(), "item.txt")).claims
        held = [c for c in claims if c.kind == "figure" and c.values["measure"] == "held"]
        assert [c.values["value"] for c in held] == [item.held], item.text
        swaps = [c for c in claims if c.kind == "exchange" and c.values.get("returned")]
        assert [c.date.value for c in swaps] == [item.swap_day], item.text
        named = {c.values["name"] for c in claims if c.kind == "person"}
        assert set(item.persons) <= named, item.text


def test_a_small_ledger_has_what_the_dashboard_shows(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    build(path, persons=300, sources=30, seed=2)
    with closing(sqlite3.connect(path)) as connection:
        count = lambda table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("sources") == 30
        assert count("persons") >= 300
        assert count("figures") >= 30 and count("exchanges") > 0
        headline = connection.execute(DASHBOARD_SQL).fetchall()
    assert {row[0] for row in headline} == {"held", "exchange"}  # as the dashboard shows them
    assert all(row[3] > 0 for row in headline if row[0] == "held")


def test_table_shows_each_setting_with_ratio_and_verdict() -> None:
    fast, slow = LoadResult([0.010] * 100, window=1.0), LoadResult([0.060] * 100, window=1.0)
    name = "person search (HTML)"
    polon = {"Polon, 1 process": {name: slow}, "Polon, 2 workers": {name: fast}}
    lines = table([Route(name, [], [], 50)], polon, {name: LoadResult([0.040] * 100, window=1.0)})
    one, two, baseline = lines[1:4]
    assert "1 process" in one and "1.50" in one and "MISS" in one
    assert "2 workers" in two and "0.25" in two and "PASS" in two
    assert baseline.split()[0] == "datasette" and "40.0" in baseline

"""Fetching report pages from a real local HTTP server, and every way a fetch can fail."""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from polon.ingest.documents import DocumentError, load_document
from polon.ingest.fetch import MAX_REDIRECTS, fetch_document, is_url

ARTICLE = """\
<!doctype html>
<html><head>
<title>Forty soldiers come home in overnight swap | Steppe Herald</title>
<meta property="og:site_name" content="Steppe Herald">
</head><body>
<nav><a href="/">Home</a> <a href="/war">War</a></nav>
<article><h1>Forty soldiers come home in overnight swap</h1>
<p>Forty Ukrainian soldiers returned from Russian custody early on Tuesday, the coordination
office for prisoners said in a morning statement.</p>
<p>In return, Ukraine handed over thirty-eight Russian service members, according to the
office.</p></article>
<footer><p>All rights reserved.</p></footer>
</body></html>
"""
CANONICAL = ARTICLE.replace(
    "<meta property", '<link rel="canonical" href="https://herald.example/swap">\n<meta property'
)
# No doctype and few block tags: content sniffing alone would read this as plain text.
FRAGMENT = (
    "<title>Overnight swap</title>\n"
    "<p>Forty Ukrainian soldiers returned from Russian custody early on Tuesday.</p>\n"
    "<p>Ukraine handed over thirty-eight Russian service members in return.</p>\n"
)
STATEMENT = (
    "Another 38 of our people are home today, among them two medics who had been held since "
    "the spring of 2022. We will keep working until every prisoner returns to Ukraine."
)
CYRILLIC = (
    "Сьогодні додому повернулися ще 38 наших захисників. "
    "Ми продовжуємо роботу, щоб повернути всіх, хто залишається в полоні."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"

SMALL_LIMIT = 10_000
SHORT_TIMEOUT = 0.5


def _cyrillic_page(charset: str) -> bytes:
    return f"<!doctype html><html><body><article><p>{CYRILLIC}</p></article></body></html>".encode(
        charset
    )


# path -> (status, content type, body); streamed and misbehaving pages are in the handler.
PAGES: dict[str, tuple[int, str, bytes]] = {
    "/article": (200, "text/html; charset=utf-8", ARTICLE.encode()),
    "/canonical": (200, "text/html", CANONICAL.encode()),
    "/fragment": (200, "text/html", FRAGMENT.encode()),
    "/xhtml": (200, "application/xhtml+xml", FRAGMENT.encode()),
    "/statement": (200, "text/plain; charset=utf-8", STATEMENT.encode()),
    "/cp1251": (200, "text/html; charset=windows-1251", _cyrillic_page("cp1251")),
    "/koi8": (200, "text/html; charset=koi8-u", _cyrillic_page("koi8-u")),
    "/mislabelled": (200, "text/html; charset=iso-8859-1", _cyrillic_page("utf-8")),
    "/unknown-charset": (200, "text/html; charset=x-no-such", _cyrillic_page("utf-8")),
    "/empty": (200, "text/html", b""),
    "/png": (200, "image/png", PNG),
    "/pdf": (200, "application/pdf", b"%PDF-1.7\n"),
    "/octets": (200, "application/octet-stream", STATEMENT.encode()),
    "/missing": (404, "text/html", b"<p>Not here</p>"),
    "/broken": (500, "text/html", b"<p>Oops</p>"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # for chunked bodies; every response closes its connection
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen[self.path] = dict(self.headers)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()  # the client may hang up on purpose, as these tests ask it to

    def _route(self) -> None:
        path = self.path
        if path in PAGES:
            self._reply(*PAGES[path])
        elif path.startswith("/hop/"):
            left = int(path.removeprefix("/hop/"))
            self._redirect(f"/hop/{left - 1}" if left > 1 else "/article")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/report.txt")
        elif path == "/declared-huge":
            self._head(200, "text/html", {"Content-Length": "50000000"})  # the body never comes
        elif path == "/endless":
            self._head(200, "text/plain", {"Transfer-Encoding": "chunked"})
            for _ in range(1000):
                self._chunk(b"x" * 1000)
        elif path == "/slow":
            time.sleep(SHORT_TIMEOUT * 3)
            self._reply(200, "text/plain", STATEMENT.encode())
        elif path == "/trickle":
            self._head(200, "text/plain", {"Transfer-Encoding": "chunked"})
            for byte in STATEMENT.encode()[:60]:
                self._chunk(bytes([byte]))
                time.sleep(0.05)
            self._chunk(b"")
        else:
            self._reply(404, "text/plain", b"no such test page")

    def _head(self, status: int, content_type: str, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self._head(status, content_type, {"Content-Length": str(len(body))})
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._head(302, "text/plain", {"Location": location, "Content-Length": "0"})

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # slow handlers may still sleep when the tests are done

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def base(server: _Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


def _error(url: str, **kwargs: Any) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        fetch_document(url, **kwargs)
    error = caught.value
    assert error.name == url
    assert str(error) == f"{url}: {error.reason}"
    return error


# --- pages that read ------------------------------------------------------------------------------


def test_html_article_without_html_suffix(base: str) -> None:
    document = fetch_document(f"{base}/article")
    assert document.name == f"{base}/article"
    assert document.media_type == "text/html"
    assert document.title == "Forty soldiers come home in overnight swap"
    assert document.publisher == "Steppe Herald"
    assert "thirty-eight Russian service members" in document.text
    assert "<p>" not in document.text and "All rights reserved" not in document.text
    assert document.url == f"{base}/article"
    assert document.raw == PAGES["/article"][2]


def test_polite_headers_are_sent(base: str, server: _Server) -> None:
    fetch_document(f"{base}/statement")
    headers = {name.lower(): value for name, value in server.seen["/statement"].items()}
    assert headers["user-agent"].startswith("Polon/")
    assert "text/html" in headers["accept"] and "text/plain" in headers["accept"]


@pytest.mark.parametrize("path", ["/fragment", "/xhtml"])
def test_served_html_is_html_even_when_sniffing_would_miss_it(base: str, path: str) -> None:
    url = f"{base}{path}"
    with pytest.raises(DocumentError, match="no article text found"):
        load_document(FRAGMENT.encode(), url)  # sniffed as scraped text, its tagged lines dropped
    document = fetch_document(url)
    assert document.media_type == "text/html"
    assert document.title == "Overnight swap"
    assert "<p>" not in document.text
    assert document.text.startswith("Forty Ukrainian soldiers returned")


def test_plain_text_page(base: str) -> None:
    document = fetch_document(f"{base}/statement")
    assert document.media_type == "text/plain"
    assert document.text == STATEMENT
    assert document.url == f"{base}/statement"


def test_redirects_are_followed_to_the_final_url(base: str) -> None:
    document = fetch_document(f"{base}/hop/3")
    assert document.name == f"{base}/hop/3"
    assert document.url == f"{base}/article"
    assert document.title == "Forty soldiers come home in overnight swap"


def test_exactly_max_redirects_are_followed(base: str) -> None:
    assert fetch_document(f"{base}/hop/{MAX_REDIRECTS}").url == f"{base}/article"


def test_page_metadata_url_wins_over_the_fetched_url(base: str) -> None:
    assert fetch_document(f"{base}/canonical").url == "https://herald.example/swap"


@pytest.mark.parametrize(
    "path", ["/cp1251", "/koi8", "/mislabelled", "/unknown-charset"], ids=lambda p: p[1:]
)
def test_charset_from_the_header_or_detection(base: str, path: str) -> None:
    document = fetch_document(f"{base}{path}")
    assert document.text == CYRILLIC
    assert document.raw == PAGES[path][2]


def test_a_given_client_is_used_and_left_open(base: str) -> None:
    with httpx.Client(max_redirects=50) as client:
        assert fetch_document(f"{base}/article", client=client).url == f"{base}/article"
        error = _error(f"{base}/hop/{MAX_REDIRECTS + 1}", client=client)
        assert error.reason.startswith("too many redirects")
        assert not client.is_closed


# --- pages that fail ------------------------------------------------------------------------------

FAILURES = [
    ("/missing", {}, "HTTP 404 Not Found"),
    ("/broken", {}, "HTTP 500 Internal Server Error"),
    ("/loop", {}, f"too many redirects (more than {MAX_REDIRECTS})"),
    (f"/hop/{MAX_REDIRECTS + 1}", {}, f"too many redirects (more than {MAX_REDIRECTS})"),
    ("/to-ftp", {}, "redirected to a URL that is not http or https"),
    ("/png", {}, "not a text document (image/png)"),
    ("/pdf", {}, "not a text document (application/pdf)"),
    ("/octets", {}, "not a text document (application/octet-stream)"),
    ("/empty", {}, "empty response"),
    (
        "/declared-huge",
        {"max_bytes": SMALL_LIMIT},
        "too large (50,000,000 bytes; the limit is 10,000)",
    ),
    ("/endless", {"max_bytes": SMALL_LIMIT}, "too large (over 10,000 bytes; the limit is 10,000)"),
    ("/slow", {"timeout": SHORT_TIMEOUT}, "timed out after 0.5 s"),
    ("/trickle", {"timeout": SHORT_TIMEOUT}, "timed out after 0.5 s"),
]


@pytest.mark.parametrize(
    ("path", "kwargs", "reason"), FAILURES, ids=[case[0][1:] for case in FAILURES]
)
def test_failures_name_the_url_and_the_reason(
    base: str, path: str, kwargs: dict[str, float], reason: str
) -> None:
    started = time.monotonic()
    assert _error(f"{base}{path}", **kwargs).reason == reason
    assert time.monotonic() - started < 2.0  # no failure waits for the server to finish


def test_statement_over_the_limit_is_too_large(base: str) -> None:
    error = _error(f"{base}/statement", max_bytes=100)
    assert error.reason == f"too large ({len(STATEMENT):,} bytes; the limit is 100)"


REFUSED_URLS = [
    ("ftp://127.0.0.1/report.txt", "only http and https URLs can be fetched"),
    ("file:///etc/passwd", "only http and https URLs can be fetched"),
    ("javascript:alert(1)", "only http and https URLs can be fetched"),
    ("reports/swap.html", "only http and https URLs can be fetched"),
    ("http://", "invalid URL (no host name)"),
    ("http://127.0.0.1:99999/", "invalid URL (port 99999 is out of range)"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED_URLS, ids=[u for u, _ in REFUSED_URLS])
def test_urls_refused_before_connecting(url: str, reason: str) -> None:
    assert _error(url).reason == reason


def test_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = _error(f"http://127.0.0.1:{port}/report")  # nothing listens there any more
    assert error.reason.startswith("could not connect (")


# --- telling URLs from paths ----------------------------------------------------------------------

IS_URL = [
    ("http://example.com/report", True),
    ("https://example.com", True),
    ("HTTPS://EXAMPLE.COM/A", True),
    ("https://", False),
    ("ftp://example.com/report.txt", False),
    ("file:///etc/passwd", False),
    ("httpx://example.com", False),
    ("reports/http://odd-name.txt", False),
    ("http-notes.txt", False),
    ("/home/user/report.html", False),
    ("", False),
]


@pytest.mark.parametrize(("text", "expected"), IS_URL, ids=[t or "empty" for t, _ in IS_URL])
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected

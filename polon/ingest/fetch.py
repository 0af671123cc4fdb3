"""Fetch a report page over HTTP(S) into the same :class:`Document` a saved file gives.

A web server is a less patient source than a disk: it can be unreachable, slow, endless or lying
about what it sends. Every such failure becomes one :class:`DocumentError` named by the URL, so a
batch import reports the bad address and goes on with the next, exactly as for a bad file.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
import time

import httpx

from polon.ingest.documents import (
    TEXT_HTML,
    TEXT_PLAIN,
    Document,
    DocumentError,
    _too_large,
    load_document,
)

__all__ = ["MAX_REDIRECTS", "fetch_document", "is_url"]

MAX_REDIRECTS = 5

_URL_RE = re.compile(r"https?://\S", re.IGNORECASE)
_SCHEMES = {"http", "https"}
# Served HTML is HTML even when it is too short for content sniffing to be sure.
_HTML_TYPES = {TEXT_HTML, "application/xhtml+xml"}
_TEXT_TYPES = _HTML_TYPES | {TEXT_PLAIN}
_ERRNO_RE = re.compile(r"^\[Errno -?\d+\]\s*")


def _version() -> str:
    try:
        return importlib.metadata.version("polon")
    except importlib.metadata.PackageNotFoundError:
        return "dev"


# Sites may block anonymous clients; an honest name lets their operators see who reads them.
_HEADERS = {
    "User-Agent": f"Polon/{_version()} (prisoner-of-war report ledger)",
    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
}


@dataclasses.dataclass(frozen=True)
class _Download:
    raw: bytes
    final_url: str
    media_type: str | None
    charset: str | None


def is_url(text: str) -> bool:
    """Whether a command-line argument names a web page rather than a file path."""
    return _URL_RE.match(text) is not None


def fetch_document(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 20_000_000,
    client: httpx.Client | None = None,
) -> Document:
    """Fetch ``url`` and clean it as :func:`load_document` cleans a file; failures raise
    :class:`DocumentError` named by ``url``.

    ``timeout`` bounds connecting, each read and the whole download (redirects included), so a
    server that trickles bytes cannot hold an import for long. ``max_bytes`` is checked against
    Content-Length before reading and against the bytes received while reading, for servers that
    do not say. A given ``client`` lends its connections, proxies and transport; the headers,
    timeouts and redirect limit are still this function's. The document's ``url`` is the page's
    own canonical URL if it states one, else the URL after redirects.
    """
    target = _checked_url(url)
    deadline = time.monotonic() + timeout
    try:
        if client is not None:
            download = _download(client, target, url, timeout, max_bytes, deadline)
        else:
            with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as own:
                download = _download(own, target, url, timeout, max_bytes, deadline)
    except httpx.TimeoutException as error:
        raise DocumentError(url, _timed_out(timeout)) from error
    except httpx.ConnectError as error:
        raise DocumentError(url, f"could not connect ({_describe(error)})") from error
    except httpx.UnsupportedProtocol as error:
        raise DocumentError(url, "only http and https URLs can be fetched") from error
    except httpx.InvalidURL as error:
        raise DocumentError(url, f"invalid URL ({_describe(error)})") from error
    except httpx.DecodingError as error:
        raise DocumentError(url, f"could not decode the response ({_describe(error)})") from error
    except httpx.HTTPError as error:
        raise DocumentError(url, f"could not fetch ({_describe(error)})") from error
    except (OSError, ValueError, OverflowError) as error:  # the socket layer's own refusals
        raise DocumentError(url, f"could not fetch ({_describe(error)})") from error

    if not download.raw.strip():
        raise DocumentError(url, "empty response")
    # text/plain is not forced: servers label unknown files (a saved .htm) as text/plain too.
    forced = TEXT_HTML if download.media_type in _HTML_TYPES else None
    document = load_document(download.raw, url, media_type=forced, encoding=download.charset)
    if document.url is None:
        document = dataclasses.replace(document, url=download.final_url)
    return document


def _checked_url(url: str) -> httpx.URL:
    """Refuse before any network traffic what could never be a web page (ftp:, file:, mailto:)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise DocumentError(url, f"invalid URL ({_describe(error)})") from error
    if parsed.scheme not in _SCHEMES:
        raise DocumentError(url, "only http and https URLs can be fetched")
    if not parsed.host:
        raise DocumentError(url, "invalid URL (no host name)")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise DocumentError(url, f"invalid URL (port {parsed.port} is out of range)")
    return parsed


def _download(
    client: httpx.Client,
    target: httpx.URL,
    url: str,
    timeout: float,
    max_bytes: int,
    deadline: float,
) -> _Download:
    """Follow redirects by hand: each hop gets only the time left, and each new address is checked
    like the first, whatever the client's own redirect settings are."""
    request = client.build_request(
        "GET", target, headers=_HEADERS, timeout=_time_left(url, timeout, deadline)
    )
    for _ in range(MAX_REDIRECTS + 1):
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            next_request = response.next_request
            if next_request is None:
                return _read(response, url, timeout, max_bytes, deadline)
        finally:
            response.close()
        if next_request.url.scheme not in _SCHEMES:
            raise DocumentError(url, "redirected to a URL that is not http or https")
        time_left = _time_left(url, timeout, deadline).as_dict()
        next_request.extensions = {**next_request.extensions, "timeout": time_left}
        request = next_request
    raise DocumentError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def _read(
    response: httpx.Response, url: str, timeout: float, max_bytes: int, deadline: float
) -> _Download:
    """The body, refused as early as the headers allow: error status, wrong type, stated size."""
    if response.status_code >= 300:
        phrase = response.reason_phrase or httpx.codes.get_reason_phrase(response.status_code)
        raise DocumentError(url, f"HTTP {response.status_code} {phrase}".strip())
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";", 1)[0].strip().lower() or None
    if media_type is not None and media_type not in _TEXT_TYPES:
        raise DocumentError(url, f"not a text document ({media_type})")
    stated = _content_length(response)
    if stated is not None and stated > max_bytes:
        raise DocumentError(url, _too_large(stated, max_bytes))

    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():  # decoded, so a small gzip bomb is counted in full
        received += len(chunk)
        if received > max_bytes:
            raise DocumentError(url, _too_large_streamed(max_bytes))
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise DocumentError(url, _timed_out(timeout))
    return _Download(b"".join(chunks), str(response.url), media_type, response.charset_encoding)


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _too_large_streamed(max_bytes: int) -> str:
    """Like the file reader's message; the full size is unknown because reading stopped."""
    return f"too large (over {max_bytes:,} bytes; the limit is {max_bytes:,})"


def _time_left(url: str, timeout: float, deadline: float) -> httpx.Timeout:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DocumentError(url, _timed_out(timeout))
    return httpx.Timeout(remaining)


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _describe(error: Exception) -> str:
    """The library's words without errno noise, or the error's type when it has no words."""
    text = _ERRNO_RE.sub("", str(error)).strip()
    return text or type(error).__name__

"""A small closed-loop HTTP/1.1 load generator: N keep-alive connections, each sending its next
request as soon as the previous answer has been read in full.

It runs in a process of its own (``measure_in_process``) so that its event loop does not share
an interpreter with the caller. Each connection walks the list of paths from its own offset,
so the connections ask different things at the same moment. A request's latency is the time
from writing it to reading the last byte of its answer. Requests that start during the warm-up
are not counted; after the warm-up every answer is counted until the duration ends, and an
answer whose status is not 2xx, or a broken connection, is an error (the first one is kept,
with the start of its body, to say what went wrong).
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

_HEAD_END = b"\r\n\r\n"


@dataclass
class LoadResult:
    """What one route answered over the measured window."""

    latencies: list[float] = field(default_factory=list)  # seconds, one per answer
    errors: int = 0  # answers that are not 2xx, plus requests that got no answer
    unanswered: int = 0  # broken or refused connections
    statuses: Counter[int] = field(default_factory=Counter)
    first_error: str | None = None
    window: float = 0.0  # seconds measured

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.unanswered

    def percentile(self, q: float) -> float:
        """The ``q`` quantile of the latencies in milliseconds (nearest rank); NaN if none."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000

    @property
    def rate(self) -> float:
        """Answers per second (error answers included) over the measured window."""
        return len(self.latencies) / self.window if self.window else 0.0

    @property
    def mostly_errors(self) -> bool:
        """Nothing answered, or more than half of the requests failed."""
        return self.requests == 0 or self.errors * 2 > self.requests


@dataclass
class _Response:
    status: int
    body: bytes
    close: bool


async def _read_response(reader: asyncio.StreamReader) -> _Response:
    head = await reader.readuntil(_HEAD_END)
    lines = head[: -len(_HEAD_END)].split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers: dict[bytes, bytes] = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    close = headers.get(b"connection", b"").lower() == b"close"
    if b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b""):
                    pass  # trailers
                break
            parts.append((await reader.readexactly(size + 2))[:-2])
        body = b"".join(parts)
    elif status in (204, 304) or 100 <= status < 200:
        body = b""
    else:
        body, close = await reader.read(), True  # delimited by the end of the connection
    return _Response(status, body, close)


def _request(host: str, port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _run(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str],
    concurrency: int,
    duration: float,
    warmup: float,
) -> LoadResult:
    result = LoadResult()
    requests = [_request(host, port, path, headers) for path in paths]
    loop_start = time.perf_counter()
    measure_from = loop_start + warmup
    until = measure_from + duration

    def error(message: str, counted: bool) -> None:
        if counted:
            result.errors += 1
            if result.first_error is None:
                result.first_error = message

    async def connection(offset: int) -> None:
        reader = writer = None
        position = offset
        while time.perf_counter() < until:
            request = requests[position % len(requests)]
            position += concurrency
            started = time.perf_counter()
            counted = started >= measure_from
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(request)
                response = await _read_response(reader)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                    ValueError, IndexError) as failure:  # fmt: skip
                if counted:
                    result.unanswered += 1
                error(f"{type(failure).__name__}: {failure}", counted)
                if writer is not None:
                    writer.close()
                reader = writer = None
                await asyncio.sleep(0.01)
                continue
            finished = time.perf_counter()
            if counted and finished <= until:
                result.latencies.append(finished - started)
                result.statuses[response.status] += 1
                if not 200 <= response.status < 300:
                    path = paths[(position - concurrency) % len(paths)]
                    snippet = response.body[:200].decode("utf-8", "replace")
                    error(f"HTTP {response.status} for {path}: {snippet}", True)
            if response.close:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(connection(n) for n in range(concurrency)))
    result.window = duration
    return result


def measure(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str] | None = None,
    concurrency: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
) -> LoadResult:
    """Send GET ``paths`` (cycled) over ``concurrency`` keep-alive connections for ``warmup``
    plus ``duration`` seconds; the result holds what was answered after the warm-up."""
    if not paths:
        raise ValueError("no paths to request")
    return asyncio.run(_run(host, port, paths, headers or {}, concurrency, duration, warmup))


def measure_in_process(
    host: str,
    port: int,
    paths: list[str],
    headers: dict[str, str] | None = None,
    concurrency: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
) -> LoadResult:
    """:func:`measure` in a fresh process, so the caller's interpreter stays out of the way."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(measure, host, port, paths, headers, concurrency, duration, warmup)
        return future.result()

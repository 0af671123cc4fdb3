"""An open-loop HTTP/1.1 client: operations start on a fixed schedule whether or not the
earlier ones have been answered, as users do, so a slow server meets a growing queue instead
of a politely waiting load generator.

Operation ``n`` is due at ``start + n / rate``. Each takes a keep-alive connection from a pool
(a new one when all are busy, up to ``MAX_CONNECTIONS``), and its first request's latency runs
from the moment it was due, so time spent waiting for a connection counts (no coordinated
omission); a second request of the same operation (the edit after reading the claim) is
timed from its own sending. Answers are parsed by the web benchmark's reader.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.web.load import _read_response

MAX_CONNECTIONS = 64
IDLE = 2.0  # seconds a connection may wait in the pool (uvicorn closes it after 5)
TIMEOUT = 30.0  # seconds; an answer later than this is an error


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@dataclass
class Answer:
    status: int  # 0: no answer (refused, broken, timed out)
    body: bytes
    error: str | None = None


@dataclass
class Sample:
    """One request as the report counts it."""

    kind: str  # the class of request, e.g. "person search" or "claim edit"
    at: float  # seconds since the start of the load
    latency: float  # seconds
    status: int
    outcome: str  # ok, race (409 on a versioned write) or error
    detail: str = ""


@dataclass
class Pool:
    host: str
    port: int
    headers: dict[str, dict[str, str]]  # per role: the Authorization header
    idle: list[tuple[float, Connection]] = field(default_factory=list)  # (since, connection)
    opened: int = 0
    freed: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def _take(self) -> Connection:
        async with self.freed:
            while True:
                self._expire()
                if self.idle or self.opened < MAX_CONNECTIONS:
                    break
                await self.freed.wait()
            if self.idle:
                return self.idle.pop()[1]
            self.opened += 1
        try:
            return await asyncio.open_connection(self.host, self.port)
        except OSError:
            await self._drop()
            raise

    async def _drop(self) -> None:
        async with self.freed:
            self.opened -= 1
            self.freed.notify()

    def _expire(self) -> None:
        """Close connections idle for longer than IDLE, before the server closes them under
        a request (which would count as a failure that is the client's own doing)."""
        now = time.monotonic()
        while self.idle and now - self.idle[0][0] > IDLE:
            self.idle.pop(0)[1][1].close()
            self.opened -= 1

    async def _give(self, pair: Connection) -> None:
        async with self.freed:
            self.idle.append((time.monotonic(), pair))
            self.freed.notify()

    async def send(self, method: str, path: str, role: str, body: bytes = b"",
                   content_type: str | None = None) -> Answer:  # fmt: skip
        """One request on a pooled connection; a failure is an Answer with status 0."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in self.headers[role].items()]
        if body or method != "GET":
            lines.append(f"Content-Length: {len(body)}")
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        try:
            pair = await self._take()
        except OSError as failure:
            return Answer(0, b"", f"{type(failure).__name__}: {failure}")
        reader, writer = pair
        try:
            writer.write(request)
            response = await asyncio.wait_for(_read_response(reader), TIMEOUT)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                ValueError, IndexError) as failure:  # fmt: skip
            writer.close()
            await self._drop()
            return Answer(0, b"", f"{type(failure).__name__}: {failure}")
        if response.close:
            writer.close()
            await self._drop()
        else:
            await self._give(pair)
        return Answer(response.status, response.body)

    async def close(self) -> None:
        for _, (_, writer) in self.idle:
            writer.close()


Operation = Callable[[float], Awaitable[None]]  # called with the moment it was due


async def run_schedule(
    rate: float, seconds: float, start: float, pick: Callable[[int], Operation]
) -> None:
    """Start operation ``pick(n)`` at ``start + n / rate`` (``start`` is ``time.monotonic()``
    time) until ``seconds`` have passed; then give the ones still running ``TIMEOUT`` seconds
    more, and cancel the rest."""
    running: set[asyncio.Task[None]] = set()
    number = 0
    while True:
        due = start + number / rate
        if due >= start + seconds:
            break
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        task = asyncio.create_task(pick(number)(due))
        running.add(task)
        task.add_done_callback(running.discard)
        number += 1
    if running:
        _, late = await asyncio.wait(running, timeout=TIMEOUT + 5)
        for task in late:  # each records itself as unanswered
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

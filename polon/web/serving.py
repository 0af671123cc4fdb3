"""Running the app for ``polon serve``: one process, or several workers on one port.

A process runs one request's Python at a time (the GIL), so on a machine with more than one
core ``--workers N`` starts N processes on the same port. They share nothing in memory:
what a request needs from another process (sessions, the login limiter, logins waiting for a
TOTP code, the dashboard's revision) is in the ledger.

Each worker listens on a socket of its own (``SO_REUSEPORT``), and the kernel spreads new
connections over them. With one socket shared by all (uvicorn's ``--workers``), the first
worker to wake takes every connection waiting at that moment: in the benchmark, 8 keep-alive
connections opened together often all went to one process while the other stayed idle.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import threading
from dataclasses import dataclass
from functools import partial

import uvicorn
from fastapi import FastAPI
from uvicorn.config import STARTUP_FAILURE

from polon.ledger.ledger import Ledger
from polon.web.app import create_app

# access_log off: request lines carry search terms, which are persons' names
QUIET = {"access_log": False, "log_level": "warning"}
log = logging.getLogger("polon.serve")


@dataclass(frozen=True)
class AppSettings:
    """What each worker needs to build the app: sent to it when it starts (never on its
    command line, since the URL may hold a password)."""

    url: str
    public: bool = False
    secure_cookies: bool = False


def serve(settings: AppSettings, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted; with ``workers`` > 1, in that many processes."""
    if workers <= 1:
        uvicorn.run(worker_app(settings), host=host, port=port, **QUIET)
        return
    config = uvicorn.Config(partial(worker_app, settings), factory=True, **QUIET)
    Workers(config, listening_sockets(host, port, workers)).run()


class Workers:
    """One process per socket, started again if it dies, all stopped on SIGINT or SIGTERM.

    A worker that cannot start (the app or the ledger fails to load) stops them all, rather
    than being restarted in a loop.
    """

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.config, self.sockets = config, sockets
        self.stopping = threading.Event()
        self.failed = False

    def run(self) -> None:
        for name in ("SIGINT", "SIGTERM"):
            signal.signal(getattr(signal, name), lambda *_: self.stopping.set())
        processes = [self._start(sock) for sock in self.sockets]
        try:
            while not self.stopping.wait(0.5):
                for number, process in enumerate(processes):
                    if process.is_alive():
                        continue
                    if process.exitcode == STARTUP_FAILURE:
                        self.failed = True
                        self.stopping.set()
                        break
                    log.warning("worker %s exited (%s): starting another", process.pid,
                                process.exitcode)  # fmt: skip
                    processes[number] = self._start(self.sockets[number])
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()
            for process in processes:
                process.join()
        if self.failed:
            raise SystemExit("a worker could not start: see the messages above")

    def _start(self, sock: socket.socket) -> multiprocessing.process.BaseProcess:
        spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no forked pools
        args = (self.config, sock, os.getpid())
        process = spawn.Process(target=_worker, args=args, name="polon worker")
        process.start()
        return process


def _worker(config: uvicorn.Config, sock: socket.socket, parent: int) -> None:
    _die_with(parent)
    config.configure_logging()  # a spawned process starts with logging unset
    uvicorn.Server(config).run(sockets=[sock])


PR_SET_PDEATHSIG = 1  # Linux's prctl option


def _die_with(parent: int) -> None:
    """Ask for SIGTERM when the parent dies, so that a parent killed outright (SIGKILL, the
    OOM killer) leaves no orphaned workers serving the port. Linux only; elsewhere the
    workers must be stopped through the parent."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent was gone before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def worker_app(settings: AppSettings) -> FastAPI:
    """The app over its own connection pool, in the process that serves it."""
    fewer_malloc_arenas()
    ledger = Ledger(settings.url)
    return create_app(ledger, public=settings.public, secure_cookies=settings.secure_cookies)


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets on one address (port 0: one free port for all), bound here in the
    parent so that a worker started again takes over its predecessor's queue.

    The protocol is named (``IPPROTO_TCP``, not the default 0) because asyncio turns Nagle's
    algorithm off (``TCP_NODELAY``) only on sockets whose protocol says TCP; without it,
    every answer, written as headers then body, waited about 40 ms for the client's delayed
    ACK of the headers.
    """
    info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    family, kind, proto, _, address = info[0]
    sockets: list[socket.socket] = []
    for _ in range(count):
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(sockets[0].getsockname() if sockets else address)
        sock.listen(2048)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


M_ARENA_MAX = -8  # glibc's mallopt parameter


def fewer_malloc_arenas(arenas: int = 2) -> bool:
    """Let the server's threads share two malloc arenas instead of up to eight per core.

    glibc gives threads that allocate at once arenas of their own, and the server's thread
    pool (40 threads) spreads its short-lived objects over all of them, which fragments: a
    3-minute soak at a steady load saw the server's RSS climb 6.1 MB/min, and 1.8 MB/min with
    two arenas (``MALLOC_ARENA_MAX=2``). The GIL runs one thread's Python at a time, so more
    arenas buy nothing here. An operator's own ``MALLOC_ARENA_MAX`` wins; without glibc this
    does nothing. Returns whether the limit was set.
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_ARENA_MAX, arenas))

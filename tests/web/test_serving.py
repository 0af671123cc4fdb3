"""The sockets ``polon serve --workers N`` listens on, one per process.

asyncio switches Nagle's algorithm off (``TCP_NODELAY``) only on sockets whose protocol
number says TCP. An answer is written as headers, then body; with Nagle on, the body waits
for the client's delayed ACK of the headers, about 40 ms, on every request. uvicorn's own
multi-worker socket leaves the protocol number 0: both cases are shown here. The kernel
spreads connections over the workers' sockets (``SO_REUSEPORT``).
"""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

from polon.web.serving import listening_sockets


def nodelay_of_accepted(sockets: list[socket.socket]) -> list[set[int]]:
    """TCP_NODELAY on the server side of connections asyncio accepted, per listening socket
    (connections are opened until every socket has taken one; the kernel picks which)."""

    async def run() -> list[set[int]]:
        seen: list[set[int]] = [set() for _ in sockets]
        loop = asyncio.get_running_loop()

        def probe(number: int) -> type[asyncio.Protocol]:
            class Probe(asyncio.Protocol):
                def connection_made(self, transport: asyncio.BaseTransport) -> None:
                    sock = transport.get_extra_info("socket")
                    seen[number].add(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                    transport.close()

            return Probe

        servers = [await loop.create_server(probe(n), sock=s) for n, s in enumerate(sockets)]
        address = sockets[0].getsockname()[:2]
        try:
            for _ in range(200):
                _, writer = await asyncio.open_connection(*address)
                writer.close()
                await asyncio.sleep(0.005)
                if all(seen):
                    break
            return seen
        finally:
            for server in servers:
                server.close()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own, whatever this thread runs
        return thread.submit(asyncio.run, run()).result()


def test_each_worker_socket_turns_nagle_off_for_every_connection():
    sockets = listening_sockets("127.0.0.1", 0, 3)
    assert len({sock.getsockname() for sock in sockets}) == 1  # one port for all
    assert all(sock.proto == socket.IPPROTO_TCP and sock.get_inheritable() for sock in sockets)
    seen = nodelay_of_accepted(sockets)
    assert all(seen) and all(0 not in values for values in seen)


def test_the_kernel_spreads_connections_over_the_sockets():
    """Every socket of the group gets some of 64 connections: none is left idle."""
    sockets = listening_sockets("127.0.0.1", 0, 2)
    clients = [socket.create_connection(sockets[0].getsockname()) for _ in range(64)]
    try:
        taken = []
        for sock in sockets:
            sock.setblocking(False)
            count = 0
            while True:
                try:
                    accepted, _ = sock.accept()
                except BlockingIOError:
                    break
                accepted.close()
                count += 1
            taken.append(count)
        assert sum(taken) == 64 and min(taken) > 0
    finally:
        for client in clients:
            client.close()


def test_a_socket_without_the_protocol_number_keeps_nagle_on():
    """Why ``listening_socket`` names the protocol: the same socket made the default way."""
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    plain.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    plain.bind(("127.0.0.1", 0))
    plain.listen()
    assert nodelay_of_accepted([plain]) == [{0}]

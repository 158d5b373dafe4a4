"""Fixtures for ingest tests: sample paths, a fetcher, a raw loopback server for misbehaviour."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from ingest.fetch import Fetcher, Timeouts

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_feeds"
DATA = Path(__file__).resolve().parent / "data"

Handler = Callable[["Conn"], Awaitable[None]]


@pytest.fixture
def samples() -> Path:
    """The bundled sample sources; tests using them skip if they are missing."""
    if not (SAMPLES / "feeds").is_dir():
        pytest.skip("sample_feeds/ is not present")
    return SAMPLES


@pytest.fixture
def data() -> Path:
    """Broken and odd documents written for these tests."""
    return DATA


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    """A fetcher with short limits, so failure tests end quickly."""
    async with Fetcher(
        "9.9-test", timeouts=Timeouts(connect=2.0, read=0.5, total=5.0), max_body=64 * 1024
    ) as f:
        yield f


class Conn:
    """One accepted connection, with the moves a misbehaving server needs."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def read_request(self) -> bytes:
        """Read one request head (the tests only send GETs)."""
        return await self.reader.readuntil(b"\r\n\r\n")

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN."""
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


class RawServer:
    """A loopback TCP server whose every connection runs `handler`: for resets and stalls."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.server: asyncio.Server | None = None

    async def start(self) -> RawServer:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self.handler(Conn(reader, writer))
        except (ConnectionError, asyncio.CancelledError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[Handler], Awaitable[RawServer]]]:
    """Start raw servers with a given connection handler; all are stopped at the end."""
    started: list[RawServer] = []

    async def start(handler: Handler) -> RawServer:
        server = await RawServer(handler).start()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.stop()

"""Fetcher against misbehaving loopback servers: stalls, resets, refusals, per-host limits."""

from __future__ import annotations

import asyncio
import socket

import httpx

from ingest.fetch import Fetcher, Timeouts
from ingest.fetcherrors import classify, retry_after_seconds

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n"


async def test_read_timeout_when_the_server_stalls(fetcher: Fetcher, raw_server) -> None:
    release = asyncio.Event()

    async def stall(conn) -> None:
        await conn.read_request()
        await conn.send(HEAD + b"<rss>")
        await release.wait()

    server = await raw_server(stall)
    try:
        result = await fetcher.fetch(f"{server.url}/feed", allow_private=True)
    finally:
        release.set()
    assert result.error_kind == "timeout"
    assert result.error == "read timeout"
    assert result.status == 0 and result.body == b""


async def test_total_timeout_covers_a_slow_trickle(raw_server) -> None:
    release = asyncio.Event()

    async def stall(conn) -> None:
        await conn.read_request()
        await conn.send(HEAD)
        await release.wait()

    server = await raw_server(stall)
    async with Fetcher("1", timeouts=Timeouts(connect=2, read=30, total=0.3)) as fetcher:
        try:
            result = await fetcher.fetch(f"{server.url}/feed", allow_private=True)
        finally:
            release.set()
    assert result.error_kind == "timeout"
    assert result.error == "no complete answer within 0.3 s"
    assert result.elapsed < 5


async def test_connection_reset(fetcher: Fetcher, raw_server) -> None:
    async def hang_up(conn) -> None:
        await conn.read_request()
        conn.reset()

    server = await raw_server(hang_up)
    result = await fetcher.fetch(f"{server.url}/feed", allow_private=True)
    assert result.error_kind == "reset"
    assert result.error


async def test_reset_in_the_middle_of_a_body(fetcher: Fetcher, raw_server) -> None:
    async def half(conn) -> None:
        await conn.read_request()
        await conn.send(HEAD + b"<rss version='2.0'>")
        conn.reset()

    server = await raw_server(half)
    result = await fetcher.fetch(f"{server.url}/feed", allow_private=True)
    assert result.error_kind == "reset"


async def test_connection_refused_is_connect(fetcher: Fetcher) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = await fetcher.fetch(f"http://127.0.0.1:{port}/feed", allow_private=True)
    assert result.error_kind == "connect"
    assert result.error.startswith("cannot connect")


async def test_per_host_limit_holds(raw_server) -> None:
    active = 0
    peak = 0
    pair = asyncio.Event()

    async def serve(conn) -> None:
        nonlocal active, peak
        await conn.read_request()
        active += 1
        peak = max(peak, active)
        if active >= 2:
            pair.set()
        # Answer once a second request is in flight: requests go out two by two.
        await asyncio.wait_for(pair.wait(), 2)
        active -= 1
        if active == 0:
            pair.clear()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    server = await raw_server(serve)
    async with Fetcher("1", per_host=2, timeouts=Timeouts(read=5, total=10)) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(f"{server.url}/{n}", allow_private=True) for n in range(6))
        )
    assert [r.body for r in results] == [b"ok"] * 6
    assert peak == 2


def test_classify_names_dns_failures_under_httpx_errors() -> None:
    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from inner
    except httpx.ConnectError as error:
        kind, message = classify(error)
    assert kind == "dns"
    assert message == "DNS lookup failed: [Errno -2] Name or service not known"


def test_retry_after_values() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("30", now) == 30.0
    assert retry_after_seconds("Fri, 20 Nov 2026 12:02:00 GMT", now) == 120.0
    assert retry_after_seconds("Fri, 20 Nov 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("-5", now) is None
    assert retry_after_seconds(None, now) is None


async def test_proxy_per_request(fetcher: Fetcher, raw_server) -> None:
    seen: list[bytes] = []

    async def proxy(conn) -> None:
        head = await conn.read_request()
        seen.append(head.split(b"\r\n", 1)[0])
        await conn.send(
            b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nvia proxy"
        )

    server = await raw_server(proxy)
    target = "http://127.0.0.1:9/feed"  # nothing listens there: only the proxy can answer
    for _ in range(2):
        result = await fetcher.fetch(target, allow_private=True, proxy=server.url)
        assert result.ok and result.body == b"via proxy"
    assert seen == [b"GET http://127.0.0.1:9/feed HTTP/1.1"] * 2
    direct = await fetcher.fetch(target, allow_private=True)
    assert direct.error_kind == "connect"

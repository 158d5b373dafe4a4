"""Fetcher against a real loopback HTTP server: statuses, conditional GET, redirects, bodies."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest.fetch import Fetcher, Timeouts

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


async def test_200_returns_body_headers_and_validators(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(
        "/feed", headers={"User-Agent": "frontwatch/9.9-test"}
    ).respond_with_data(
        FEED,
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 18 Nov 2026 10:00:00 GMT"},
    )
    result = await fetcher.fetch(httpserver.url_for("/feed"), allow_private=True)
    assert result.ok and result.error_kind is None and result.error is None
    assert (result.status, result.body) == (200, FEED)
    assert result.headers["content-type"] == "application/rss+xml"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 18 Nov 2026 10:00:00 GMT"
    assert not result.not_modified and result.permanent_redirect is None
    assert result.final_url == result.url == httpserver.url_for("/feed")
    assert result.elapsed > 0


async def test_per_request_user_agent_replaces_ours(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/ua", headers={"User-Agent": "Mozilla/5.0 test"}).respond_with_data(
        "ok"
    )
    result = await fetcher.fetch(
        httpserver.url_for("/ua"), allow_private=True, user_agent="Mozilla/5.0 test"
    )
    assert result.status == 200


async def test_304_sends_conditional_headers_and_keeps_stored_validators(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    stamp = "Wed, 18 Nov 2026 10:00:00 GMT"
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": stamp}
    ).respond_with_data("", status=304)
    result = await fetcher.fetch(
        httpserver.url_for("/feed"), etag='"v1"', last_modified=stamp, allow_private=True
    )
    assert result.not_modified and result.ok
    assert result.status == 304 and result.body == b""
    assert (result.etag, result.last_modified) == ('"v1"', stamp)


async def test_no_conditional_headers_without_stored_validators(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed").respond_with_data(FEED)
    await fetcher.fetch(httpserver.url_for("/feed"), allow_private=True)
    ((request, _response),) = httpserver.log
    assert "If-None-Match" not in request.headers
    assert "If-Modified-Since" not in request.headers


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "NOT FOUND"), (410, "GONE"), (500, "INTERNAL SERVER ERROR")]
)
async def test_http_errors_are_results_not_exceptions(
    fetcher: Fetcher, httpserver: HTTPServer, status: int, reason: str
) -> None:
    httpserver.expect_request("/x").respond_with_data("nope", status=status)
    result = await fetcher.fetch(httpserver.url_for("/x"), allow_private=True)
    assert result.status == status
    assert result.error_kind == "http" and not result.ok
    assert result.error == f"HTTP {status} {reason}"
    assert result.body == b""


async def test_429_retry_after_in_seconds(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/x").respond_with_data(
        "", status=429, headers={"Retry-After": "120"}
    )
    result = await fetcher.fetch(httpserver.url_for("/x"), allow_private=True)
    assert (result.status, result.error_kind, result.retry_after) == (429, "http", 120.0)


async def test_429_retry_after_as_http_date(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    later = datetime.now(UTC) + timedelta(seconds=300)
    httpserver.expect_request("/x").respond_with_data(
        "", status=429, headers={"Retry-After": format_datetime(later, usegmt=True)}
    )
    result = await fetcher.fetch(httpserver.url_for("/x"), allow_private=True)
    assert result.retry_after is not None and 280 <= result.retry_after <= 300


async def test_permanent_redirect_is_reported(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(FEED)
    result = await fetcher.fetch(httpserver.url_for("/old"), allow_private=True)
    assert result.ok and result.body == FEED
    assert result.url == httpserver.url_for("/old")
    assert result.final_url == result.permanent_redirect == httpserver.url_for("/new")


async def test_permanent_redirect_stops_at_the_first_temporary_hop(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=308, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data(FEED)
    result = await fetcher.fetch(httpserver.url_for("/a"), allow_private=True)
    assert result.final_url == httpserver.url_for("/c")
    assert result.permanent_redirect == httpserver.url_for("/b")


async def test_temporary_redirect_is_not_permanent(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=301, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data(FEED)
    result = await fetcher.fetch(httpserver.url_for("/a"), allow_private=True)
    assert result.ok and result.permanent_redirect is None


async def test_redirect_loop_is_detected(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = await fetcher.fetch(httpserver.url_for("/a"), allow_private=True)
    assert result.error_kind == "redirects"
    assert "loop" in result.error
    assert len(httpserver.log) == 2


async def test_more_than_five_redirects_fail(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    for hop in range(7):
        httpserver.expect_request(f"/r{hop}").respond_with_data(
            "", status=307, headers={"Location": f"/r{hop + 1}"}
        )
    result = await fetcher.fetch(httpserver.url_for("/r0"), allow_private=True)
    assert result.error_kind == "redirects"
    assert "more than 5" in result.error
    assert len(httpserver.log) == 6  # the start and five followed hops


async def test_redirect_to_another_scheme_is_refused(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    result = await fetcher.fetch(httpserver.url_for("/a"), allow_private=True, allow_file=True)
    assert result.error_kind == "scheme"
    assert result.body == b""


async def test_gzip_body_is_decompressed(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(FEED), headers={"Content-Encoding": "gzip"}
    )
    result = await fetcher.fetch(httpserver.url_for("/gz"), allow_private=True)
    assert result.body == FEED
    ((request, _response),) = httpserver.log
    assert "gzip" in request.headers["Accept-Encoding"]


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
async def test_deflate_body_zlib_or_raw(
    fetcher: Fetcher, httpserver: HTTPServer, wbits: int
) -> None:
    packer = zlib.compressobj(wbits=wbits)
    httpserver.expect_request("/d").respond_with_data(
        packer.compress(FEED) + packer.flush(), headers={"Content-Encoding": "deflate"}
    )
    result = await fetcher.fetch(httpserver.url_for("/d"), allow_private=True)
    assert result.body == FEED


async def test_unsupported_encoding_is_an_error(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/br").respond_with_data(b"xx", headers={"Content-Encoding": "br"})
    result = await fetcher.fetch(httpserver.url_for("/br"), allow_private=True)
    assert result.error_kind == "http"
    assert result.error == "unsupported content-encoding: br"


async def test_oversize_body_stops_at_the_cap(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * (fetcher.max_body + 1))
    result = await fetcher.fetch(httpserver.url_for("/big"), allow_private=True)
    assert result.error_kind == "too_large"
    assert "after decompression" in result.error and result.body == b""


async def test_body_exactly_at_the_cap_is_accepted(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/cap").respond_with_data(b"x" * fetcher.max_body)
    result = await fetcher.fetch(httpserver.url_for("/cap"), allow_private=True)
    assert result.ok and len(result.body) == fetcher.max_body


async def test_gzip_bomb_stops_at_the_default_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * (11 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 20 * 1024  # a few KB on the wire, 11 MB inflated
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    async with Fetcher("1") as big:
        result = await big.fetch(httpserver.url_for("/bomb"), allow_private=True)
    assert result.error_kind == "too_large"
    assert str(10 * 1024 * 1024) in result.error


async def test_corrupt_gzip_is_an_error(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/bad").respond_with_data(
        b"not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    result = await fetcher.fetch(httpserver.url_for("/bad"), allow_private=True)
    assert result.error_kind == "http"
    assert result.error.startswith("corrupt gzip data")


@pytest.mark.parametrize(
    "url", ["ftp://example.org/feed", "javascript:alert(1)", "gopher://x/", "/relative"]
)
async def test_other_schemes_are_refused(fetcher: Fetcher, url: str) -> None:
    result = await fetcher.fetch(url)
    assert result.error_kind == "scheme"
    assert result.error and "\n" not in result.error


async def test_file_urls_need_permission(fetcher: Fetcher, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    refused = await fetcher.fetch(path.as_uri())
    assert refused.error_kind == "scheme"
    allowed = await fetcher.fetch(path.as_uri(), allow_file=True)
    assert allowed.ok and allowed.body == FEED and allowed.status == 200
    missing = await fetcher.fetch((tmp_path / "gone.xml").as_uri(), allow_file=True)
    assert (missing.status, missing.error_kind) == (404, "http")


async def test_private_addresses_are_blocked_before_any_request(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/x").respond_with_data(FEED)
    for url in (httpserver.url_for("/x"), f"http://localhost:{httpserver.port}/x"):
        result = await fetcher.fetch(url)
        assert result.error_kind == "blocked", url
        assert "private or local" in result.error
    assert httpserver.log == []


async def test_unresolvable_host_is_dns(fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import socket

    async def no_such_name(*_args: object, **_kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(loop, "getaddrinfo", no_such_name)
    result = await fetcher.fetch("http://feeds.example.invalid/rss")
    assert result.error_kind == "dns"
    assert "cannot resolve feeds.example.invalid" in result.error


async def test_bad_proxy_url_is_a_result(fetcher: Fetcher) -> None:
    result = await fetcher.fetch("http://127.0.0.1:9/x", allow_private=True, proxy="ftp://proxy:1")
    assert result.error_kind == "scheme"
    assert "bad proxy URL" in result.error


async def test_fetch_outside_the_context_manager_is_a_programming_error() -> None:
    with pytest.raises(RuntimeError):
        await Fetcher("1", timeouts=Timeouts()).fetch("http://127.0.0.1:9/", allow_private=True)


async def test_redirect_without_location_is_an_error(
    fetcher: Fetcher, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/a").respond_with_data("moved", status=302)
    result = await fetcher.fetch(httpserver.url_for("/a"), allow_private=True)
    assert (result.status, result.error_kind, result.body) == (302, "http", b"")


async def test_cookies_are_not_sent_back(fetcher: Fetcher, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/set").respond_with_data(
        "x", headers={"Set-Cookie": "id=track; Path=/"}
    )
    httpserver.expect_request("/next").respond_with_data("y")
    await fetcher.fetch(httpserver.url_for("/set"), allow_private=True)
    await fetcher.fetch(httpserver.url_for("/next"), allow_private=True)
    assert "Cookie" not in httpserver.log[-1][0].headers

"""Polls go through the configured proxy (global, or the source's own) with the source's agent."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from poll_kit import KeywordTagger, add, make_db
from pytest_httpserver import HTTPServer

from frontwatch.config import load_settings
from frontwatch.wiring import build_fetcher, build_monitor, check_source_url
from ingest.cpu import CpuPool
from storage import Database
from storage.sources import poll_now

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


def feed(title: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><guid>{title}</guid><title>{title}</title><description>Pokrovsk</description>"
        "</item></channel></rss>"
    )


class ForwardProxy:
    """A plain HTTP forward proxy on loopback: takes absolute-form requests, records them,
    and fetches the target itself (never through any proxy the environment names)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []  # (request target, User-Agent)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
                target = urlsplit(self.path)
                if target.scheme != "http" or not target.hostname:
                    self.send_error(400, "a forward proxy takes absolute-form requests")
                    return
                proxy.seen.append((self.path, self.headers.get("User-Agent")))
                upstream = http.client.HTTPConnection(
                    target.hostname, target.port or 80, timeout=10
                )
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                    path = target.path + (f"?{target.query}" if target.query else "")
                    upstream.request("GET", path or "/", headers=headers)
                    answer = upstream.getresponse()
                    body = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ForwardProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours HTTP_PROXY/NO_PROXY from the environment: keep them out of these tests."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def proxies() -> Iterator[tuple[ForwardProxy, ForwardProxy]]:
    with ForwardProxy() as first, ForwardProxy() as second:
        yield first, second


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_db(tmp_path)
    yield database
    database.close()


async def poll_with(db: Database, env: dict[str, str]) -> int:
    """One round over every source with the fetcher and monitor built from these settings."""
    settings = load_settings(env=env)
    poll_now(db)
    async with build_fetcher(settings) as fetcher:
        monitor = build_monitor(db, settings, fetcher, CpuPool(tagger=KeywordTagger()))
        summary = await monitor.run_round()
    return summary.new_items


def origin_agents(httpserver: HTTPServer) -> dict[str, str | None]:
    return {request.path: request.headers.get("User-Agent") for request, _ in httpserver.log}


async def test_global_and_per_source_proxies_and_agents(
    db: Database, httpserver: HTTPServer, proxies: tuple[ForwardProxy, ForwardProxy]
) -> None:
    shared, own = proxies
    for name in ("a", "b", "c"):
        httpserver.expect_request(f"/{name}.xml").respond_with_data(
            feed(f"Story {name}"), content_type="application/rss+xml"
        )
    add(db, "via-global", httpserver.url_for("/a.xml"))
    add(db, "own-agent", httpserver.url_for("/b.xml"), user_agent="Own-Agent/2.0")
    add(db, "own-proxy", httpserver.url_for("/c.xml"), proxy=own.url, user_agent="Both/3.0")
    env = {"FRONTWATCH_FETCH_PROXY": shared.url, "FRONTWATCH_FETCH_USER_AGENT": "Global/1.0"}

    assert await poll_with(db, env) == 3

    assert sorted(shared.seen) == [
        (httpserver.url_for("/a.xml"), "Global/1.0"),
        (httpserver.url_for("/b.xml"), "Own-Agent/2.0"),
    ]
    assert own.seen == [(httpserver.url_for("/c.xml"), "Both/3.0")]
    # What the proxies passed on is what the origin received.
    assert origin_agents(httpserver) == {
        "/a.xml": "Global/1.0",
        "/b.xml": "Own-Agent/2.0",
        "/c.xml": "Both/3.0",
    }


async def test_without_a_proxy_nothing_goes_through_one(
    db: Database, httpserver: HTTPServer, proxies: tuple[ForwardProxy, ForwardProxy]
) -> None:
    httpserver.expect_request("/a.xml").respond_with_data(
        feed("Story a"), content_type="application/rss+xml"
    )
    add(db, "direct", httpserver.url_for("/a.xml"))
    assert await poll_with(db, {}) == 1
    assert proxies[0].seen == proxies[1].seen == []
    assert origin_agents(httpserver)["/a.xml"].startswith("frontwatch/")


async def test_adding_a_source_fetches_through_its_own_proxy(
    httpserver: HTTPServer, proxies: tuple[ForwardProxy, ForwardProxy]
) -> None:
    own = proxies[1]
    httpserver.expect_request("/feed").respond_with_data(
        feed("Story"), content_type="application/rss+xml"
    )
    url = httpserver.url_for("/feed")
    kind = await check_source_url(
        load_settings(env={}), url, None, user_agent="Adder/1.0", proxy=own.url
    )
    assert kind == ("rss", url)
    assert own.seen == [(url, "Adder/1.0")]

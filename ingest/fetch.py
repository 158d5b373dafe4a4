"""Fetch URLs politely over one shared httpx client: limits, timeouts, caps, conditional GET."""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass, field, replace
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from types import TracebackType
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

import httpx

from ingest import httpbody, netguard
from ingest.errors import one_line
from ingest.fetcherrors import ErrorKind, classify, retry_after_seconds

MAX_BODY = 10 * 1024 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds allowed to connect, between two reads, and for the whole fetch (all hops)."""

    connect: float = 10.0
    read: float = 30.0
    total: float = 60.0


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one fetch; `error_kind` is None on success (including 304)."""

    url: str
    final_url: str
    status: int  # 0 when no HTTP response was received
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    # Where to move the stored URL: the target of the redirects that were all permanent.
    permanent_redirect: str | None = None
    retry_after: float | None = None  # seconds
    elapsed: float = 0.0
    error_kind: ErrorKind | None = None
    error: str | None = None  # one line

    @property
    def ok(self) -> bool:
        """True for a 2xx body or a 304."""
        return self.error_kind is None


class _Failure(Exception):
    """Ends a fetch early with an error kind and a one-line reason."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Fetcher:
    """Fetches URLs with one shared `httpx.AsyncClient`; use as an async context manager.

    Never raises for network or HTTP trouble: every outcome is a `FetchResult`.
    """

    def __init__(
        self,
        version: str,
        *,
        max_concurrency: int = 16,
        per_host: int = 2,
        timeouts: Timeouts | None = None,
        max_body: int = MAX_BODY,
        proxy: str | None = None,
    ) -> None:
        """Set up limits; the client opens on `__aenter__`.

        Args:
            version: Our version, sent as `User-Agent: frontwatch/<version>`.
            max_concurrency: Fetches in flight at once, over all hosts.
            per_host: Requests in flight at once to one host.
            timeouts: Connect, read and total limits.
            max_body: Largest body accepted, in bytes after decompression.
            proxy: Proxy URL for every request that does not name its own.
        """
        # Read on every request, so it may be replaced after construction.
        self.user_agent = f"frontwatch/{version}"
        self.proxy = proxy
        self.timeouts = timeouts or Timeouts()
        self.max_body = max_body
        self._per_host_limit = per_host
        self._global = asyncio.Semaphore(max_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._limits = httpx.Limits(
            max_connections=max_concurrency, max_keepalive_connections=max_concurrency
        )
        self._client: httpx.AsyncClient | None = None
        self._proxied: dict[str, httpx.AsyncClient] = {}

    async def __aenter__(self) -> Fetcher:
        self._client = self._new_client(None)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared client and every proxy client."""
        clients = [self._client, *self._proxied.values()]
        self._client, self._proxied = None, {}
        for client in clients:
            if client is not None:
                await client.aclose()

    def _new_client(self, proxy: str | None) -> httpx.AsyncClient:
        t = self.timeouts
        return httpx.AsyncClient(
            proxy=proxy,
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.read, pool=t.total),
            limits=self._limits,
            follow_redirects=False,
            headers={"Accept-Encoding": httpbody.ACCEPT_ENCODING},
            # No cookie jar: one client serves every source, and sites must not be able to
            # follow the user from one source to another.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
        )

    def _client_for(self, proxy: str | None) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("Fetcher used outside `async with`")
        if not proxy:
            return self._client
        # One client per proxy URL: sources name few proxies, so the cache stays small.
        if proxy not in self._proxied:
            try:
                self._proxied[proxy] = self._new_client(proxy)
            except ValueError as error:
                raise _Failure("scheme", f"bad proxy URL {proxy!r}: {error}") from None
        return self._proxied[proxy]

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._per_host_limit)
        return self._hosts[host]

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        user_agent: str | None = None,
        proxy: str | None = None,
        allow_private: bool = False,
        allow_file: bool = False,
    ) -> FetchResult:
        """Fetch `url`, following up to 5 redirects by hand.

        Args:
            url: An http(s) URL (or `file:` when `allow_file`).
            etag: Stored ETag, sent as If-None-Match.
            last_modified: Stored Last-Modified, sent as If-Modified-Since.
            user_agent: Replaces our User-Agent for this request.
            proxy: Proxy URL (http, https, socks5) for this request; else the default.
            allow_private: Permit hosts that resolve to loopback/private addresses.
            allow_file: Permit `file:` URLs (local sources, the demo).

        Returns:
            The result; on 304 `not_modified` is set and etag/last_modified are the stored
            ones unless the server sent new ones.
        """
        started = time.monotonic()
        trail = _Trail(url)
        try:
            if _split(url).scheme.lower() == "file":
                return await self._fetch_file(url, allow_file, started)
            headers = _request_headers(etag, last_modified, user_agent or self.user_agent)
            result = await self._follow(trail, headers, proxy or self.proxy, allow_private, started)
        except _Failure as failure:
            return trail.failed(failure.kind, str(failure), started)
        except TimeoutError:
            message = f"no complete answer within {self.timeouts.total:g} s"
            return trail.failed("timeout", message, started)
        except httpx.HTTPError as error:
            kind, message = classify(error)
            return trail.failed(kind, message, started)
        except httpx.InvalidURL as error:
            return trail.failed("scheme", f"bad URL: {error}", started)
        if result.not_modified:
            # A 304 may omit validators; keep the stored ones so the caller can store them back.
            return replace(
                result,
                etag=result.etag or etag,
                last_modified=result.last_modified or last_modified,
            )
        return result

    async def _follow(
        self,
        trail: _Trail,
        headers: dict[str, str],
        proxy: str | None,
        allow_private: bool,
        started: float,
    ) -> FetchResult:
        client = self._client_for(proxy)
        loop = asyncio.get_running_loop()
        # The total limit starts once the first request holds its slots: time spent queued
        # behind other fetches is not this fetch's fault.
        async with asyncio.timeout(None) as deadline:
            while True:
                host = _check_scheme(trail.current)
                # Host slot before the global one, so fetches queued for one busy host
                # (t.me, say) do not hold global slots that other hosts could use.
                async with self._host_slot(host), self._global:
                    if deadline.when() is None:
                        deadline.reschedule(loop.time() + self.timeouts.total)
                    if not allow_private:
                        await _refuse_private(host)
                    request = client.build_request("GET", trail.current, headers=headers)
                    response = await client.send(request, stream=True)
                    try:
                        location = response.headers.get("location")
                        if response.status_code not in _REDIRECTS or not location:
                            return await self._finish(trail, response, started)
                        trail.hop(response.status_code, location)
                    finally:
                        await response.aclose()

    async def _finish(self, trail: _Trail, response: httpx.Response, started: float) -> FetchResult:
        status = response.status_code
        headers = dict(response.headers.items())
        common = {
            "url": trail.start,
            "final_url": trail.current,
            "status": status,
            "headers": headers,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "permanent_redirect": trail.permanent,
            "retry_after": retry_after_seconds(headers.get("retry-after")),
        }
        if status == 304:
            return FetchResult(**common, not_modified=True, elapsed=_since(started))
        if not 200 <= status < 300:  # a 3xx here had no Location to follow
            message = f"HTTP {status} {response.reason_phrase}".strip()
            return FetchResult(**common, elapsed=_since(started), error_kind="http", error=message)
        try:
            body = await httpbody.read_capped(
                response.aiter_raw(), headers.get("content-encoding", ""), self.max_body
            )
        except httpbody.BodyTooLarge:
            message = f"body larger than {self.max_body} bytes (after decompression)"
            raise _Failure("too_large", message) from None
        except httpbody.BadEncoding as error:
            raise _Failure("http", one_line(error)) from None
        return FetchResult(**common, body=body, elapsed=_since(started))

    async def _fetch_file(self, url: str, allow_file: bool, started: float) -> FetchResult:
        if not allow_file:
            raise _Failure("scheme", "file: URLs are not allowed for this source")
        path = Path(unquote(_split(url).path))
        try:
            async with asyncio.timeout(self.timeouts.total):
                body = await asyncio.to_thread(_read_local, path, self.max_body)
        except FileNotFoundError:
            status, body, error = 404, b"", f"no such file: {path}"
        except OSError as failure:
            status, body, error = 403, b"", f"cannot read {path}: {failure.strerror or failure}"
        else:
            status, error = 200, None
        return FetchResult(
            url=url,
            final_url=url,
            status=status,
            body=body,
            elapsed=_since(started),
            error_kind="http" if error else None,
            error=error,
        )


def _read_local(path: Path, limit: int) -> bytes:
    with path.open("rb") as handle:
        body = handle.read(limit + 1)
    if len(body) > limit:
        raise _Failure("too_large", f"file larger than {limit} bytes: {path}")
    return body


class _Trail:
    """The redirect chain of one fetch: where it started, where it is, what was permanent."""

    def __init__(self, start: str) -> None:
        self.start = start
        self.current = start
        self.seen = {start}
        self.hops = 0
        self.permanent: str | None = None
        self._all_permanent = True

    def hop(self, status: int, location: str) -> None:
        target = urljoin(self.current, location.strip())
        if target in self.seen:
            raise _Failure("redirects", f"redirect loop: {self.current} -> {target}")
        self.hops += 1
        if self.hops > MAX_REDIRECTS:
            raise _Failure("redirects", f"more than {MAX_REDIRECTS} redirects")
        self._all_permanent = self._all_permanent and status in _PERMANENT
        if self._all_permanent:
            self.permanent = target
        self.seen.add(target)
        self.current = target

    def failed(self, kind: ErrorKind, message: str, started: float) -> FetchResult:
        return FetchResult(
            url=self.start,
            final_url=self.current,
            status=0,
            permanent_redirect=self.permanent,
            elapsed=_since(started),
            error_kind=kind,
            error=one_line(message),
        )


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as error:
        raise _Failure("scheme", f"bad URL {url!r}: {error}") from None


def _check_scheme(url: str) -> str:
    """Refuse anything but an http(s) URL with a host; return the host, lower-case."""
    parts = _split(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise _Failure("scheme", f"refused {parts.scheme or 'scheme-less'} URL: {url}")
    try:
        host = parts.hostname
    except ValueError as error:
        raise _Failure("scheme", f"bad URL {url!r}: {error}") from None
    if not host:
        raise _Failure("scheme", f"URL has no host: {url}")
    return host


async def _refuse_private(host: str) -> None:
    """Refuse a host that resolves to a private or local address (checked on every hop)."""
    try:
        private = await netguard.is_private_host(host)
    except (socket.gaierror, UnicodeError) as error:
        raise _Failure("dns", f"cannot resolve {host}: {error}") from None
    if private:
        raise _Failure("blocked", f"refused {host}: it resolves to a private or local address")


def _request_headers(etag: str | None, modified: str | None, user_agent: str) -> dict[str, str]:
    headers = {"User-Agent": user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def _since(started: float) -> float:
    return time.monotonic() - started

"""Name what went wrong in a fetch, and read Retry-After, for the poll loop's backoff."""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

import httpx

from ingest.errors import one_line

ErrorKind = Literal[
    "timeout", "connect", "dns", "reset", "too_large", "redirects", "http", "scheme", "blocked"
]


def _causes(error: BaseException) -> list[BaseException]:
    """The error and the chain of errors beneath it (httpx wraps httpcore wraps OSError)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def classify(error: httpx.HTTPError) -> tuple[ErrorKind, str]:
    """Return the error kind and a one-line message for an httpx failure.

    "dns" and "connect" let the poll loop tell an offline machine from a broken source.
    """
    chain = _causes(error)
    root = chain[-1]
    detail = one_line(root) or type(root).__name__
    if isinstance(error, httpx.TimeoutException):
        phase = {
            httpx.ConnectTimeout: "connect",
            httpx.ReadTimeout: "read",
            httpx.WriteTimeout: "write",
            httpx.PoolTimeout: "pool",
        }.get(type(error), "")
        return "timeout", f"{phase} timeout".strip()
    if any(isinstance(e, socket.gaierror) for e in chain) or _looks_like_dns(detail):
        return "dns", f"DNS lookup failed: {detail}"
    if any(isinstance(e, ConnectionResetError | BrokenPipeError) for e in chain):
        return "reset", f"connection reset: {detail}"
    if isinstance(error, httpx.ConnectError):
        if any(isinstance(e, ssl.SSLError) for e in chain):
            return "connect", f"TLS failed: {detail}"
        return "connect", f"cannot connect: {detail}"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "reset", f"connection dropped: {detail}"
    if isinstance(error, httpx.ProxyError):
        return "connect", f"proxy failed: {detail}"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "scheme", detail
    return "http", detail


def _looks_like_dns(detail: str) -> bool:
    lowered = detail.lower()
    return "name or service not known" in lowered or "nodename nor servname" in lowered


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); junk gives None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())

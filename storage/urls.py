"""Canonical URLs, so the same article reached through tracking links is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_")
_TRACKING_KEYS = {
    "fbclid",
    "gclid",
    "dclid",
    "yclid",
    "msclkid",
    "igshid",
    "mkt_tok",
    "ref_src",
    "_hsenc",
    "_hsmi",
    "cmpid",
    "at_medium",
    "at_campaign",
}


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, drop default ports, tracking parameters and the fragment."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip() or None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        return url.strip()
    port = parts.port if _keeps_port(scheme, parts) else None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets
    netloc = f"{host}:{port}" if port else host
    query = ""
    if parts.query:
        kept = [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(key)
        ]
        query = urlencode(kept, doseq=True)
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _keeps_port(scheme: str, parts) -> bool:  # noqa: ANN001 - SplitResult
    try:
        port = parts.port
    except ValueError:
        return False
    return port is not None and (scheme, port) not in {("http", 80), ("https", 443)}


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in _TRACKING_KEYS or lowered.startswith(_TRACKING_PREFIXES)

"""Field rules shared by every parser: guids, dates, links and language tags of items."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit

from ingest.textclean import clean_text

# Feeds whose clocks run a little fast are fine; anything later is a bad date.
FUTURE_SLACK = timedelta(days=1)
_LANG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9_-]*)?")


def fallback_guid(link: str | None, title: str, date_text: str, body: str = "") -> str:
    """Return an identity for an entry that has no guid: its link, else a hash.

    The hash covers title and date; the body joins in only when both are empty so that
    distinct untitled, undated entries stay distinct.
    """
    if link:
        return link
    basis = f"{title}\n{date_text}" if (title or date_text) else f"\n\n{body}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def clamp_date(moment: datetime | None, now: datetime) -> datetime | None:
    """Return `moment` in UTC, or None when it lies more than a day in the future.

    None, not `now`: the stored item then takes its first-seen time, and the parsed item
    stays the same from poll to poll (a moving `now` would look like an edit each time).
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return None if moment > now + FUTURE_SLACK else moment


def parse_iso_date(text: str | None) -> datetime | None:
    """Parse an RFC 3339 / ISO 8601 stamp; naive stamps are taken as UTC; junk gives None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def web_url(link: str | None, base: str | None = None) -> str | None:
    """Return `link` made absolute against `base` if it is an http(s) URL, else None.

    Items are opened in a browser: `javascript:`, `data:` and `file:` links never get there.
    """
    if not link:
        return None
    link = clean_text(link).replace("\n", "").replace(" ", "%20")
    if base:
        try:
            link = urljoin(base, link)
        except ValueError:
            return None
    try:
        parts = urlsplit(link)
    except ValueError:
        return None
    return link if parts.scheme in {"http", "https"} and parts.hostname else None


def without_fragment(url: str) -> str:
    """Return `url` without its `#fragment`, which never reaches a server."""
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def lang_code(tag: str | None) -> str | None:
    """Return the primary language subtag, lower-case (`ru-RU` → `ru`), or None."""
    if not tag:
        return None
    match = _LANG.fullmatch(tag.strip())
    return match.group(1).lower() if match else None


def utc_now() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)

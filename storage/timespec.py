"""Parsing `since:`/`until:` values: relative spans (30m, 24h, 7d, 2w) and dates in a zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from storage.errors import QueryError

_SPAN = re.compile(r"^(\d{1,5})\s*(m|min|h|d|w)$", re.I)
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_moment(value: str, *, now: datetime, tz: tzinfo, key: str, end: bool = False) -> int:
    """Epoch seconds for a filter value.

    A span means that long before `now`; a date means its midnight in `tz` (for
    `until:` with `end=True`, the end of that day); a date and time is read in `tz`.
    """
    text = value.strip()
    match = _SPAN.match(text)
    if match:
        seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
        return int(now.timestamp()) - seconds
    try:
        if "T" in text or " " in text:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            return int(moment.timestamp())
        day = date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise QueryError(
            f"{key}: expects a span like 24h or 7d, or a date like 2026-01-15, got {value!r}"
        ) from None
    try:
        if end:
            day = day + timedelta(days=1)
        return int(datetime.combine(day, time(0), tzinfo=tz).timestamp())
    except (OverflowError, ValueError):
        raise QueryError(f"{key}: {value!r} is out of range") from None

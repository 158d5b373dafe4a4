"""Conversions between stored integer UTC seconds and timezone-aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def to_epoch(moment: datetime | None) -> int | None:
    """Seconds since the epoch for an aware datetime (None stays None)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to storage; use timezone-aware UTC")
    return int(moment.timestamp())


def from_epoch(seconds: int | None) -> datetime | None:
    """An aware UTC datetime for stored seconds (None stays None)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def now_epoch() -> int:
    """The current time as stored."""
    return int(datetime.now(UTC).timestamp())

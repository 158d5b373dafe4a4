"""A week of hourly counts as a sparkline, bucketed on the boundaries of the user's zone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from functools import lru_cache

BLOCKS = "▁▂▃▄▅▆▇█"
HOUR = 3600


@lru_cache(maxsize=32)
def _bucket_of_hour(this_hour: int, zone: tzinfo, hours: int, hours_per: int) -> tuple[int, ...]:
    """For each hour of the window (oldest first), which bucket it falls in (-1: none)."""
    span = hours_per * HOUR

    def local_bucket(hour: int) -> int:
        moment = datetime.fromtimestamp(hour * HOUR, UTC)
        offset = moment.astimezone(zone).utcoffset()
        seconds = offset.total_seconds() if offset is not None else 0
        return int((hour * HOUR + seconds) // span)

    count = hours // hours_per
    last = local_bucket(this_hour)
    first_hour = this_hour - hours + 1
    out = []
    for i in range(hours):
        index = count - 1 - (last - local_bucket(first_hour + i))
        out.append(index if 0 <= index < count else -1)
    return tuple(out)


def bucket_series(
    hourly: Sequence[int], now: datetime, zone: tzinfo, hours_per: int = 6
) -> list[int]:
    """Sum hourly counts (oldest first, the last one being the current UTC hour) into buckets.

    Buckets start at local multiples of `hours_per` hours (00:00, 06:00, … in `zone`), so
    a day's worth lines up with the user's days; the newest bucket is the current one.
    """
    hours = len(hourly)
    this_hour = int(now.timestamp()) // HOUR
    mapping = _bucket_of_hour(this_hour, zone, hours, hours_per)
    buckets = [0] * (hours // hours_per)
    for index, value in zip(mapping, hourly, strict=True):
        if index >= 0:
            buckets[index] += value
    return buckets


def sparkline(values: Sequence[int]) -> str:
    """Block characters scaled to the largest value; zero is a blank."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    levels = len(BLOCKS)
    # Each block stands for an equal slice of (0, top]; any count at all shows at least ▁.
    return "".join(
        " " if v <= 0 else BLOCKS[min(levels - 1, math.ceil(v / top * levels) - 1)] for v in values
    )

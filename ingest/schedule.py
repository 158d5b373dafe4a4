"""When a source is polled next: its interval with jitter, backoff after errors, Retry-After."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

MAX_BACKOFF = 6 * 3600
# While the whole machine looks offline, sources are retried this soon, streaks frozen.
OFFLINE_RETRY = 30


def next_poll(
    now: datetime,
    interval: int,
    *,
    error_count: int = 0,
    retry_after: float | None = None,
    jitter: float = 0.1,
    max_backoff: int = MAX_BACKOFF,
    rng: random.Random | None = None,
) -> datetime:
    """The next poll time.

    Healthy: interval plus up to `jitter` of it. After n consecutive errors: interval
    doubled n times, capped at `max_backoff`. A server's Retry-After is honoured when it
    asks for longer.
    """
    rng = rng or random
    delay = float(interval)
    if error_count > 0:
        delay = min(interval * (2 ** min(error_count, 20)), max_backoff)
    delay += delay * jitter * rng.random()
    if retry_after is not None:
        delay = max(delay, min(retry_after, max_backoff))
    return now + timedelta(seconds=delay)

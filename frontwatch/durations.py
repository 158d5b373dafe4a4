"""Human durations for settings and options: 90s, 15m, 1h, 2d."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$", re.I)
_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


class DurationError(ValueError):
    """Not a duration."""


def parse_duration(text: str | int | float) -> int:
    """Seconds in a duration like `15m`; a bare number means minutes."""
    if isinstance(text, int | float):
        return int(text * 60)
    match = _DURATION.match(text)
    if not match:
        raise DurationError(f"expected a duration like 90s, 15m, 1h or 2d, got {text!r}")
    unit = (match.group(2) or "m").lower()
    return int(float(match.group(1)) * _SECONDS[unit])


def format_duration(seconds: float) -> str:
    """A compact duration: 45s, 12m, 3h, 2d."""
    seconds = int(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"

"""Formatting for the screen: safe text from untrusted strings, times, ages and markers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from rich.text import Text

from tagging.text import strip_controls

_WHITESPACE = re.compile(r"\s+")

# Side of a source: a two-letter ASCII marker (never a flag emoji: widths vary by terminal).
SIDE_MARKERS = {"ua": "UA", "ru": "RU", "intl": "IN", "other": "--"}
TYPE_MARKERS = {
    "official": "off",
    "media": "med",
    "analyst": "ana",
    "milblogger": "mil",
    "aggregator": "agg",
}
# Every status shown by colour is also shown by a glyph (NO_COLOR and colour-blind users).
STATUS_GLYPHS = {
    "ok": "✓",
    "not_modified": "=",
    "error": "✗",
    "offline": "⌁",
    "paused": "⏸",
    "never": "·",
    "gap": "!",
    "parse_empty": "!",
    "no_preview": "!",
}
UNREAD_GLYPH = "•"
STARRED_GLYPH = "★"


def clean(value: object) -> str:
    """Untrusted text with escape sequences, controls, bidi and zero-width characters removed."""
    return strip_controls("" if value is None else str(value))


def one_line(value: object) -> str:
    """Untrusted text cleaned and folded onto one line."""
    return _WHITESPACE.sub(" ", clean(value)).strip()


def safe(value: object, style: str = "") -> Text:
    """A Rich Text of untrusted text: never parsed as markup, controls stripped, one line."""
    return Text(one_line(value), style=style, no_wrap=True, end="")


def side_marker(side: str) -> str:
    """Two-letter marker of a source's side."""
    return SIDE_MARKERS.get(side, "--")


def status_glyph(status: str) -> str:
    """The glyph beside a source status."""
    return STATUS_GLYPHS.get(status, "?")


def item_time(moment: datetime | None, zone: tzinfo, now: datetime) -> str:
    """A list time in `zone`: "14:05" today, "09 Jan" earlier this year, else "2025-12"."""
    if moment is None:
        return "  --  "
    local = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    if local.date() == today:
        return local.strftime("%H:%M ")
    if local.year == today.year:
        return local.strftime("%d %b")
    return local.strftime("%Y-%m")


def full_time(moment: datetime | None, zone: tzinfo) -> str:
    """A complete local time for the reader."""
    if moment is None:
        return "unknown"
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def ago(moment: datetime | None, now: datetime) -> str:
    """A short age: "now", "45s", "12m", "3h", "5d" (or "—" for never)."""
    if moment is None:
        return "—"
    seconds = int((now - moment).total_seconds())
    if seconds < 0:
        return "now"
    if seconds < 60:
        return f"{seconds}s" if seconds >= 10 else "now"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def until(moment: datetime | None, now: datetime) -> str:
    """Time left until `moment` as "in 3m"/"in 2h", or "due" when it has come."""
    if moment is None:
        return "due"
    seconds = int((moment - now).total_seconds())
    if seconds <= 0:
        return "due"
    return "in " + ago(now - timedelta(seconds=seconds), now)


def countdown(seconds: float) -> str:
    """mm:ss (or h:mm:ss past an hour)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def change(now_count: int, before: int) -> str:
    """Change against the previous period: "▲3", "▼2" or "=" (glyph carries the sign)."""
    delta = now_count - before
    if delta > 0:
        return f"▲{delta}"
    if delta < 0:
        return f"▼{-delta}"
    return "="

"""Safe output helpers for the command line: untrusted text as plain Rich Text, times in a zone."""

from __future__ import annotations

import sys
from datetime import datetime, tzinfo

from rich.console import Console
from rich.text import Text

from tagging.text import strip_controls


def safe(text: str | None) -> str:
    """Text from the network with control characters and escape sequences removed."""
    return strip_controls(text or "").replace("\n", " ")


def safe_text(text: str | None, style: str = "") -> Text:
    """A Rich Text that shows `text` literally: no markup, no escapes."""
    return Text(safe(text), style=style)


def highlighted(text: str, spans: tuple[tuple[int, int], ...], style: str = "bold reverse") -> Text:
    """Literal text with spans styled (offsets into `text`)."""
    out = Text(text)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def local_time(moment: datetime | None, zone: tzinfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A time in the configured zone ("" for none)."""
    return moment.astimezone(zone).strftime(fmt) if moment else ""


def iso_time(moment: datetime | None, zone: tzinfo) -> str | None:
    """ISO 8601 with the zone's offset, for JSON and CSV."""
    return moment.astimezone(zone).isoformat() if moment else None


def console() -> Console:
    """A stdout console; plain (no colour, no width games) when not a terminal."""
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=not sys.stdout.isatty())

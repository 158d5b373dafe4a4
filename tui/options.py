"""What the command line hands the TUI: database, poller, zone, theme and behaviour switches."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

MIN_STREAM_PAGE = 20


@dataclass(frozen=True)
class TuiOptions:
    """Settings of one TUI run.

    Attributes:
        db_path: the database file (created and migrated by the CLI before the app starts).
        poll_argv: argv that starts `frontwatch --db PATH poll` as a child process, or None
            to only follow the database (`--no-poll`).
        zone: the zone times are shown and days are bucketed in.
        zone_name: its name for the header.
        bell: ring the terminal bell on alerts.
        theme: the Textual theme name to start with.
        open_command: argv that opens a link; `{url}` in an argument is replaced by the link,
            else the link is appended. Empty: the system browser (or OSC 52 over SSH).
        stream_page: how many stream rows one page loads from storage.
        on_theme_change: called with the new theme name when the user picks a theme.
        known_themes: theme ids accepted by `theme:` filters (empty: any).
        demo: the database is the built-in demo (shown in the header).
        now: the clock (aware UTC); tests pin it. None: the real clock.
        poll_log: file the poller child's stdout and stderr are appended to (None: discarded).
    """

    db_path: Path
    poll_argv: Sequence[str] | None = None
    zone: tzinfo = UTC
    zone_name: str = "UTC"
    bell: bool = False
    theme: str = "textual-dark"
    open_command: Sequence[str] = ()
    stream_page: int = 300
    on_theme_change: Callable[[str], None] | None = None
    known_themes: tuple[str, ...] = ()
    demo: bool = False
    now: Callable[[], datetime] | None = None
    poll_log: Path | None = None

    def __post_init__(self) -> None:
        if self.stream_page < MIN_STREAM_PAGE:
            raise ValueError(
                f"stream_page must be at least {MIN_STREAM_PAGE}, got {self.stream_page}"
            )
        if self.poll_argv is not None and not list(self.poll_argv):
            raise ValueError("poll_argv must name a program (or be None to only follow)")

    def clock(self) -> datetime:
        """The current time, aware UTC."""
        return self.now() if self.now is not None else datetime.now(UTC)

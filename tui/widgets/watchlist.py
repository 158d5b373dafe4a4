"""The watchlist: watched places and saved queries with counts, trend, sparkline and unread."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import BindingType

from storage import QueryError
from storage.types import WatchStats
from storage.watch import remove_rule, watch_stats
from tui.data.format import ago, change, safe
from tui.data.loaders import watch_signature
from tui.data.sparkline import bucket_series, sparkline
from tui.jobs import SerialJob, Work, run_in_thread
from tui.keys import bind
from tui.messages import Done, FilterRequested, WatchLoaded
from tui.widgets.row_list import RowList

if TYPE_CHECKING:
    from tui.app import FrontwatchApp

FLASH_SECONDS = 2.0
# Counts are recomputed at least this often (seconds), changes or not.
FULL_EVERY = 60.0
# Bucket sizes tried for the 7-day sparkline, finest first (6 h = 28 cells).
_BUCKET_HOURS = (6, 12, 24)


def rule_query(stats: WatchStats) -> str:
    """The stream query a watch row stands for."""
    rule = stats.rule
    return f"place:{rule.place_id}" if rule.place_id else (rule.query or "")


def is_news(new: WatchStats, old: WatchStats | None) -> bool:
    """Whether a row gained a mention since the last look."""
    if old is None:
        return False
    later = new.last_mention_at is not None and (
        old.last_mention_at is None or new.last_mention_at > old.last_mention_at
    )
    return later or new.mentions_24h > old.mentions_24h or new.unread > old.unread


class Watchlist(RowList[int]):
    """One two-line row per watch rule, most recently active first."""

    ROW_HEIGHT: ClassVar[int] = 2
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("x", "remove", "Unwatch", extra=("delete",)),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = RowList.COMPONENT_CLASSES | {
        "watchlist--flash",
        "watchlist--up",
        "watchlist--down",
        "watchlist--spark",
        "watchlist--muted",
    }
    DEFAULT_CSS = """
    Watchlist {
        & > .watchlist--flash { background: $warning 45%; text-style: bold; }
        & > .watchlist--up { color: $error; }
        & > .watchlist--down { color: $success; }
        & > .watchlist--spark { color: $accent; }
        & > .watchlist--muted { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._stats: dict[int, WatchStats] = {}
        self._flash: dict[int, float] = {}
        self._job = SerialJob(self, "watch", self._make_load)
        self._signature: tuple | None = None
        self._force = True

    def on_mount(self) -> None:
        # Ages ("5m") and the sliding 24 h windows move even when nothing is stored.
        self.set_interval(FULL_EVERY, lambda: self.reload(force=True), name="watch-full")

    @property
    def fw(self) -> FrontwatchApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    @property
    def flashing(self) -> set[int]:
        """Rule ids highlighted for a new mention right now."""
        now = time.monotonic()
        return {rule_id for rule_id, until in self._flash.items() if until > now}

    @property
    def empty_text(self) -> str:
        return "No places watched: press W."

    @property
    def watched_places(self) -> dict[str, int]:
        """Watched place id -> rule id."""
        return {s.rule.place_id: s.rule.id for s in self._stats.values() if s.rule.place_id}

    def stats(self, rule_id: int | None) -> WatchStats | None:
        """The counts shown for a rule."""
        return None if rule_id is None else self._stats.get(rule_id)

    def reload(self, *, force: bool = False) -> None:
        """Fetch fresh counts (coalesced while a fetch runs).

        Without `force` the counts are only recomputed when items or watch rules changed:
        most commits (poll bookkeeping, heartbeats) change neither, and counting a big
        database costs far more than checking.
        """
        self._force = self._force or force
        self._job.request()

    def _make_load(self) -> Work:
        db, now, zone = self.fw.db, self.fw.now(), self.fw.options.zone
        known, force = self._signature, self._force
        self._force = False

        def work() -> WatchLoaded | None:
            signature = watch_signature(db)
            if signature == known and not force:
                return None
            try:
                return WatchLoaded(tuple(watch_stats(db, now, zone)), signature=signature)
            except QueryError as exc:
                # A saved query that no longer runs: say so where the counts would be.
                return WatchLoaded((), error=str(exc), signature=signature)

        return work

    def on_watch_loaded(self, message: WatchLoaded) -> None:
        message.stop()
        self._signature = message.signature
        if message.error is not None:
            self.border_title = Text(f"Watchlist · ✗ {message.error}")
            return
        old = self._stats
        self._stats = {s.rule.id: s for s in message.stats}
        fresh = [rid for rid, s in self._stats.items() if is_news(s, old.get(rid))]
        if fresh:
            until = time.monotonic() + FLASH_SECONDS
            self._flash.update(dict.fromkeys(fresh, until))
            self.set_timer(FLASH_SECONDS, self._end_flash)
        self.replace([s.rule.id for s in message.stats], keep_cursor=True)
        self.border_title = Text(f"Watchlist · {len(self._stats)}")

    def _end_flash(self) -> None:
        now = time.monotonic()
        self._flash = {k: v for k, v in self._flash.items() if v > now}
        self.refresh()

    def on_row_list_selected(self, message: RowList.Selected) -> None:
        stats = self.stats(message.key)  # type: ignore[arg-type]
        message.stop()
        if stats is not None:
            self.post_message(FilterRequested(rule_query(stats)))

    def action_remove(self) -> None:
        stats = self.stats(self.cursor_key)
        if stats is None:
            return
        db, rule = self.fw.db, stats.rule

        def work() -> Done:
            remove_rule(db, rule.id)
            return Done(f"stopped watching {rule.label}")

        run_in_thread(self, work, name="unwatch", group="watch-edit")

    def render_row(self, key: int, line: int, width: int, selected: bool) -> Text:
        stats = self._stats.get(key)
        if stats is None:
            return Text("")
        style = self.get_component_rich_style
        flash = key in self.flashing
        out = Text(no_wrap=True, end="")
        if line == 0:
            right = Text(end="")
            if stats.unread:
                right.append(f"{stats.unread}• ")
            right.append(ago(stats.last_mention_at, self.fw.now()), style("watchlist--muted"))
            name = safe(stats.rule.label, "bold" if stats.unread else "")
            name.truncate(max(0, width - right.cell_len - 2), overflow="ellipsis", pad=True)
            out.append("» " if flash else "  ")
            out.append_text(name)
            out.append_text(right)
        else:
            trend = change(stats.mentions_24h, stats.mentions_prev_24h)
            trend_style = "watchlist--up" if trend.startswith("▲") else "watchlist--down"
            out.append(f"  {stats.mentions_24h:>3} ")
            out.append(f"{trend:<5}", style(trend_style) if trend != "=" else "")
            room = max(0, width - out.cell_len - 1)
            hours = next((h for h in _BUCKET_HOURS if 168 // h <= room), 24)
            buckets = bucket_series(stats.hourly_7d, self.fw.now(), self.fw.options.zone, hours)
            out.append(sparkline(buckets)[:room], style("watchlist--spark"))
        if flash and not selected:
            out.stylize_before(style("watchlist--flash"))
            out.pad_right(max(0, width - out.cell_len))
        return out

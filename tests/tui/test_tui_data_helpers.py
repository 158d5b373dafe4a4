"""The TUI's Textual-free helpers: sparklines, formatting, query edits, poll status, reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.style import Style

from storage.lease import LeaseHolder
from storage.types import ItemDetail, ItemRow, TagEvidence
from tui.data.format import ago, change, countdown, item_time, one_line, safe, until
from tui.data.loaders import PollSnapshot, ReaderDoc
from tui.data.poll_state import ChildState, describe_polling
from tui.data.query_edit import current_theme, cycle_theme
from tui.data.reader_text import reader_text
from tui.data.sparkline import bucket_series, sparkline
from tui.options import TuiOptions

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2026, 1, 10, 12, 30, tzinfo=UTC)  # 14:30 in Kyiv (UTC+2 in winter)


def test_buckets_follow_local_six_hour_boundaries() -> None:
    hourly = [0] * 168
    hourly[-1] = 5  # 12:00 UTC = 14:00 Kyiv: in the 12:00-18:00 local bucket
    hourly[-3] = 7  # 10:00 UTC = 12:00 Kyiv: same local bucket
    hourly[-4] = 1  # 09:00 UTC = 11:00 Kyiv: the 06:00-12:00 bucket before it
    buckets = bucket_series(hourly, NOW, KYIV, 6)
    assert len(buckets) == 28
    assert buckets[-1] == 12 and buckets[-2] == 1 and sum(buckets) == 13


def test_utc_buckets_differ_from_kyiv_ones() -> None:
    hourly = [0] * 168
    hourly[-3] = 7  # 10:00 UTC: in UTC's 06:00-12:00 bucket, not the current one
    assert bucket_series(hourly, NOW, UTC, 6)[-2] == 7
    assert bucket_series(hourly, NOW, KYIV, 6)[-1] == 7


def test_sparkline_scales_and_keeps_zero_blank() -> None:
    assert sparkline([0, 1, 8]) == " ▁█"
    assert sparkline([0, 0]) == "  "
    assert len(sparkline([3] * 14)) == 14


def test_formatting_helpers() -> None:
    assert ago(NOW - timedelta(minutes=12), NOW) == "12m"
    assert ago(NOW - timedelta(hours=3), NOW) == "3h"
    assert ago(None, NOW) == "—"
    assert until(NOW + timedelta(minutes=3), NOW) == "in 3m"
    assert until(NOW - timedelta(minutes=3), NOW) == "due"
    assert countdown(151) == "02:31"
    assert change(5, 2) == "▲3" and change(2, 5) == "▼3" and change(1, 1) == "="
    assert item_time(NOW, KYIV, NOW).strip() == "14:30"
    assert item_time(NOW - timedelta(days=2), KYIV, NOW) == "08 Jan"


def test_untrusted_text_is_made_literal_and_flat() -> None:
    text = safe("[red]x[/red] \x1b]0;evil\x07 line\nbreak \u202eabc")
    assert text.plain == "[red]x[/red] line break abc"
    assert text.spans == []
    assert one_line("a\x1b[2Jb") == "ab"


def test_theme_filter_cycles_and_ends() -> None:
    assert cycle_theme("place:pokrovsk", ["drones", "assault"]) == "place:pokrovsk theme:drones"
    assert cycle_theme("place:pokrovsk theme:drones", ["drones", "assault"]) == (
        "place:pokrovsk theme:assault"
    )
    assert cycle_theme("place:pokrovsk theme:assault", ["drones", "assault"]) == "place:pokrovsk"
    assert cycle_theme("theme:other x", ["drones"]) == "x theme:drones"
    assert current_theme("a theme:Drones") == "drones"


def _snapshot(**changes: object) -> PollSnapshot:
    values: dict[str, object] = {
        "lease": None,
        "next_due": NOW + timedelta(seconds=151),
        "failing": 0,
        "offline": False,
        "sources": 3,
    }
    values.update(changes)
    return PollSnapshot(**values)  # type: ignore[arg-type]


def _said(child: ChildState, snapshot: PollSnapshot | None) -> str:
    return " | ".join(p.text for p in describe_polling(child, snapshot, NOW))


def test_poll_status_wording() -> None:
    running = ChildState("running", 99)
    assert _said(running, _snapshot()) == "next round in 02:31"
    assert _said(running, _snapshot(next_due=NOW)) == "⟳ polling"
    lease = LeaseHolder("poller@h:7", 7, 0)
    assert _said(ChildState(), _snapshot(lease=lease)).startswith("following poller pid 7")
    assert _said(ChildState("stopped", 99, 2), _snapshot()) == "✗ poller stopped (exit 2)"
    both = _said(running, _snapshot(failing=2, offline=True))
    assert "⌁ offline" in both and "✗ 2 sources failing" in both
    assert _said(running, None) == "starting…"


def _doc(title: str, body: str, evidence: tuple[dict, ...]) -> ReaderDoc:
    row = ItemRow(1, "ua-news", title, "https://x.example/1", "uk", None, NOW, False, False)
    detail = ItemDetail(
        row=row,
        guid="g",
        summary=body,
        content="",
        author=None,
        source_title="UA News",
        forwarded_from=None,
        tagger_version="t",
        places=(TagEvidence("pokrovsk", 1, evidence),),
        also_in=("RU Blog",),
    )
    return ReaderDoc(detail=detail, names={"pokrovsk": "Pokrovsk"})


def test_reader_highlights_evidence_and_terms() -> None:
    body = "Бої біля Покровська тривають. Drones too."
    start = body.index("Покровська")
    evidence = ({"f": "body", "s": start, "e": start + 10, "form": "покровська", "rule": "exact"},)
    place, term = Style(bold=True), Style(italic=True)
    text = reader_text(
        _doc("[bold]T", body, evidence), ["drones"], KYIV, {"place": place, "term": term}
    )
    plain = text.plain
    assert plain.startswith("[bold]T\n")
    assert "Also in: RU Blog" in plain
    assert '"покровська" in body by exact' in plain
    offset = plain.index(body)
    spans = {(s.start - offset, s.end - offset, s.style) for s in text.spans}
    assert (start, start + 10, place) in spans
    drones = body.index("Drones")
    assert (drones, drones + 6, term) in spans


def test_reader_finds_evidence_by_form_when_cleaning_moved_offsets() -> None:
    body = "\x1b[2JБої біля Покровська."
    start = body.index("Покровська")
    evidence = ({"f": "body", "s": start, "e": start + 10, "form": "покровська", "rule": "x"},)
    place = Style(bold=True)
    text = reader_text(_doc("T", body, evidence), [], KYIV, {"place": place})
    shown = "Бої біля Покровська."
    offset = text.plain.index(shown)
    marked = [text.plain[s.start : s.end] for s in text.spans if s.style == place]
    assert marked == ["Покровська"]
    assert offset > 0 and "\x1b" not in text.plain


def test_options_refuse_nonsense(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stream_page"):
        TuiOptions(db_path=tmp_path / "x.db", stream_page=1)
    with pytest.raises(ValueError, match="poll_argv"):
        TuiOptions(db_path=tmp_path / "x.db", poll_argv=[])

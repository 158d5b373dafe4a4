"""Telegram channel web previews: posts, titles, forwards, cursors and the pages with no posts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.errors import FeedParseError
from ingest.telegram import (
    TelegramEmptyError,
    TelegramNoPreviewError,
    before_cursor,
    parse_telegram,
    preview_url,
    telegram_channel,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def page(data: Path, name: str) -> str:
    return (data / "telegram" / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("channel", "title"),
    [("deepstate_like", "Мапа фронту (зразок)"), ("milblog_ru", "Военкор на передке (образец)")],
)
def test_sample_pages(samples: Path, channel: str, title: str) -> None:
    html = (samples / "telegram" / f"{channel}.html").read_text(encoding="utf-8")
    feed = parse_telegram(html, preview_url(channel), now=NOW)
    assert len(feed.items) == 15 and feed.warnings == ()
    assert feed.title == title
    numbers = []
    for item in feed.items:
        name, _, number = item.guid.removeprefix("tg:").partition("/")
        assert item.guid.startswith("tg:") and name == channel
        assert item.url == f"https://t.me/{channel}/{number}"
        assert item.title and item.content.startswith(item.title.rstrip("…")[:40])
        assert item.published_at is not None and item.published_at.tzinfo is UTC
        assert "<" not in item.content
        numbers.append(int(number))
    assert before_cursor(html) == min(numbers)
    assert sum(item.forwarded_from is not None for item in feed.items) == 3


def test_sample_post_details(samples: Path) -> None:
    html = (samples / "telegram/deepstate_like.html").read_text(encoding="utf-8")
    items = {
        item.guid: item for item in parse_telegram(html, "https://t.me/s/deepstate_like").items
    }
    first = items["tg:deepstate_like/10412"]
    assert first.title == "📍Мапу оновлено."
    assert first.content.split("\n")[0] == "📍Мапу оновлено."  # <br> became a line break
    assert first.content.endswith("\n\nМапа")  # the link is kept as its text
    assert first.published_at == datetime(2026, 11, 17, 6, 45, 53, tzinfo=UTC)
    assert items["tg:deepstate_like/10416"].forwarded_from == "Штурмова бригада «Приклад»"


def test_reply_quote_is_not_part_of_the_post(samples: Path) -> None:
    html = (samples / "telegram/milblog_ru.html").read_text(encoding="utf-8")
    items = {item.guid: item for item in parse_telegram(html, "https://t.me/s/milblog_ru").items}
    reply = items["tg:milblog_ru/58130"]
    assert reply.content.startswith("По Удачному")
    assert "завершили освобождение" not in reply.content


def test_edge_posts(data: Path) -> None:
    feed = parse_telegram(page(data, "posts"), "https://t.me/s/edge_sample", now=NOW)
    assert feed.title == "Edge & sample"
    assert feed.warnings == ("1 posts with unreadable ids skipped",)
    items = {item.guid: item for item in feed.items}
    assert list(items) == [f"tg:edge_sample/{n}" for n in (500, 501, 502, 503, 504)]
    first = items["tg:edge_sample/500"]
    assert first.content == (
        "Line one about Pokrovsk today\nLine two <b>not bold</b>\n\nAfter a gap [bold]x[/bold]"
    )
    assert first.title == "Line one about Pokrovsk today"
    assert "Quoted earlier post" not in first.content
    assert first.author == "Admin Name"
    assert first.published_at == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    long_one = items["tg:edge_sample/501"]
    assert len(long_one.title) <= 121 and long_one.title.endswith("…")
    assert long_one.published_at is None  # 2031 is dropped: stored as first seen
    preview = items["tg:edge_sample/502"]
    assert preview.title == "Analysis of the Hryshyne sector"
    assert preview.content == "Analysis of the Hryshyne sector\nMaps and commentary."
    assert preview.published_at is None
    media_only = items["tg:edge_sample/503"]
    assert (media_only.title, media_only.content) == ("", "")
    assert items["tg:edge_sample/504"].title == "Title with escape"
    assert before_cursor(page(data, "posts")) == 500


def test_no_preview_page(data: Path) -> None:
    with pytest.raises(TelegramNoPreviewError, match="no web preview") as caught:
        parse_telegram(page(data, "no_preview"), "https://t.me/s/closed_sample")
    assert isinstance(caught.value, FeedParseError)  # callers may catch all parse failures at once


def test_changed_markup_is_empty_error(data: Path) -> None:
    with pytest.raises(TelegramEmptyError, match="markup looks changed"):
        parse_telegram(page(data, "changed_markup"), "https://t.me/s/changed_sample")


def test_empty_channel_is_an_empty_feed_with_a_warning(data: Path) -> None:
    feed = parse_telegram(page(data, "empty_channel"), "https://t.me/s/empty_sample")
    assert feed.items == () and feed.title == "Empty sample"
    assert feed.warnings == ("the channel has no posts",)


@pytest.mark.parametrize("html", ["", "<html><body><p>Some other site</p></body></html>"])
def test_other_pages_are_empty_errors(html: str) -> None:
    with pytest.raises(TelegramEmptyError, match="not a Telegram channel preview"):
        parse_telegram(html, "https://t.me/s/x")


def test_before_cursor_absent_or_from_href() -> None:
    assert before_cursor("<html><body>nothing</body></html>") is None
    assert before_cursor('<a class="tme_messages_more" href="/s/ch?before=77">more</a>') == 77
    assert (
        before_cursor('<a class="tme_messages_more" data-after="90" href="/s/ch?after=90">') is None
    )


@pytest.mark.parametrize(
    ("url", "channel"),
    [
        ("https://t.me/deepstate_like", "deepstate_like"),
        ("https://t.me/s/deepstate_like", "deepstate_like"),
        ("t.me/s/milblog_ru?before=10", "milblog_ru"),
        ("http://telegram.me/milblog_ru/58130", "milblog_ru"),
        ("https://T.ME/Some_Channel/", "Some_Channel"),
        ("https://t.me/joinchat/AAAAAE", None),
        ("https://t.me/+AbCdEf123", None),
        ("https://t.me/s/", None),
        ("https://t.me/abc", None),  # too short for a username
        ("https://example.org/deepstate_like", None),
    ],
)
def test_telegram_channel_from_url(url: str, channel: str | None) -> None:
    assert telegram_channel(url) == channel

"""The bundled offline sample sources are well-formed and carry the cases the app must handle."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from selectolax.lexbor import LexborHTMLParser

SAMPLES = Path(__file__).resolve().parents[2] / "sample_feeds"

XML_FEEDS = {
    "feeds/frontline-en.rss": ("rss20", 30),
    "feeds/analyst-en.atom": ("atom10", 20),
    "feeds/novyny-uk.rss": ("rss20", 30),
    "feeds/oglyad-uk.rdf": ("rss10", 20),
    "feeds/svodka-ru.xml": ("rss20", 25),
}
JSON_FEED = "feeds/digest-ru.json"
TELEGRAM_PAGES = ["telegram/deepstate_like.html", "telegram/milblog_ru.html"]
INDEX = "html/index.html"
CARD_SELECTOR = "article.card h2 a"

# Every dated item falls in these days, except the one deliberately far in the future.
WINDOW = (datetime(2026, 11, 17, tzinfo=UTC), datetime(2026, 11, 21, tzinfo=UTC))


def _parse(rel: str) -> feedparser.FeedParserDict:
    return feedparser.parse((SAMPLES / rel).read_bytes())


def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _html(rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((SAMPLES / rel).read_text(encoding="utf-8"))


def _json_feed() -> dict:
    return json.loads((SAMPLES / JSON_FEED).read_text(encoding="utf-8"))


def _all_titles() -> list[str]:
    titles = [e.title for rel in XML_FEEDS for e in _parse(rel).entries]
    titles += [item["title"] for item in _json_feed()["items"]]
    return titles


@pytest.mark.parametrize(("rel", "expected"), XML_FEEDS.items())
def test_xml_feed_parses_cleanly_with_stated_item_count(rel: str, expected: tuple) -> None:
    version, count = expected
    parsed = _parse(rel)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == version
    assert len(parsed.entries) == count
    for entry in parsed.entries:
        assert entry.title.strip()
        assert entry.link.startswith("http://frontwatch.invalid/")


@pytest.mark.parametrize("rel", XML_FEEDS)
def test_dated_items_fall_in_the_sample_window(rel: str) -> None:
    times = [t for t in map(_entry_time, _parse(rel).entries) if t is not None]
    in_window = [t for t in times if WINDOW[0] <= t < WINDOW[1]]
    # Only frontline-en carries the one far-future item.
    assert len(times) - len(in_window) == (1 if rel == "feeds/frontline-en.rss" else 0)


def test_frontline_has_undated_items_and_one_far_future_item() -> None:
    times = [_entry_time(e) for e in _parse("feeds/frontline-en.rss").entries]
    assert sum(t is None for t in times) == 2
    future = [t for t in times if t is not None and t.year > 2030]
    assert len(future) == 1


def test_guids_unique_except_one_deliberate_duplicate() -> None:
    for rel in XML_FEEDS:
        ids = [e.id for e in _parse(rel).entries]
        dupes = len(ids) - len(set(ids))
        assert dupes == (1 if rel == "feeds/novyny-uk.rss" else 0), rel


def test_cp1251_feed_is_encoded_as_declared() -> None:
    raw = (SAMPLES / "feeds/svodka-ru.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="windows-1251"?>')
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("windows-1251")
    for spelling in ("Красноармейск", "Димитров", "освобождени"):
        assert spelling in text
    assert feedparser.parse(raw).encoding == "windows-1251"


def test_json_feed_is_valid_json_feed_1_1() -> None:
    feed = _json_feed()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["language"] == "ru"
    items = feed["items"]
    assert len(items) == 20
    ids = [item["id"] for item in items]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids)
    for item in items:
        assert "content_html" in item or "content_text" in item
        published = datetime.fromisoformat(item["date_published"])
        assert published.tzinfo is not None
        assert WINDOW[0] <= published < WINDOW[1]


@pytest.mark.parametrize("rel", TELEGRAM_PAGES)
def test_telegram_page_has_fifteen_posts(rel: str) -> None:
    tree = _html(rel)
    posts = tree.css("div.tgme_widget_message[data-post]")
    assert len(posts) == 15
    channel = rel.rsplit("/", 1)[1].removesuffix(".html")
    numbers = []
    for post in posts:
        name, number = post.attributes["data-post"].split("/")
        assert name == channel
        numbers.append(int(number))
        stamp = post.css_first(".tgme_widget_message_date time").attributes["datetime"]
        assert WINDOW[0] <= datetime.fromisoformat(stamp) < WINDOW[1]
        assert post.css_first(".tgme_widget_message_text.js-message_text").text().strip()
    assert numbers == sorted(set(numbers))
    assert len(tree.css(".tgme_widget_message_forwarded_from a[href]")) >= 2
    assert tree.css_first(".tgme_channel_info .tgme_channel_info_header_title") is not None
    more = tree.css_first("a.tme_messages_more")
    assert more.attributes["href"] == f"/s/{channel}?before={min(numbers)}"


def test_index_selector_picks_exactly_the_three_articles() -> None:
    tree = _html(INDEX)
    hrefs = [a.attributes["href"] for a in tree.css(CARD_SELECTOR)]
    assert len(hrefs) == 3
    assert len(tree.css("a")) > 3 * len(hrefs)  # nav, tag and about links are not articles
    for href in hrefs:
        assert (SAMPLES / "html" / href).is_file()


@pytest.mark.parametrize("rel", sorted(p.name for p in (SAMPLES / "html/articles").glob("*.html")))
def test_article_page_has_metadata_and_a_long_body(rel: str) -> None:
    tree = _html(f"html/articles/{rel}")
    assert tree.css_first("title").text().strip()
    published = tree.css_first('meta[property="article:published_time"]').attributes["content"]
    assert datetime.fromisoformat(published).tzinfo is not None
    words = len(tree.css_first("main article").text(separator=" ").split())
    assert 400 <= words <= 900
    assert tree.css_first("#cookie-banner") is not None


def test_sources_toml_lists_every_sample_file() -> None:
    sources = tomllib.loads((SAMPLES / "sources.toml").read_text(encoding="utf-8"))["sources"]
    ids = [s["id"] for s in sources]
    assert len(set(ids)) == len(ids)
    for source in sources:
        assert source["kind"] in {"rss", "telegram", "html"}
        assert source["side"] in {"ua", "ru", "intl", "other"}
        assert source["type"] in {"official", "media", "analyst", "milblogger", "aggregator"}
        assert source["lang"] in {"en", "uk", "ru"}
        assert source["title"]
        assert (SAMPLES / source["path"]).is_file(), source["path"]
        assert ("selector" in source) == (source["kind"] == "html")
    listed = {s["path"] for s in sources}
    assert listed == {*XML_FEEDS, JSON_FEED, *TELEGRAM_PAGES, INDEX}


def test_hostile_titles_are_present_verbatim() -> None:
    titles = _all_titles()
    for needle in ("[bold]Breaking[/bold] news", "Pokrovsk [/] update", "$(touch /tmp/"):
        assert any(needle in t for t in titles), needle
    assert any("\x1b]8;;http://x\x1b\\" in t for t in titles)


def test_same_story_title_appears_in_two_feeds() -> None:
    feeds_by_title: dict[str, set[str]] = {}
    for rel in XML_FEEDS:
        for entry in _parse(rel).entries:
            feeds_by_title.setdefault(entry.title, set()).add(rel)
    shared = {t: feeds for t, feeds in feeds_by_title.items() if len(feeds) > 1}
    # One English pair and one Ukrainian pair; each title sits in two different feeds.
    assert len(shared) == 2
    assert all(len(feeds) == 2 for feeds in shared.values())


def _texts(*rels: str) -> list[str]:
    texts = [f"{e.title} {e.get('summary', '')}" for rel in rels for e in _parse(rel).entries]
    if JSON_FEED in rels:
        texts += [
            f"{i['title']} {i.get('content_html', i.get('content_text'))}"
            for i in _json_feed()["items"]
        ]
    return texts


def test_drones_are_mentioned_in_every_language() -> None:
    english = _texts("feeds/frontline-en.rss", "feeds/analyst-en.atom")
    ukrainian = _texts("feeds/novyny-uk.rss", "feeds/oglyad-uk.rdf")
    russian = _texts("feeds/svodka-ru.xml", JSON_FEED)
    # The demo searches the whole word "drone": a stemless FTS index does not match "drones".
    assert sum(bool(re.search(r"\bdrone\b", t)) for t in english) >= 3
    assert sum("дрон" in t.lower() for t in ukrainian) >= 5
    assert sum("дрон" in t.lower() or "БПЛА" in t for t in russian) >= 5

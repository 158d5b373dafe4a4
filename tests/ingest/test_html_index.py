"""Article links on index pages, main-text extraction and items for html-kind sources."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.errors import FeedParseError
from ingest.extract import MAX_TEXT_CHARS, extract_article
from ingest.html_index import article_item, find_article_links

BASE = "http://127.0.0.1:8000/html/index.html"
ARTICLES = [
    "http://127.0.0.1:8000/html/articles/myrnohrad-last-water-truck.html",
    "http://127.0.0.1:8000/html/articles/pokrovsk-road-drone-crews.html",
    "http://127.0.0.1:8000/html/articles/dobropillia-coal-town.html",
]


def sample_index(samples: Path) -> str:
    return (samples / "html/index.html").read_text(encoding="utf-8")


def test_selector_picks_the_three_articles(samples: Path) -> None:
    assert find_article_links(sample_index(samples), BASE, "article.card h2 a") == ARTICLES


def test_selector_on_containers_takes_their_first_link(samples: Path) -> None:
    assert find_article_links(sample_index(samples), BASE, "article.card") == ARTICLES


def test_guessing_finds_the_same_three_articles(samples: Path) -> None:
    assert find_article_links(sample_index(samples), BASE) == ARTICLES


def test_bad_selector_is_a_one_line_error(samples: Path) -> None:
    with pytest.raises(FeedParseError, match="bad CSS selector"):
        find_article_links(sample_index(samples), BASE, "a[[[")


def test_guessing_on_a_list_page_without_articles(data: Path) -> None:
    html = (data / "html/news_index.html").read_text(encoding="utf-8")
    links = find_article_links(html, "https://news.example.org/uk/index")
    assert links == [
        "https://news.example.org/uk/2026/11/20/pokrovsk-update",
        "https://www.news.example.org/uk/news/myrnohrad-water-supply-restored",
        "https://news.example.org/rodynske-evacuation-continues-under-fire",
    ]


def test_selector_links_are_absolute_unique_and_web_only() -> None:
    html = (
        '<a class="x" href="/a">1</a><a class="x" href="/a#frag">2</a>'
        '<a class="x" href="javascript:alert(1)">3</a><a class="x" href="https://other.org/b">4</a>'
    )
    assert find_article_links(html, "https://site.org/list", "a.x") == [
        "https://site.org/a",
        "https://other.org/b",  # the user chose the selector: other hosts are allowed
    ]


@pytest.mark.parametrize("name", ["myrnohrad-last-water-truck", "pokrovsk-road-drone-crews"])
def test_extract_sample_article(samples: Path, name: str) -> None:
    html = (samples / f"html/articles/{name}.html").read_text(encoding="utf-8")
    extracted = extract_article(html, f"http://127.0.0.1:8000/html/articles/{name}.html")
    assert extracted.title and "|" not in extracted.title  # og:title, without the site suffix
    assert extracted.published_at is not None and extracted.published_at.tzinfo is not None
    assert extracted.lang == "en"
    words = len(extracted.text.split())
    assert 300 <= words <= 900
    assert "cookies" not in extracted.text.lower()  # the cookie banner is boilerplate
    assert "<" not in extracted.text and "&nbsp;" not in extracted.text


def test_extract_decodes_entities_and_keeps_dates(data: Path) -> None:
    html = (data / "html/article.html").read_text(encoding="utf-8")
    extracted = extract_article(html, "https://news.example.org/uk/2026/11/20/pokrovsk-night")
    assert extracted.title == "Покровськ: ніч на трасі | Сайт"
    assert extracted.published_at == datetime(2026, 11, 20, 3, 30, tzinfo=UTC)
    assert extracted.lang == "uk"
    assert "о першій ночі" in extracted.text and "«пасуть»" in extracted.text
    assert "<script> в тексті" in extracted.text
    assert "\u00a0" not in extracted.text and "Прийняти" not in extracted.text
    assert "Усі права захищені" not in extracted.text


def test_extract_caps_the_text() -> None:
    paragraph = "<p>" + "Слово " * 200 + "</p>"
    html = f"<html><body><article>{paragraph * 200}</article></body></html>"
    extracted = extract_article(html, "https://example.org/long")
    assert 0 < len(extracted.text) <= MAX_TEXT_CHARS


def test_extract_from_a_page_without_an_article() -> None:
    extracted = extract_article("<html><body></body></html>", "https://example.org/")
    assert extracted.text == "" and extracted.published_at is None


def test_article_item_uses_the_canonical_url(data: Path) -> None:
    html = (data / "html/article.html").read_text(encoding="utf-8")
    item = article_item(html, "https://news.example.org/uk/2026/11/20/pokrovsk-night#top")
    assert (
        item.guid
        == item.url
        == ("https://news.example.org/uk/2026/11/20/pokrovsk-night?utm_source=x")
    )
    assert item.summary == "Коротко про головне."
    assert "Колона вирушила о першій ночі" in item.content
    assert item.lang == "uk"


def test_article_item_ignores_a_canonical_on_another_site(samples: Path) -> None:
    html = (samples / "html/articles/dobropillia-coal-town.html").read_text(encoding="utf-8")
    item = article_item(html, ARTICLES[2] + "#x", now=datetime(2026, 11, 20, tzinfo=UTC))
    assert item.guid == ARTICLES[2]  # the sample's canonical names frontwatch.invalid
    assert item.title == "Dobropillia, a coal town waiting for the front"
    assert item.author == "Iryna Sava"
    assert item.published_at == datetime(2026, 11, 17, 7, 45, tzinfo=UTC)


DEEP = "<html><head><title>Deep</title></head><body>" + "<div>" * 50_000 + "text</body></html>"


def test_deeply_nested_pages_are_refused_quickly() -> None:
    import time

    from ingest.discover import detect_kind
    from ingest.htmltree import HtmlTooDeep, block_depth
    from ingest.telegram import TelegramEmptyError, before_cursor, parse_telegram

    started = time.perf_counter()
    assert block_depth(DEEP) == 50_000
    with pytest.raises(HtmlTooDeep, match="nests 50000 blocks deep"):
        find_article_links(DEEP, "https://e.org/")
    with pytest.raises(TelegramEmptyError, match="blocks deep"):
        parse_telegram(DEEP, "https://t.me/s/x")
    assert before_cursor(DEEP) is None
    assert detect_kind("https://e.org/", DEEP.encode(), "text/html") == ("html", "https://e.org/")
    extracted = extract_article(DEEP, "https://e.org/deep")
    assert extracted.title == "Deep"
    assert time.perf_counter() - started < 2  # parsing it would take seconds


def test_block_depth_counts_nesting_not_volume() -> None:
    from ingest.htmltree import block_depth

    assert block_depth("<div>x</div>" * 10_000) == 1
    assert block_depth("<DIV><section><Div class=a>x</div></section></DIV><div/>") == 3
    assert block_depth("<divider><dl-x>") == 0


def test_odd_link_paths_are_judged_quickly() -> None:
    import time

    html = "".join(f'<a href="/{"a_" * 40}{n}!">x</a>' for n in range(200))
    started = time.perf_counter()
    assert find_article_links(html, "https://e.org/") == []
    assert time.perf_counter() - started < 1

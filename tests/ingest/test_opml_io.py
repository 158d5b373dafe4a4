"""OPML import in the style of newsboat, Miniflux and FreshRSS exports; export; hostile files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest import opml
from ingest.opml import OpmlError, OpmlSource, read_opml, write_opml


def load(data: Path, name: str) -> list[OpmlSource]:
    return read_opml((data / "opml" / f"{name}.opml").read_bytes())


def test_newsboat_export(data: Path) -> None:
    sources = load(data, "newsboat")
    assert [(s.url, s.title, s.kind) for s in sources] == [
        ("https://frontline.example.org/feed.rss", "Frontline Dispatch", "rss"),
        ("https://analyst.example.org/atom.xml", "Conflict Assessment Desk", "rss"),
        ("https://t.me/s/deepstate_like", "Мапа фронту", "telegram"),  # exec:/query: skipped
    ]
    assert sources[0].html_url == "https://frontline.example.org/"
    assert all(s.category is None for s in sources)


def test_miniflux_export_categories_and_duplicates(data: Path) -> None:
    sources = load(data, "miniflux")
    assert [(s.title, s.category) for s in sources] == [
        ("Новини Сходу", "Ukraine"),
        ("Огляд фронту", "Ukraine"),
        ("Сводка с передовой", "Russia"),  # the second copy of a URL is dropped
    ]


def test_freshrss_export(data: Path) -> None:
    digest, milblog, ledger = load(data, "freshrss")
    assert (digest.kind, digest.category) == ("rss", "Uncategorized")
    assert (milblog.kind, milblog.url) == ("telegram", "https://t.me/s/milblog_ru")
    assert (ledger.kind, ledger.url) == ("html", "https://ledger.example.org/index.html")


def test_our_attributes_and_nested_folders(data: Path) -> None:
    ledger, milblog, tagged = load(data, "ours")
    assert ledger == OpmlSource(
        url="https://ledger.example.org/index.html",
        title="Donbas Ledger",
        kind="html",
        side="ua",
        type="media",
        html_url="https://ledger.example.org/",
        category="Front / Eastern front",
    )
    assert (milblog.kind, milblog.side, milblog.type, milblog.category) == (
        "telegram",
        "ru",
        "milblogger",
        "Front",
    )
    assert tagged.kind == "rss"  # an unknown frontwatch:kind falls back to guessing
    assert tagged.category == "News / Regional"  # OPML 2.0 category attribute, first path


@pytest.mark.parametrize("name", ["newsboat", "miniflux", "freshrss", "ours"])
def test_round_trip(data: Path, name: str) -> None:
    sources = load(data, name)
    text = write_opml(sources, "frontwatch sources")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml')
    assert read_opml(text.encode("utf-8")) == sources


def test_written_file_names_our_namespace_and_escapes_text() -> None:
    source = OpmlSource(
        url="https://e.org/rss?a=1&b=2",
        title='Quotes " and <tags> & \x1b[31mescapes',
        kind="telegram",
        side="ua",
        category="A & B",
    )
    text = write_opml([source], "Mine <&>")
    assert 'xmlns:frontwatch="https://frontwatch.invalid/opml"' in text
    assert 'frontwatch:kind="telegram"' in text and "\x1b" not in text
    (back,) = read_opml(text.encode())
    assert back.title == 'Quotes " and <tags> & escapes'
    assert back.url == "https://e.org/rss?a=1&b=2" and back.category == "A & B"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<opml version="2.0"><body><outline text="&g;" xmlUrl="https://e.org/rss"/></body></opml>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&passwd;" xmlUrl="https://e.org/rss"/></body></opml>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">
<opml version="2.0"><body><outline text="x" xmlUrl="https://e.org/rss"/></body></opml>"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (BILLION_LAUGHS, "OPML refused: it contains a DTD"),
        (XXE, "OPML refused: it contains a DTD"),
        (EXTERNAL_DTD, "OPML refused: it contains a DTD"),
        (b"\x00\xff junk", "not OPML: broken XML"),
        (b"", "not OPML: broken XML"),
        (b"<rss version='2.0'><channel/></rss>", "not OPML: the root element is <rss>"),
        (b"<opml version='2.0'><head/></opml>", "not OPML: no <body> element"),
    ],
)
def test_hostile_and_broken_files_are_refused(body: bytes, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(OpmlError) as caught:
        read_opml(body)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value) and "root:" not in str(caught.value)
    assert time.perf_counter() - started < 1


def test_oversize_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    body = b"<opml version='2.0'><body>" + b" " * 2000 + b"</body></opml>"
    monkeypatch.setattr(opml, "MAX_BYTES", 1000)
    with pytest.raises(OpmlError, match="too large"):
        read_opml(body)


def test_default_size_limit_is_20_mb() -> None:
    with pytest.raises(OpmlError, match="too large"):
        read_opml(b" " * (20 * 1024 * 1024 + 1))


def test_deep_nesting_does_not_recurse() -> None:
    depth = 5000
    inner = '<outline text="feed" xmlUrl="https://e.org/rss"/>'
    body = (
        "<opml version='2.0'><body>"
        + "<outline text='f'>" * depth
        + inner
        + "</outline>" * depth
        + "</body></opml>"
    )
    (source,) = read_opml(body.encode())
    assert source.category is not None and source.category.count(" / ") == depth - 1


def test_any_record_with_url_and_kind_can_be_written() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Stored:  # shaped like storage's Source: no html_url or category, title optional
        id: str
        kind: str
        url: str
        title: str | None = None
        side: str = "other"
        type: str = "media"
        lang: str | None = "uk"
        selector: str | None = "article.Card h2 > a"

    text = write_opml([Stored("ledger", "html", "https://ledger.example.org/")], "mine")
    (back,) = read_opml(text.encode())
    assert back == OpmlSource(
        url="https://ledger.example.org/",
        title="https://ledger.example.org/",
        kind="html",
        side="other",
        type="media",
        lang="uk",
        selector="article.Card h2 > a",  # case kept: selectors are case-sensitive
    )

"""parse_feed on the sample feeds and on broken, hostile and mislabelled documents."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.parse import FeedParseError, feed_fingerprint, parse_feed

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
URL = "http://frontwatch.invalid/feed"
SAMPLE_COUNTS = {
    "frontline-en.rss": 30,
    "analyst-en.atom": 20,
    "novyny-uk.rss": 30,
    "oglyad-uk.rdf": 20,
    "svodka-ru.xml": 25,
    "digest-ru.json": 20,
}


def parse(path: Path, headers: dict[str, str] | None = None):
    return parse_feed(path.read_bytes(), headers or {}, URL, now=NOW)


@pytest.mark.parametrize(("name", "count"), SAMPLE_COUNTS.items())
def test_sample_feeds_parse_into_clean_items(samples: Path, name: str, count: int) -> None:
    feed = parse(samples / "feeds" / name)
    assert len(feed.items) == count
    assert feed.title and feed.lang in {"en", "uk", "ru"}
    assert feed.warnings == ()
    for item in feed.items:
        assert item.guid and item.title
        assert item.url is None or item.url.startswith("http://frontwatch.invalid/")
        for text in (item.title, item.summary, item.content, item.author or ""):
            assert "\x1b" not in text and "\x07" not in text
            assert "<p>" not in text and "&nbsp;" not in text and "&amp;" not in text
        if item.published_at is not None:
            assert item.published_at.tzinfo is UTC
            assert item.published_at <= NOW


def test_sample_undated_and_future_items(samples: Path) -> None:
    items = parse(samples / "feeds/frontline-en.rss").items
    # Two undated items, and the one dated 2036 loses its date: stored, it takes its
    # first-seen time instead of sitting on top of every list for years.
    assert sum(item.published_at is None for item in items) == 3
    assert all(item.published_at is None or item.published_at <= NOW for item in items)


def test_sample_duplicate_guid_is_kept(samples: Path) -> None:
    guids = [item.guid for item in parse(samples / "feeds/novyny-uk.rss").items]
    assert len(guids) - len(set(guids)) == 1  # de-duplication is the storage's job


def test_sample_cp1251_feed_reads_as_russian(samples: Path) -> None:
    for headers in ({}, {"content-type": "text/xml"}, {"content-type": "text/xml; charset=utf-8"}):
        feed = parse(samples / "feeds/svodka-ru.xml", headers)
        assert feed.title == "Сводка с передовой"
        assert any("Красноармейск" in item.title for item in feed.items)


def test_hostile_title_survives_as_plain_text(samples: Path) -> None:
    titles = [i.title for name in SAMPLE_COUNTS for i in parse(samples / "feeds" / name).items]
    assert any("[bold]Breaking[/bold] news" in t for t in titles)
    # The JSON feed's title opens with a terminal hyperlink escape: all of it goes, text stays.
    assert "Покровск: главное за ночь" in titles
    assert not any("8;;http" in t or "\x1b" in t for t in titles)


def test_truncated_xml_keeps_what_parses(data: Path) -> None:
    feed = parse(data / "truncated.rss")
    assert [i.title for i in feed.items][:2] == ["First item survives", "Second item survives"]
    assert feed.items[0].guid == "cut-1"
    assert feed.items[0].published_at == datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
    assert len(feed.warnings) == 1 and feed.warnings[0].startswith("broken XML, kept 3 items")


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b"", {}, "not a feed: empty body"),
        (b" \r\n\t", {}, "not a feed: empty body"),
        (b"\xef\xbb\xbf", {}, "not a feed: empty body"),
        (b"<!doctype html><html><body>hi</body></html>", {}, "not a feed: got an HTML page"),
        (
            b"<p>hello</p>",
            {"content-type": "text/html; charset=utf-8"},
            "not a feed: got an HTML page",
        ),
        (b"<foo><bar/></foo>", {}, "not a feed: no RSS, Atom or RDF document found"),
        (b'{"a": 1}', {}, "not a feed: JSON without a JSON Feed version"),
    ],
)
def test_documents_without_a_feed_raise(body: bytes, headers: dict, message: str) -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, headers, URL)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "body", [b"junk junk", b"\x00\x01\x02garbage", b"<rss", b"[1, 2]", b"\xff" * 50]
)
def test_junk_raises_one_line_errors(body: bytes) -> None:
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, {}, URL)
    assert str(caught.value).startswith("not a feed: ")
    assert "\n" not in str(caught.value)


def test_leading_comments_are_skipped_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(FeedParseError, match="got an HTML page"):
        parse_feed(b"<!--x-->" * 40 + b"<html><body>x</body></html>", {}, URL)
    feed = parse_feed(b"<!-- a -->\n" * 40 + b"<rss version='2.0'><channel/></rss>", {}, URL)
    assert feed.items == ()
    assert time.perf_counter() - started < 1  # a backtracking pattern took minutes here


def test_html_page_fixture_is_not_a_feed(data: Path) -> None:
    with pytest.raises(FeedParseError, match="got an HTML page"):
        parse(data / "html_page.html", {"content-type": "text/html"})


def test_identity_fallbacks_duplicates_and_dates(data: Path) -> None:
    items = {item.title: item for item in parse(data / "identity.rss").items}
    link_only = items["Link but no guid"]
    assert link_only.guid == link_only.url == "http://frontwatch.invalid/id/link-only"
    assert link_only.published_at == datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # +0200 to UTC
    hashed = items["No guid, no link"].guid
    undated = items["No guid, no link, no date"]
    assert (
        hashed.startswith("sha1:") and undated.guid.startswith("sha1:") and hashed != undated.guid
    )
    assert undated.published_at is None
    # Stable across parses: the same entry gets the same identity next poll.
    assert parse(data / "identity.rss").items[1].guid == hashed
    untitled = next(i for i in items.values() if i.guid == "untitled-1")
    assert untitled.title == "No title at all. The first line becomes the title."
    assert untitled.url is None  # a guid that is no URL is not taken for the link
    assert [i.guid for i in parse(data / "identity.rss").items].count("dup-1") == 2
    assert items["From the far future"].published_at is None
    assert items["Only a little ahead"].published_at == datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    assert items["Relative and hostile links"].url == "http://frontwatch.invalid/id/relative-story"
    assert items["Script link"].url is None


def test_text_constructs_become_plain_text(data: Path) -> None:
    feed = parse(data / "markup.atom")
    assert feed.title == "Markup & text"
    assert feed.lang == "uk"
    first, second, third = feed.items
    assert first.title == "Pokrovsk <update> & more"  # type="text": angle brackets are text
    assert first.summary == "Short summary…"  # &nbsp; became a space, the script is gone
    assert first.content == "First paragraph about Myrnohrad.\n\nSecond\nline & more.\n\none\ntwo"
    assert first.author == "Reporter Name"
    assert first.published_at == datetime(2026, 11, 18, 7, 0, tzinfo=UTC)
    assert (second.title, second.content, second.summary) == ("XHTML title", "XHTML body.", "")
    assert second.published_at == datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # published wins
    assert third.title == "Заголовок с управляющими символами и табом"
    assert third.content == "Plain text with <angle brackets> kept."
    assert third.lang == "ru"


def test_control_characters_are_stripped() -> None:
    body = (
        "<rss version='2.0'><channel><title>t</title><item><guid>c1</guid>"
        "<title>Alarm\u0007 \u202eevil\u202c title</title>"
        "<description>&lt;b&gt;x&lt;/b&gt;\u200b y\u00a0z</description></item></channel></rss>"
    ).encode()
    (item,) = parse_feed(body, {}, URL).items
    assert item.title == "Alarm evil title"
    assert item.summary == "x y z"


def test_external_entities_do_not_leak_local_files(data: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-MARKER")
    body = (data / "xxe.rss").read_bytes().replace(b"SECRET_URI", secret.as_uri().encode())
    feed = parse_feed(body, {}, URL)
    fields = [feed.title or ""] + [
        value for item in feed.items for value in (item.title, item.summary, item.content)
    ]
    assert fields and not any("TOPSECRET" in value for value in fields)


def test_billion_laughs_does_not_expand(data: Path) -> None:
    started = time.perf_counter()
    feed = parse(data / "billion_laughs.rss")
    assert time.perf_counter() - started < 2
    assert all(len(item.title) < 100 for item in feed.items)


TEMPLATE = (
    '<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel>'
    "<title>Сводка с передовой</title><item><guid>1</guid>"
    "<title>Бои за Красноармейск: штурмовые группы продвинулись</title>"
    "<description>Текст о Мирнограде и Родинском</description></item></channel></rss>"
)


@pytest.mark.parametrize(
    ("label", "codec", "headers"),
    [
        ("windows-1251", "cp1251", {}),
        ("windows-1251", "cp1251", {"content-type": "application/rss+xml; charset=utf-8"}),
        ("windows-1251", "cp1251", {"content-type": "text/xml; charset=iso-8859-1"}),
        ("utf-8", "cp1251", {}),
        ("iso-8859-1", "cp1251", {"content-type": "text/xml"}),
        ("koi8-r", "koi8-r", {}),
        ("utf-8", "koi8-r", {}),
        ("windows-1251", "koi8-r", {}),
        ("koi8-r", "koi8-r", {"content-type": "text/xml; charset=windows-1251"}),
        ("windows-1251", "utf-8", {}),
    ],
)
def test_cyrillic_feeds_with_wrong_or_missing_charset(
    label: str, codec: str, headers: dict
) -> None:
    body = TEMPLATE.format(label=label).encode(codec)
    if not headers and label == "utf-8":
        body = body.replace(b' encoding="utf-8"', b"")  # and with no declaration at all
    feed = parse_feed(body, headers, URL)
    assert feed.title == "Сводка с передовой"
    (item,) = feed.items
    assert item.title == "Бои за Красноармейск: штурмовые группы продвинулись"
    assert item.summary == "Текст о Мирнограде и Родинском"


def test_ukrainian_letters_survive_cp1251_mislabelled_as_utf8() -> None:
    body = TEMPLATE.format(label="utf-8").replace("Сводка с передовой", "Ґанок, їжак і Гришине")
    feed = parse_feed(body.encode("cp1251"), {}, URL)
    assert feed.title == "Ґанок, їжак і Гришине"


def test_western_text_mislabelled_is_not_taken_for_cyrillic() -> None:
    body = TEMPLATE.format(label="utf-8").replace("Сводка с передовой", "Le café à côté")
    body = body.replace("Бои", "Rue").replace("Текст о Мирнограде и Родинском", "école")
    clean = "".join(ch for ch in body if ord(ch) < 0x400)
    feed = parse_feed(clean.encode("cp1252"), {}, URL)
    assert feed.title == "Le café à côté"


def test_fingerprint_is_sha256_of_the_body() -> None:
    assert feed_fingerprint(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert feed_fingerprint(b"abc") != feed_fingerprint(b"abd")

"""`frontwatch sources`: kind detection, health listing, pause/resume/remove, OPML both ways."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

OPML_DIR = Path(__file__).resolve().parents[1] / "ingest/data/opml"
FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


def listed(cli) -> dict[str, dict]:  # noqa: ANN001
    result = cli("sources", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {s["id"]: s for s in json.loads(result.stdout)}


def test_telegram_link_needs_no_fetch(cli) -> None:  # noqa: ANN001
    result = cli("sources", "add", "https://t.me/DeepStateUA", "--side", "ua", "--type", "analyst")
    assert result.exit_code == 0, result.stderr
    source = listed(cli)["deepstateua"]
    assert (source["kind"], source["url"]) == ("telegram", "https://t.me/s/DeepStateUA")
    assert (source["side"], source["type"], source["status"]) == ("ua", "analyst", "never")


def test_page_naming_its_feed_adds_the_feed(cli, httpserver: HTTPServer) -> None:  # noqa: ANN001
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        "</head><body>news</body></html>"
    )
    httpserver.expect_request("/").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/rss.xml").respond_with_data(
        FEED, content_type="application/rss+xml"
    )
    result = cli("sources", "add", httpserver.url_for("/"), "--id", "site", "--interval", "15m")
    assert result.exit_code == 0, result.stderr
    source = listed(cli)["site"]
    assert source["kind"] == "rss" and source["url"] == httpserver.url_for("/rss.xml")
    assert source["interval"] == 900


def test_plain_page_becomes_html_source(cli, httpserver: HTTPServer) -> None:  # noqa: ANN001
    httpserver.expect_request("/news").respond_with_data(
        "<html><body><article><h2><a href='/a/1'>x</a></h2></article></body></html>",
        content_type="text/html",
    )
    result = cli(
        "sources", "add", httpserver.url_for("/news"), "--id", "idx", "--selector", "article h2 a"
    )
    assert result.exit_code == 0, result.stderr
    assert listed(cli)["idx"]["kind"] == "html"


def test_bad_adds_are_one_line(cli, httpserver: HTTPServer) -> None:  # noqa: ANN001
    httpserver.expect_request("/feed").respond_with_data(FEED, content_type="application/rss+xml")
    url = httpserver.url_for("/feed")
    assert cli("sources", "add", url, "--id", "f").exit_code == 0
    for args, reason in [
        ((url, "--id", "other"), "already exists"),
        ((url + "?x", "--id", "fast", "--interval", "30s"), "at least 1 minute"),
        ((url + "?y", "--id", "Bad Id!"), "source id"),
        ((httpserver.url_for("/missing"), "--id", "m"), "cannot fetch"),
        (("ftp://example.invalid/feed", "--id", "ftp"), "cannot fetch"),
    ]:
        result = cli("sources", "add", *args)
        assert result.exit_code == 1, args
        assert reason in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_pause_resume_remove(cli) -> None:  # noqa: ANN001
    cli("sources", "add", "https://t.me/s/rybar", "--id", "rybar")
    assert cli("sources", "pause", "rybar").exit_code == 0
    assert listed(cli)["rybar"]["status"] == "paused"
    assert cli("sources", "resume", "rybar").exit_code == 0
    assert listed(cli)["rybar"]["status"] == "never"
    assert cli("sources", "remove", "rybar").exit_code == 0
    assert "rybar" not in listed(cli)
    assert cli("sources", "remove", "rybar").exit_code == 1


def test_opml_imports_from_other_readers_and_round_trips(cli, tmp_path: Path) -> None:  # noqa: ANN001
    for name in ("newsboat.opml", "miniflux.opml", "freshrss.opml", "ours.opml"):
        result = cli("sources", "import", str(OPML_DIR / name))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("imported ")
    before = listed(cli)
    assert len(before) >= 4
    out = tmp_path / "export.opml"
    assert cli("sources", "export", str(out)).exit_code == 0
    other = tmp_path / "other.db"
    assert cli("sources", "import", str(out), db=other).exit_code == 0
    after = listed(lambda *a: cli(*a, db=other))
    keep = ("url", "kind", "side", "type", "title")
    assert {i: tuple(s[k] for k in keep) for i, s in after.items()} == {
        i: tuple(s[k] for k in keep) for i, s in before.items()
    }


def test_hostile_opml_is_refused(cli, tmp_path: Path) -> None:  # noqa: ANN001
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml version="2.0"><body><outline xmlUrl="http://x.invalid/&b;"/></body></opml>',
        encoding="utf-8",
    )
    result = cli("sources", "import", str(bomb))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert listed(cli) == {}

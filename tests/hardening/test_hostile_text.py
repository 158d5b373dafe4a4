"""Hostile titles end to end: loopback feed → poll → database → `search` output → the TUI."""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from tui_kit import screen_text, wait_for

from frontwatch.cli import main
from storage import open_database
from storage.sources import add_source
from storage.types import Source
from tui.app import FrontwatchApp
from tui.options import TuiOptions

STYLE = Path(__file__).resolve().parents[3] / "shared" / "STYLE.md"
# Controls that must never be stored or shown: C0 but tab and newline, DEL, C1.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Our own, so the test never runs without hostile input even where STYLE.md is absent.
OURS = (
    "[bold]loud[/bold] and [link=https://evil.example]click[/link]",
    "[red]x[/red] then [/] and [bold unclosed",
    "bell\x07 csi\x9b2J nel\x85 end",
    "erase\x1b[2K\x1b[1A line\x1b[0m",
    "clipboard \x1b]52;c;ZXZpbA==\x07 grab",
    "nul\x00 del\x7f bs\x08 vt\x0b ff\x0c cr\r done",
    "bidi \u202eevil\u202c flip",
)
# What each of OURS must read as once cleaned (spaces folded), for the screen checks.
LITERAL = ("[bold]loud[/bold] and [link=https://evil.example]click[/link]", "[red]x[/red]")


def style_titles() -> tuple[str, ...]:
    """The hostile titles STYLE.md lists (after "Keep hostile titles in tests:")."""
    if not STYLE.is_file():
        return ()
    text = STYLE.read_text(encoding="utf-8")
    start = text.find("Keep hostile titles in tests:")
    if start < 0:
        return ()
    sentence = text[start : text.find("\n\n", start)].split("\n- ")[0]
    return tuple(codecs.decode(raw, "unicode_escape") for raw in re.findall(r"`([^`]+)`", sentence))


def titles() -> list[str]:
    """Every hostile title, each made unique and findable by a leading marker word."""
    return [f"hostile{n} {title}" for n, title in enumerate(dict.fromkeys(OURS + style_titles()))]


def rss(entries: list[str]) -> bytes:
    items = "".join(
        f"<item><guid>rss-{n}</guid><title>{escape(title)}</title>"
        f"<description>{escape(title)} body</description>"
        f"<link>https://news.example.org/rss-{n}</link></item>"
        for n, title in enumerate(entries)
    )
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()


def json_feed(entries: list[str]) -> bytes:
    items = [
        {
            "id": f"json-{n}",
            "title": title,
            "content_text": f"{title} body",
            "authors": [{"name": title}],
        }
        for n, title in enumerate(entries)
    ]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J\x1b[31m", "items": items}
    return json.dumps(doc).encode()


def test_style_md_titles_are_read_when_present() -> None:
    if not STYLE.is_file():
        pytest.skip("../shared/STYLE.md is not present")
    found = style_titles()
    assert "[red]x[/red]" in found and "\x1b[2J" in found


@pytest.fixture
def polled(tmp_path: Path, template_db: Path, httpserver: HTTPServer) -> Path:
    """A database that polled an RSS and a JSON feed of hostile titles."""
    path = tmp_path / "fw.db"
    shutil.copyfile(template_db, path)
    entries = titles()
    httpserver.expect_request("/rss").respond_with_data(rss(entries), content_type="text/xml")
    httpserver.expect_request("/json").respond_with_data(
        json_feed(entries), content_type="application/feed+json"
    )
    db = open_database(path)
    for name in ("rss", "json"):
        add_source(
            db, Source(id=name, kind="rss", url=httpserver.url_for(f"/{name}"), extract=False)
        )
    db.close()
    result = CliRunner().invoke(main, ["--db", str(path), "poll", "--once"])
    assert result.exit_code == 0, result.output
    return path


def test_stored_text_is_free_of_controls(polled: Path) -> None:
    conn = open_database(polled)
    count = len(titles())
    try:
        with conn.reading() as c:
            for source in ("rss", "json"):
                stored = c.execute("SELECT count(*) FROM items WHERE source_id = ?", (source,))
                assert stored.fetchone()[0] == count, source
            texts = [
                value
                for sql in (
                    "SELECT guid, url, canonical_url, title, summary, content, author, lang,"
                    " forwarded_from FROM items",
                    "SELECT title, last_error FROM sources",
                    "SELECT error FROM fetch_log",
                    "SELECT evidence FROM item_places",
                )
                for row in c.execute(sql)
                for value in row
                if isinstance(value, str)
            ]
            titles_stored = {row[0] for row in c.execute("SELECT title FROM items")}
    finally:
        conn.close()
    assert [t for t in texts if FORBIDDEN.search(t)] == []
    for literal in LITERAL:
        assert any(literal in title for title in titles_stored), literal


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_search_output_bytes_are_clean_and_markup_literal(polled: Path, fmt: str) -> None:
    result = CliRunner(env={"COLUMNS": "300"}).invoke(
        main, ["--db", str(polled), "search", "hostile*", "--format", fmt, "--limit", "100"]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout_bytes.decode("utf-8")
    assert FORBIDDEN.search(out) is None, [c for c in out if FORBIDDEN.match(c)]
    assert out.count("hostile") >= len(titles())
    if fmt == "json":
        shown = [record["title"] for record in json.loads(out)]
        assert all(FORBIDDEN.search(title) is None for title in shown)
        out = "\n".join(shown)
    for literal in LITERAL:
        assert literal in out, literal


async def test_the_tui_shows_hostile_titles_literally(polled: Path) -> None:
    app = FrontwatchApp(TuiOptions(db_path=polled, poll_argv=None))
    async with app.run_test(size=(220, 60)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("Stream"))
        stream = app.screen.stream
        await wait_for(pilot, lambda: stream.loaded and stream.row_count >= len(OURS))
        await wait_for(pilot, lambda: all(lit in screen_text(app) for lit in LITERAL))
        text = screen_text(app)
        assert FORBIDDEN.search(text) is None
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg and "\x9b" not in svg


def test_error_messages_quoting_servers_carry_no_controls() -> None:
    from ingest.errors import one_line

    assert (
        one_line("HTTP 500: \x1b[2Jgone\x07 \x9b31mnow \x9d0;title\x9c\r\nreally")
        == "HTTP 500: gone now really"
    )

"""Hostile sources: other URL schemes, bad OPML, and XML entity tricks through a real poll."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hardening_kit import query
from pytest_httpserver import HTTPServer

from frontwatch.cli import main
from storage import open_database
from storage.sources import add_source
from storage.types import Source

Cli = Callable[..., Result]
SECRET = "TOPSECRET-7f3a-MARKER"
RSS = "application/rss+xml"


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    """A copy of the template database (places loaded)."""
    path = tmp_path / "fw.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def cli(db_path: Path) -> Cli:
    """`frontwatch --db <tmp> ARGS…` in this process."""
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["--db", str(db_path), *args], catch_exceptions=False)


def _source_ids(db_path: Path) -> list[str]:
    conn = open_database(db_path, readonly=True)
    try:
        with conn.reading() as c:
            return [row[0] for row in c.execute("SELECT id FROM sources ORDER BY id")]
    finally:
        conn.close()


def _one_line(result: Result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


REFUSED_URLS = [
    "ftp://ftp.example.org/feed.xml",
    "javascript:alert(document.cookie)",
    "data:application/rss+xml,<rss/>",
    "gopher://example.org/1/feed",
    "file:///etc/passwd",
    "//example.org/feed",
    "http:///feed",
]
# Without --kind, `sources add` fetches the URL first: a control character in an http URL
# is only tried with the kinds that add without fetching (no test reaches the network).
CASES = [(url, kind) for url in REFUSED_URLS for kind in (None, "html", "telegram")] + [
    ("https://example.org/feed\x1b[2J", "html"),
    ("https://t.me/s/channel\x07", "telegram"),
]


@pytest.mark.parametrize(("url", "kind"), CASES)
def test_only_http_and_https_sources_are_added(
    cli: Cli, db_path: Path, url: str, kind: str | None
) -> None:
    args = ["sources", "add", url, "--id", "hostile"] + (["--kind", kind] if kind else [])
    line = _one_line(cli(*args))
    assert "refused" in line or "cannot fetch" in line
    assert "\x1b" not in line
    assert _source_ids(db_path) == []


def test_a_file_source_needs_the_explicit_allow(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    feed = tmp_path / "archive.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>Archive</title><item><guid>a1</guid>"
        "<title>Archived report from Pokrovsk</title></item></channel></rss>",
        encoding="utf-8",
    )
    for kind in ([], ["--kind", "html"]):
        refused = _one_line(cli("sources", "add", feed.as_uri(), "--id", "archive", *kind))
        assert "file:" in refused
    added = cli("sources", "add", feed.as_uri(), "--id", "archive", "--allow-file")
    assert added.exit_code == 0, added.stderr
    assert _source_ids(db_path) == ["archive"]
    polled = cli("poll", "--once")
    assert polled.exit_code == 0, polled.stderr
    assert query(db_path, "SELECT count(*) FROM items WHERE source_id = 'archive'") == 1


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    + ']><opml version="2.0"><body><outline text="&h;" xmlUrl="https://e.org/rss"/></body></opml>'
)


@pytest.mark.parametrize(
    ("name", "body", "reason"),
    [
        ("junk", b"\x00\xff\xfe not xml at all <<<", "not OPML"),
        ("html", b"<html><body><a href='https://e.org/rss'>feed</a></body></html>", "not OPML"),
        ("laughs", BOMB.encode(), "refused"),
        (
            "xxe",
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY s SYSTEM "SECRET">]>'
            b'<opml version="2.0"><body><outline text="&s;" xmlUrl="https://e.org/rss"/>'
            b"</body></opml>",
            "refused",
        ),
        (
            "parameter-entity",
            b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY % p SYSTEM "SECRET"> %p;]>'
            b'<opml version="2.0"><body/></opml>',
            "refused",
        ),
        (
            "external-dtd",
            b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://127.0.0.1:9/evil.dtd">'
            b'<opml version="2.0"><body/></opml>',
            "refused",
        ),
    ],
)
def test_hostile_opml_is_refused_in_one_line(
    cli: Cli, db_path: Path, tmp_path: Path, name: str, body: bytes, reason: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = tmp_path / f"{name}.opml"
    path.write_bytes(body.replace(b"SECRET", secret.as_uri().encode()))
    started = time.perf_counter()
    line = _one_line(cli("sources", "import", str(path)))
    assert time.perf_counter() - started < 2
    assert reason in line and str(path) in line and SECRET not in line
    assert _source_ids(db_path) == []


def test_a_50_mb_opml_is_refused_quickly(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.opml"
    outline = b'<outline text="x" xmlUrl="https://e.org/rss"/>'
    with path.open("wb") as out:
        out.write(b'<opml version="2.0"><body>')
        out.write(outline * (50 * 1024 * 1024 // len(outline)))
        out.write(b"</body></opml>")
    started = time.perf_counter()
    line = _one_line(cli("sources", "import", str(path)))
    assert time.perf_counter() - started < 5
    assert "too large" in line
    assert _source_ids(db_path) == []


def test_opml_entries_of_other_schemes_are_skipped(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.opml"
    path.write_text(
        '<opml version="2.0"><body>'
        '<outline text="ok" xmlUrl="https://news.example.org/rss"/>'
        '<outline text="js" xmlUrl="javascript:alert(1)"/>'
        '<outline text="ftp" xmlUrl="ftp://example.org/feed"/>'
        '<outline text="file" xmlUrl="file:///etc/passwd"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    result = cli("sources", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert _source_ids(db_path) == ["news-example-org-rss"]


# Ways a feed could pull a local file or blow up in memory while being parsed.
XXE_RSS = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "SECRET_URI">]>
<rss version="2.0"><channel><title>Leak &secret;</title>
<item><guid>xxe-1</guid><title>Leak &secret; here</title><description>Body &secret;</description>
<link>http://127.0.0.1:9/xxe-1</link></item>
<item><guid>xxe-2</guid><title>Plain neighbour</title><description>{"Text " * 10}</description>
</item></channel></rss>"""
PARAMETER_ATOM = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY % remote SYSTEM "SECRET_URI"> %remote;]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id>
<entry><id>urn:x:1</id><title>Parameter entity</title><summary>Nothing here</summary>
<updated>2026-01-10T10:00:00Z</updated></entry></feed>"""
XINCLUDE_RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title>XI</title>
<item><guid>xi-1</guid><title>Include</title>
<description><xi:include href="SECRET_URI" parse="text"/></description></item>
</channel></rss>"""
LAUGHS_RSS = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>Laughs</title><item><guid>laugh-1</guid>'
    "<title>&lol9;</title><description>A billion laughs.</description></item></channel></rss>"
)
QUADRATIC_RSS = (
    f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{"x" * 50_000}">]>'
    '<rss version="2.0"><channel><title>Quadratic</title><item><guid>quad-1</guid>'
    f"<title>Quadratic</title><description>{'&big;' * 20_000}</description></item>"
    "</channel></rss>"
)


def test_entity_tricks_in_feeds_never_expand_nor_leak_through_a_poll(
    cli: Cli, db_path: Path, tmp_path: Path, httpserver: HTTPServer
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    feeds = {
        "xxe": XXE_RSS,
        "param": PARAMETER_ATOM,
        "xinclude": XINCLUDE_RSS,
        "laughs": LAUGHS_RSS,
        "quadratic": QUADRATIC_RSS,
    }
    db = open_database(db_path)
    for name, body in feeds.items():
        httpserver.expect_request(f"/{name}").respond_with_data(
            body.replace("SECRET_URI", secret.as_uri()), content_type=RSS
        )
        add_source(db, Source(id=name, kind="rss", url=httpserver.url_for(f"/{name}")))
    db.close()
    started = time.perf_counter()
    polled = cli("poll", "--once")
    assert time.perf_counter() - started < 20
    assert polled.exit_code == 0, polled.stderr
    assert query(db_path, "SELECT count(*) FROM items WHERE source_id = 'xxe'") == 2
    for path in db_path.parent.glob(f"{db_path.name}*"):
        stored = path.read_bytes()
        assert SECRET.encode() not in stored, path.name
        assert b"lol" * 100 not in stored and b"x" * 1000 not in stored, path.name
    found = cli("search", "Leak", "--format", "json")
    assert found.exit_code == 0 and "Leak" in found.stdout and SECRET not in found.stdout

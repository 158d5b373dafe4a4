"""Builders for the contract tests: loopback feeds, Telegram pages, the CLI as a process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from pytest_httpserver import HTTPServer

REPO = Path(__file__).resolve().parents[2]


def now() -> datetime:
    """The current time, aware."""
    return datetime.now(UTC)


def wait_until(condition: Callable[[], object], limit: float, what: str) -> None:
    """Check `condition` every 50 ms until it holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {limit:g} s waiting for {what}")
        time.sleep(0.05)  # polling a condition with a deadline, not waiting for a result


@dataclass(frozen=True)
class Entry:
    """One RSS item as a test writes it."""

    guid: str
    title: str
    published: datetime | None = None
    link: str | None = None
    description: str | None = None  # written raw: the test escapes what it means to escape


def rss(entries: Sequence[Entry], title: str = "Test feed") -> str:
    """An RSS 2.0 document of `entries`."""
    body = ""
    for e in entries:
        body += f"<item><guid>{escape(e.guid)}</guid><title>{escape(e.title)}</title>"
        if e.published is not None:
            body += f"<pubDate>{format_datetime(e.published)}</pubDate>"
        if e.link:
            body += f"<link>{escape(e.link)}</link>"
        if e.description is not None:
            body += f"<description>{e.description}</description>"
        body += "</item>"
    channel = f"<channel><title>{title}</title>{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


class Feed:
    """An RSS feed served from a loopback server; the test changes `entries` between polls."""

    def __init__(self, server: HTTPServer, path: str = "/feed", title: str = "Test feed") -> None:
        self.entries: list[Entry] = []
        self.title = title
        self.hits = 0
        server.expect_request(path).respond_with_handler(self._respond)
        self.url = server.url_for(path)

    def _respond(self, request):  # noqa: ANN001, ANN202 - werkzeug request/response
        from werkzeug import Response

        self.hits += 1
        return Response(rss(self.entries, self.title), content_type="application/rss+xml")


@dataclass(frozen=True)
class Post:
    """One Telegram post on a channel preview page."""

    number: int
    text: str
    published: datetime
    forwarded_from: str | None = None  # "channel/123": a forward of that post


def telegram_page(channel: str, posts: Sequence[Post], before: int | None = None) -> str:
    """A channel's web preview page as t.me/s/<channel> serves it (the parts we read)."""
    more = (
        f'<a href="/s/{channel}?before={before}" class="tme_messages_more js-messages_more" '
        f'data-before="{before}"></a>'
        if before
        else ""
    )
    html = ""
    for post in posts:
        forwarded = ""
        if post.forwarded_from:
            forwarded = (
                '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
                '<a class="tgme_widget_message_forwarded_from_name" '
                f'href="https://t.me/{post.forwarded_from}"><span>Original</span></a></div>'
            )
        html += (
            '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message '
            f'js-widget_message" data-post="{channel}/{post.number}">{forwarded}'
            f'<div class="tgme_widget_message_text js-message_text">{escape(post.text)}</div>'
            '<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" '
            f'href="https://t.me/{channel}/{post.number}"><time datetime="'
            f'{post.published.isoformat()}">x</time></a></div></div></div>'
        )
    return (
        '<html><body><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
        f"<span>{channel}</span></div></div><main><section>{more}{html}</section></main>"
        "</body></html>"
    )


class Channel:
    """A Telegram channel preview served from a loopback server; the test adds posts."""

    def __init__(self, server: HTTPServer, channel: str) -> None:
        self.channel = channel
        self.posts: list[Post] = []
        server.expect_request(f"/s/{channel}").respond_with_handler(self._respond)
        self.url = server.url_for(f"/s/{channel}")

    def _respond(self, request):  # noqa: ANN001, ANN202 - werkzeug request/response
        from werkzeug import Response

        return Response(telegram_page(self.channel, self.posts), content_type="text/html")


def alert_recorder(tmp_path: Path) -> tuple[list[str], Path]:
    """An alert command (argv, no shell) that appends its stdin, one JSON per line, to a file."""
    out = tmp_path / "alerts.jsonl"
    script = (
        "import sys, json; payload = json.load(sys.stdin); "
        "open(sys.argv[1], 'a', encoding='utf-8').write(json.dumps(payload) + '\\n')"
    )
    return [sys.executable, "-c", script, str(out)], out


def recorded(out: Path) -> list[dict]:
    """The notices an alert recorder wrote so far."""
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]


def toml_value(value: object) -> str:
    """A TOML literal for the few kinds a test config needs."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def write_config(path: Path, top: dict[str, object], **tables: dict[str, object]) -> Path:
    """A config file: top-level keys, then one [table] per keyword."""
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items()]
    for name, values in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Frontwatch:
    """`python -m frontwatch --db DB …` as a real process, with the test's config."""

    def __init__(self, db_path: Path, config: Path, **env: str) -> None:
        self.db_path = db_path
        self.env = {
            **os.environ,
            "FRONTWATCH_SOURCES_SEED_STARTER": "0",
            "FRONTWATCH_CONFIG": str(config),
            **env,
        }

    def argv(self, *args: str) -> list[str]:
        """The command line for ARGS."""
        return [sys.executable, "-m", "frontwatch", "--db", str(self.db_path), *args]

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run to the end; output captured as text."""
        return subprocess.run(
            self.argv(*args),
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start in the background (stdout dropped, stderr kept for failure messages)."""
        return subprocess.Popen(
            self.argv(*args),
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )


def query(db_path: Path, sql: str, *params: object) -> list[tuple]:
    """Rows from the database through a connection of its own, closed at once."""
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def stop(process: subprocess.Popen[str], limit: float = 10) -> int:
    """End a process this test started (SIGTERM, then kill) and return its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode

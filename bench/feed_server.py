"""Synthetic feeds on loopback for the ingest benches, served from a separate process.

Feeds `/f/<n>.xml` carry an ETag (so a second poll gets 304); feeds `/n/<n>.xml` carry no
validators (so a second poll gets the same 200 body). Each serves `items` entries written
from the labelled reports, made unique per feed. Several loopback addresses serve the same
feeds, as several hosts would.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

REPORTS = Path(__file__).resolve().parents[1] / "tests/tagging/data/labelled.jsonl"


def reports() -> list[str]:
    """The texts of the labelled reports, which every synthetic entry is written from."""
    return [json.loads(line)["text"] for line in REPORTS.read_text(encoding="utf-8").splitlines()]


def entry_xml(text: str, guid: str, when: datetime, label: str) -> str:
    """One RSS <item>: a report's first sentence as title, a link made from the guid."""
    title = text.split(". ")[0][:140]
    return (
        f"<item><title>{escape(title)}</title><guid>{guid}</guid>"
        f"<link>http://127.0.0.1:9/{guid}</link><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text)} (report {label})</description></item>"
    )


def channel_xml(number: int, entries: list[str]) -> bytes:
    """An RSS 2.0 document around `entries`."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {number}</title>{''.join(entries)}</channel></rss>"
    ).encode()


def feed_xml(number: int, items: int, reports: list[str], version: int = 0) -> bytes:
    """One feed of `items` entries; `version` changes every entry's guid (a fresh feed)."""
    start = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    entries = [
        entry_xml(
            reports[(number * items + i) % len(reports)],
            f"feed{number}-v{version}-item{i}",
            start - timedelta(minutes=7 * i + number),
            f"{number}-{i}",
        )
        for i in range(items)
    ]
    return channel_xml(number, entries)


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers feeds with an optional ETag."""

    def send_feed(self, body: bytes, etag: str | None) -> None:
        """Answer 304 when the client holds `etag`, else 200 with the feed."""
        if etag is not None and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if etag is not None:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def serve_forever(
    handler: type[BaseHTTPRequestHandler], hosts: int, ready: multiprocessing.Queue
) -> None:
    """Serve `handler` on 127.0.0.1 … 127.0.0.<hosts>, put their (host, port) on `ready`."""
    ports = []
    for host in range(1, hosts + 1):
        server = ThreadingHTTPServer((f"127.0.0.{host}", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ports.append((f"127.0.0.{host}", server.server_address[1]))
    ready.put(ports)
    threading.Event().wait()


def _serve(feeds: int, items: int, hosts: int, ready: multiprocessing.Queue) -> None:
    texts = reports()
    bodies = {n: feed_xml(n, items, texts) for n in range(feeds)}

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            kind, _, name = self.path.strip("/").partition("/")
            number = int(name.split(".")[0]) % feeds
            # /f/ feeds answer 304 to their ETag; any other path is a feed that always changes.
            self.send_feed(bodies[number], f'"f{number}"' if kind == "f" else None)

    serve_forever(Handler, hosts, ready)


def start(feeds: int, items: int, hosts: int = 8) -> tuple[multiprocessing.Process, list[str]]:
    """Start the server process; returns it and the base URL of each host."""
    ready: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve, args=(feeds, items, hosts, ready), daemon=True)
    process.start()
    return process, [f"http://{host}:{port}" for host, port in ready.get(timeout=30)]

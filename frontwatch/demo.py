"""`frontwatch --demo`: the bundled samples served on 127.0.0.1 into a temporary database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from frontwatch.demo_feeds import DemoClock, render
from sample_feeds import ROOT, SampleSource, sample_sources
from storage import Database
from storage.sources import SourceError, add_source
from storage.types import Source

DEMO_INTERVAL = 60
_TYPES = {
    ".rss": ("application/rss+xml", "xml"),
    ".xml": ("application/rss+xml", "xml"),
    ".rdf": ("application/rdf+xml", "xml"),
    ".atom": ("application/atom+xml", "xml"),
    ".json": ("application/feed+json", "json"),
    ".html": ("text/html; charset=utf-8", "html"),
}


def _encoding(raw: bytes) -> str:
    head = raw[:200].decode("ascii", "replace").lower()
    return "windows-1251" if 'encoding="windows-1251"' in head else "utf-8"


class DemoServer:
    """Serves sample_feeds/ on a free loopback port from a background thread."""

    def __init__(self, root: Path = ROOT, start: datetime | None = None) -> None:
        self.root = root
        self.start_time = start or datetime.now(UTC)
        texts = [
            p.read_bytes().decode(_encoding(p.read_bytes()), "replace")
            for p in sorted(root.rglob("*"))
            if p.suffix in _TYPES and p.parent.name != "articles"
        ]
        self.clock = DemoClock.for_samples(texts, self.start_time)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.requests: list[str] = []  # paths asked for, for tests and the curious

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> str:
        """Start serving; returns the base URL."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                server._serve(self)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return  # the demo must not write over the TUI

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-server", daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        path = handler.path.split("?", 1)[0].lstrip("/")
        file = (self.root / path).resolve()
        if self.root not in file.parents or not file.is_file() or file.suffix not in _TYPES:
            handler.send_error(404)
            return
        content_type, kind = _TYPES[file.suffix]
        raw = file.read_bytes()
        encoding = _encoding(raw)
        if "telegram" in file.parts:
            kind = "telegram"
        text = render(raw.decode(encoding), kind, self.clock, datetime.now(UTC), self.base_url)
        body = text.encode(encoding, "replace")
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def demo_source(sample: SampleSource, base_url: str) -> Source:
    """The database source for a bundled sample served at `base_url`."""
    return Source(
        id=sample.id,
        kind=sample.kind,
        url=f"{base_url}/{sample.path}",
        title=sample.title,
        lang=sample.lang,
        interval=DEMO_INTERVAL,
        side=sample.side,
        type=sample.type,
        selector=sample.selector,
    )


def add_demo_sources(db: Database, base_url: str) -> int:
    """Add every bundled source, pointed at the demo server."""
    added = 0
    for sample in sample_sources():
        try:
            add_source(db, demo_source(sample, base_url))
            added += 1
        except SourceError:
            continue
    return added

"""Loopback feeds whose entries change on demand, for the crash harness, the soak and tests.

Feed `/l/<n>.xml` at step `s` lists entries `first .. newest - 1` of feed n, newest first,
where `newest = base + s * per_step`; `first` is 0 (the feed only grows, so every entry
ever served is still served) or `newest - window` (a rolling feed, as real ones are). The
owner moves the step; each step has its own ETag, so an unchanged feed answers 304. Served
from a separate process on several loopback addresses, as several hosts would be.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.sharedctypes import Synchronized

from bench.feed_server import QuietHandler, channel_xml, entry_xml, reports, serve_forever


@dataclass(frozen=True)
class FeedShape:
    """Which entries each feed lists at a step, and how slowly it answers."""

    feeds: int
    base: int = 10
    per_step: int = 2
    window: int | None = None  # None: the feed only grows
    delay: float = 0.0  # seconds before each answer

    def indexes(self, step: int) -> range:
        """Entry numbers a feed lists at `step` (oldest first)."""
        newest = self.base + step * self.per_step
        first = 0 if self.window is None else max(0, newest - self.window)
        return range(first, newest)


def guid(number: int, index: int) -> str:
    """The guid of entry `index` of feed `number` (unique across feeds)."""
    return f"live{number}-item{index}"


def feed_body(shape: FeedShape, number: int, step: int, texts: list[str], epoch: datetime) -> bytes:
    """The RSS document of feed `number` at `step`."""
    entries = [
        entry_xml(
            texts[(number * 7 + index) % len(texts)],
            guid(number, index),
            epoch + timedelta(minutes=index),
            f"{number}-{index}",
        )
        for index in reversed(shape.indexes(step))
    ]
    return channel_xml(number, entries)


def _serve(
    shape: FeedShape, hosts: int, step: Synchronized, epoch: datetime, ready: multiprocessing.Queue
) -> None:
    texts = reports()
    cache: dict[tuple[int, int], bytes] = {}
    lock = threading.Lock()

    def body(number: int, now_step: int) -> bytes:
        with lock:
            if (number, now_step) not in cache:
                if len(cache) > 4 * shape.feeds:
                    cache.clear()
                cache[(number, now_step)] = feed_body(shape, number, now_step, texts, epoch)
            return cache[(number, now_step)]

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            kind, _, name = self.path.strip("/").partition("/")
            number = name.removesuffix(".xml")
            if kind != "l" or not number.isdigit() or int(number) >= shape.feeds:
                self.send_error(404)
                return
            if shape.delay:
                time.sleep(shape.delay)
            now_step = step.value
            self.send_feed(body(int(number), now_step), f'"{number}-{now_step}"')

    serve_forever(Handler, hosts, ready)


class LiveFeeds:
    """The server process and the step it serves; use as a context manager."""

    def __init__(self, shape: FeedShape, hosts: int = 8) -> None:
        self.shape = shape
        self.hosts = hosts
        # Entry dates count up from here a minute apart, so new entries are the newest.
        self.epoch = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=shape.base)
        self._step: Synchronized = multiprocessing.Value("i", 0)
        self._process: multiprocessing.Process | None = None
        self.bases: list[str] = []

    def __enter__(self) -> LiveFeeds:
        ready: multiprocessing.Queue = multiprocessing.Queue()
        self._process = multiprocessing.Process(
            target=_serve,
            args=(self.shape, self.hosts, self._step, self.epoch, ready),
            daemon=True,
            name="live-feeds",
        )
        self._process.start()
        self.bases = [f"http://{host}:{port}" for host, port in ready.get(timeout=30)]
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join(timeout=10)
            self._process = None

    @property
    def step(self) -> int:
        """The step served now."""
        return self._step.value

    @step.setter
    def step(self, value: int) -> None:
        self._step.value = value

    def url(self, number: int) -> str:
        """The URL of feed `number` (feeds spread over the loopback hosts)."""
        return f"{self.bases[number % len(self.bases)]}/l/{number}.xml"

    def guids(self, number: int, step: int | None = None) -> set[str]:
        """The guids feed `number` lists at `step` (default: now)."""
        at = self.step if step is None else step
        return {guid(number, index) for index in self.shape.indexes(at)}

"""Building the ingest machinery from settings: the fetcher, the tagger, the monitor."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache

from frontwatch import __version__
from frontwatch.config import ConfigError, Settings
from frontwatch.durations import parse_duration
from frontwatch.errors import UserError
from frontwatch.gazetteer_user import current_gazetteer, gazetteer_files
from frontwatch.zones import local_zone
from ingest.alerting import AlertPolicy
from ingest.cpu import CpuPool
from ingest.fetch import Fetcher, Timeouts
from ingest.monitor import Monitor
from ingest.poll_source import PollSettings, SourceOutcome
from storage import Database
from storage.prune import prune_fetch_log, set_fetch_log_days
from storage.retag_memory import remember_tagger


def build_fetcher(settings: Settings) -> Fetcher:
    """One shared fetcher with the configured limits, timeouts and proxy."""
    fetcher = Fetcher(
        __version__,
        max_concurrency=settings["poll.concurrency"],
        per_host=settings["poll.per_host"],
        timeouts=Timeouts(
            connect=settings["fetch.connect_timeout"],
            read=settings["fetch.read_timeout"],
            total=settings["fetch.total_timeout"],
        ),
        max_body=settings["fetch.max_bytes"],
        proxy=settings["fetch.proxy"] or None,
    )
    if settings["fetch.user_agent"]:
        fetcher.user_agent = settings["fetch.user_agent"]
    return fetcher


@contextmanager
def _tagging_config() -> Iterator[None]:
    """Unusable extra themes or place spellings from the config, as a one-line ConfigError."""
    from tagging.gazetteer import GazetteerError
    from tagging.themes import ThemeError

    try:
        yield
    except (GazetteerError, ThemeError) as exc:
        raise ConfigError(f"tagging: {exc}") from None


@cache
def _tagger_for(extra_places: str, extra_themes: str) -> object:
    import json

    from tagging.tagger import Tagger

    with _tagging_config():
        return Tagger(
            gazetteer=current_gazetteer(),
            extra_places=json.loads(extra_places) or None,
            extra_themes=json.loads(extra_themes) or None,
        )


def check_tagging(settings: Settings) -> None:
    """Raise ConfigError for extra themes or place spellings the tagger cannot use.

    Worker processes build their taggers from them: checked here, the user gets one line
    instead of every worker failing.
    """
    from tagging.themes import taxonomy

    with _tagging_config():
        taxonomy(extra=settings["tagging.themes"])
        if settings["tagging.places"]:
            current_gazetteer().with_spellings(settings["tagging.places"])


def tagger_factory(settings: Settings) -> Callable[[], object]:
    """A function returning the (cached) tagger with the user's extra spellings and themes."""
    import json

    places = json.dumps(settings["tagging.places"], sort_keys=True)
    themes = json.dumps(settings["tagging.themes"], sort_keys=True)
    return lambda: _tagger_for(places, themes)


def build_cpu_pool(settings: Settings, processes: int | None = None) -> CpuPool:
    """Worker processes (one per core) that parse and tag with the user's extras.

    Raises:
        ConfigError: the extras are unusable.
    """
    check_tagging(settings)
    files = gazetteer_files()
    return CpuPool(
        processes or os.cpu_count() or 2,
        extra_places=settings["tagging.places"],
        extra_themes=settings["tagging.themes"],
        # Only when the user imported places: the packaged gazetteer alone loads faster.
        gazetteer_files=files if len(files) > 1 else (),
    )


def build_monitor(
    db: Database,
    settings: Settings,
    fetcher: Fetcher,
    cpu: CpuPool,
    on_progress: Callable[[SourceOutcome], None] | None = None,
) -> Monitor:
    """The poll loop for a database; trims the fetch log to its retention first.

    From then on each poll trims its own source's log (see `storage.sources.record_poll`),
    so a poller running for weeks keeps the log bounded without a timer.
    """
    days = set_fetch_log_days(db, settings["retention.fetch_log_days"])
    _remember_tagging(db, settings)
    prune_fetch_log(db, datetime.now(UTC) - timedelta(days=days))
    poll = PollSettings(
        jitter=settings["poll.jitter"],
        max_backoff=parse_duration(settings["poll.max_backoff"]),
        extract_enabled=settings["extract.enabled"],
        extract_min_chars=settings["extract.min_chars"],
    )
    alerts = AlertPolicy(
        max_age=timedelta(seconds=parse_duration(settings["alerts.max_age"])),
        group_at=settings["alerts.group_at"],
        command=tuple(settings["alerts.command"]),
        zone=settings.zone() or local_zone(),
    )
    return Monitor(
        db,
        fetcher,
        cpu,
        settings=poll,
        alert_policy=alerts,
        on_progress=on_progress,
    )


def _remember_tagging(db: Database, settings: Settings) -> None:
    """Keep the theme digests behind the version the monitor's tagger stores with items,
    and its extra place spellings: a retag after the user changes a theme then re-scores
    only the themes changed, and after a spelling change looks for places again only in
    the items that name a word of the spellings changed."""
    from tagging.tagger import theme_version
    from tagging.themes import taxonomy

    half, digests = theme_version(taxonomy(extra=settings["tagging.themes"]))
    remember_tagger(db, half, digests, settings["tagging.places"])


async def check_source_url(
    settings: Settings,
    url: str,
    kind: str | None,
    *,
    allow_file: bool = False,
    user_agent: str | None = None,
    proxy: str | None = None,
) -> tuple[str, str]:
    """Work out a new source's kind (and feed URL), fetching the page when it must.

    `user_agent` and `proxy` are the new source's own, used as its polls will use them.

    Raises:
        UserError: the URL cannot be fetched or holds nothing frontwatch can poll.
    """
    from ingest.discover import detect_kind

    guess = detect_kind(url, b"", "")
    if guess[0] == "telegram":
        return guess
    async with build_fetcher(settings) as fetcher:
        result = await fetcher.fetch(
            url, allow_private=True, allow_file=allow_file, user_agent=user_agent, proxy=proxy
        )
    if result.error_kind:
        raise UserError(f"cannot fetch {url}: {result.error}")
    detected, feed_url = detect_kind(
        result.final_url, result.body, result.headers.get("content-type", "")
    )
    if kind == "rss" and detected != "rss":
        raise UserError(f"{url} is not a feed and names none (try --kind html)")
    return detected, feed_url

"""Helpers for poll-loop tests: a database with a few places, a keyword tagger, one round."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ingest.cpu import CpuPool
from ingest.fetch import Fetcher, Timeouts
from ingest.monitor import Monitor, RoundSummary
from ingest.poll_source import PollSettings
from storage import Database, open_database
from storage.places import sync_places
from storage.sources import add_source, get_source
from storage.types import Place, Source
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

PLACES = [
    Place(
        "pokrovsk",
        "Pokrovsk",
        "Покровськ",
        "Покровск",
        "city",
        "Donetsk",
        "Pokrovskyi",
        48.28,
        37.18,
    ),
    Place(
        "myrnohrad",
        "Myrnohrad",
        "Мирноград",
        "Мирноград",
        "city",
        "Donetsk",
        "Pokrovskyi",
        48.31,
        37.27,
    ),
]
_CUES = {"pokrovsk": ("pokrovsk", "покровськ", "покровск"), "myrnohrad": ("myrnohrad", "мирноград")}


class KeywordTagger:
    """A stand-in for the real tagger: finds two places and one theme by substring.

    Poll-loop tests are about fetching, deciding and storing; the tagger has its own tests.
    """

    version = "keyword-1"

    def tag(self, title: str, body: str = "") -> TagResult:
        places = []
        for place_id, cues in _CUES.items():
            for field, text in (("title", title), ("body", body)):
                low = text.lower()
                hit = next((low.find(c) for c in cues if c in low), -1)
                if hit >= 0:
                    places.append(
                        PlaceTag(
                            place_id,
                            1,
                            (Evidence(field, hit, hit + 8, text[hit : hit + 8], "form"),),
                        )
                    )
                    break
        themes = []
        if "drone" in (title + body).lower() or "дрон" in (title + body).lower():
            themes.append(ThemeTag("drones", 0.9))
        return TagResult("en", tuple(places), tuple(themes), self.version)


def make_db(tmp_path: Path) -> Database:
    """A fresh database knowing Pokrovsk and Myrnohrad."""
    db = open_database(tmp_path / "poll.db")
    forms = [(c, pid) for pid, cues in _CUES.items() for c in cues]
    sync_places(db, PLACES, forms, "test")
    return db


def add(db: Database, source_id: str, url: str, kind: str = "rss", **fields: object) -> Source:
    """Add a source polled every minute."""
    return add_source(db, Source(id=source_id, kind=kind, url=url, interval=60, **fields))


def fetcher(read_timeout: float = 2.0) -> Fetcher:
    """A fetcher with short limits."""
    return Fetcher("9.9-test", timeouts=Timeouts(connect=2.0, read=read_timeout, total=10.0))


async def poll_round(
    db: Database,
    *,
    extract: bool = False,
    only: str | None = None,
    monitor_kwargs: dict | None = None,
) -> RoundSummary:
    """One round over every due source (each made due first) with the keyword tagger."""
    from storage.sources import poll_now

    poll_now(db, only)
    async with fetcher() as f:
        monitor = Monitor(
            db,
            f,
            CpuPool(tagger=KeywordTagger()),
            settings=PollSettings(jitter=0.0, extract_enabled=extract),
            **(monitor_kwargs or {}),
        )
        return await monitor.run_round(only)


def status(db: Database, source_id: str) -> tuple[str | None, int, str | None]:
    """(last_status, error_count, last_error) of a source."""
    source = get_source(db, source_id)
    assert source is not None
    return source.last_status, source.error_count, source.last_error


def count(db: Database, sql: str, *params: object) -> int:
    """A single number from the database."""
    with db.reading() as conn:
        return conn.execute(sql, params).fetchone()[0]


def now() -> datetime:
    """The current time, aware."""
    return datetime.now(UTC)

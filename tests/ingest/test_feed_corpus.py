"""parse_feed over feedparser's own test corpus: every document parses or fails with one line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.parse import FeedParseError, parse_feed

REPO = Path(__file__).resolve().parents[2]
SHARED_CORPUS = REPO.parent / "shared" / "corpora" / "feedparser"
CORPUS = SHARED_CORPUS if (SHARED_CORPUS / "MANIFEST.tsv").is_file() else None


def _headers(raw: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in raw.split("\\n") if ":" in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.skipif(CORPUS is None, reason="the shared feedparser corpus is not present")
def test_whole_corpus_parses_or_fails_cleanly() -> None:
    assert CORPUS is not None
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    parsed = refused = 0
    for row in rows:
        path = CORPUS / row["path"]
        if not path.is_file():
            continue
        try:
            feed = parse_feed(path.read_bytes(), _headers(row["headers"]), "http://x.invalid/f")
        except FeedParseError as error:
            assert "\n" not in str(error), row["path"]
            refused += 1
            continue
        parsed += 1
        for item in feed.items:
            assert item.guid, row["path"]
            for text in (item.title, item.summary, item.content):
                assert "\x00" not in text and "\x1b" not in text, row["path"]
            assert item.published_at is None or item.published_at.utcoffset().total_seconds() == 0
    # Nearly all of it is a feed of some kind; the refusals are empty or channel-only files.
    assert parsed > 1900
    assert refused < 20

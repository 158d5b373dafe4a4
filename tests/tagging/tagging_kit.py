"""Shared helpers for the tagger tests: fixture paths and short result readers."""

from __future__ import annotations

from pathlib import Path

from tagging.tagger import Tagger

MINI = Path(__file__).parent / "data" / "mini_gazetteer.csv"
PACKAGED = Path(__file__).resolve().parents[2] / "tagging" / "data" / "gazetteer.csv"


def place_ids(tagger: Tagger, title: str, body: str = "") -> list[str]:
    """The place ids a tagger finds, in order of first mention."""
    return [tag.place_id for tag in tagger.tag(title, body).places]


def theme_ids(tagger: Tagger, title: str, body: str = "") -> list[str]:
    """The theme ids a tagger finds, in taxonomy order."""
    return [tag.theme_id for tag in tagger.tag(title, body).themes]

"""The tagger's output: places and themes found in a text, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Evidence(NamedTuple):
    """Why a tag was given: where in which field, which form matched, by which rule.

    `start`/`end` are character offsets into the field's text as stored (NFC, controls
    stripped), so a reader can highlight them without re-running the tagger.

    A named tuple, not a dataclass: the tagger makes a few dozen per item, and
    `records.maker(Evidence)` builds one in half a frozen dataclass's time.
    """

    field: str  # "title" or "body"
    start: int
    end: int
    form: str
    rule: str


@dataclass(frozen=True, slots=True)
class PlaceTag:
    """A settlement found in a text."""

    place_id: str
    mentions: int
    evidence: tuple[Evidence, ...] = ()
    # Same-named places that lost the disambiguation, best first (for --explain).
    runners_up: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThemeTag:
    """A theme found in a text; `score` in (0, 1]."""

    theme_id: str
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class TagResult:
    """Everything the tagger says about one item."""

    lang: str  # "en", "uk", "ru" or "other"
    places: tuple[PlaceTag, ...] = ()
    themes: tuple[ThemeTag, ...] = ()
    version: str = ""
    # Evidence the tagger considered and rejected, when asked to explain; never stored.
    rejected: tuple[Evidence, ...] = field(default=(), compare=False)

"""What the database remembers of the taggers that stored tags, for a later retag to tell
what changed: the theme digests behind a tagger version, the user's extra spellings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from storage.db import Database
from storage.meta import get_meta, set_meta

# The meta key (then the themes half of a tagger version) of the theme digests behind it.
_DIGESTS_KEY = "theme_digests."
# The meta key of the last few sets of extra place spellings tags were stored with.
_SPELLINGS_KEY = "place_spellings"
_SPELLINGS_KEPT = 20


def remember_tagger(
    db: Database,
    themes_half: str | None,
    digests: Mapping[str, str],
    spellings: Mapping[str, Sequence[str]],
) -> None:
    """Keep what a later retag needs of a tagger that stores tags: the theme digests behind
    the themes half of its version (none kept without a half) and its extra spellings."""
    if themes_half is not None:
        remember_theme_digests(db, themes_half, digests)
    remember_spellings(db, spellings)


def remember_theme_digests(db: Database, themes_half: str, digests: Mapping[str, str]) -> None:
    """Keep the theme digests behind a themes half of the tagger version (see
    tagging.themes.theme_digests), so a later retag can tell which themes changed."""
    key = _DIGESTS_KEY + themes_half
    if get_meta(db, key) is None:
        set_meta(db, key, json.dumps(dict(digests), sort_keys=True))


def theme_digests_of(db: Database, themes_half: str) -> dict[str, str] | None:
    """The theme digests behind a themes half, if they were kept."""
    text = get_meta(db, _DIGESTS_KEY + themes_half)
    if text is None:
        return None
    try:
        digests = json.loads(text)
    except ValueError:
        return None  # unreadable: the retag then scores every theme again
    return digests if isinstance(digests, dict) else None


def remember_spellings(db: Database, spellings: Mapping[str, Sequence[str]]) -> None:
    """Keep a set of extra place spellings tags are stored with (the last few sets), so
    a later retag can tell which spellings an item was tagged with, and what changed."""
    if not spellings:
        return  # no extra spellings: a retag always tries that
    entry = {place_id: list(some) for place_id, some in spellings.items()}
    known = recent_spellings(db)
    if known and known[0] == entry:
        return
    kept = [entry, *(other for other in known if other != entry)][:_SPELLINGS_KEPT]
    set_meta(db, _SPELLINGS_KEY, json.dumps(kept, ensure_ascii=False))


def recent_spellings(db: Database) -> list[dict[str, list[str]]]:
    """The sets of extra place spellings kept by remember_spellings, latest first."""
    try:
        known = json.loads(get_meta(db, _SPELLINGS_KEY) or "[]")
    except ValueError:
        return []  # unreadable: a retag then finds places again everywhere
    if not isinstance(known, list):
        return []
    return [entry for entry in known if _is_spellings(entry)]


def _is_spellings(entry: object) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(some, list) and all(isinstance(s, str) for s in some) for some in entry.values()
    )

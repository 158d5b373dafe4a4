"""What a retag runs again on an item, from the version of the tagger that tagged it."""

from __future__ import annotations

from dataclasses import dataclass

from storage import Database
from storage.retag_memory import recent_spellings, theme_digests_of
from tagging.respell import respelled_screen
from tagging.scan import WordScreen
from tagging.tagger import Tagger, version_halves


@dataclass(frozen=True)
class RetagPlan:
    """What a retag runs again on an item a given tagger version tagged.

    The places half of the version changed: places are found again, only in items that
    name a word of a changed spelling when the user's extra spellings alone changed. The
    themes half changed: the themes whose digest changed are scored again (all of them
    when the digests behind the old half are not known) and the other theme rows are kept.
    """

    places: bool
    themes: bool
    only: frozenset[str] | None = None  # the themes scored again; None for all
    keep: frozenset[str] = frozenset()  # the themes whose stored rows stay
    # Finds the words the changed spellings can tag (see respelled_screen); None when
    # more than the spellings changed.
    respelled: WordScreen | None = None

    @classmethod
    def for_version(cls, db: Database, tagger: Tagger, old: str | None, force: bool) -> RetagPlan:
        """The plan for items that the tagger of version `old` tagged."""
        then = version_halves(old)
        now = version_halves(tagger.version)
        # Other rules may tag anything differently, whatever the data behind them.
        if force or then is None or now is None or _rules(then[0]) != _rules(now[0]):
            return cls(places=True, themes=True)
        places = then[0] != now[0]
        respelled = _respelled(db, tagger, then[0]) if places else None
        if then[1] == now[1]:
            return cls(places=places, themes=False, respelled=respelled)
        digests = tagger.theme_digests
        before = theme_digests_of(db, then[1])
        if before is None:
            return cls(places=places, themes=True, respelled=respelled)
        keep = frozenset(i for i, digest in digests.items() if before.get(i) == digest)
        only = frozenset(digests) - keep
        return cls(places=places, themes=True, only=only, keep=keep, respelled=respelled)


def _rules(half: str) -> str:
    return half.partition(".")[0]


def _respelled(db: Database, tagger: Tagger, places_half: str) -> WordScreen | None:
    """The screen for items tagged with other extra spellings than the tagger's but the
    same gazetteer and rules (None when no known spellings give that places half)."""
    for old in ({}, *recent_spellings(db)):
        if tagger.places_half_with(old) == places_half:
            return respelled_screen(old, tagger.extra_places)
    return None

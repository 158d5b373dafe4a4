"""The theme taxonomy and scoring a text against it by weighted cue phrases."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tagging.datafiles import data_path, version_part
from tagging.phrases import Match, Phrase, PhraseError, PhraseMatcher, parse_phrase
from tagging.records import maker
from tagging.scan import FieldText
from tagging.types import Evidence, ThemeTag

THEME_IDS = (
    "assault", "capture", "withdrawal", "encirclement", "counterattack", "logistics",
    "drones", "airstrikes", "artillery", "air_defense", "fortifications", "casualties",
    "civilians", "negotiations", "weather", "economy",
)  # fmt: skip
LANGUAGES = ("en", "uk", "ru")
# A theme is emitted when its cue weights add up to this (one full cue does it).
THRESHOLD = 0.9
TITLE_BOOST = 1.5
# The same cue repeated adds up to this many times; a long article repeats words.
MAX_REPEATS = 2
# Occurrences of one word looked at; more only repeat evidence already counted.
_OCCURRENCES = 4
_THEME_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ThemeError(ValueError):
    """A theme definition that cannot be used; the message is one line."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme: its id, label and cue phrases (negative ones cancel overlapping cues)."""

    id: str
    label: str
    cues: tuple[Phrase, ...]


def _phrases(
    theme_id: str, cues: Iterable[object], *, negative: bool = False, veto: bool = False
) -> list[Phrase]:
    if isinstance(cues, str) or not isinstance(cues, Iterable):
        raise ThemeError(f"cues of theme {theme_id!r} must be a list of strings")
    try:
        return [parse_phrase(str(c), theme_id, negative=negative, veto=veto) for c in cues]
    except PhraseError as exc:
        raise ThemeError(str(exc)) from None


def parse_themes(data: Mapping[str, object]) -> list[Theme]:
    """Themes from parsed themes.toml data."""
    themes = []
    for theme_id, spec in data.items():
        if not isinstance(spec, Mapping):
            raise ThemeError(f"theme {theme_id!r} must be a table")
        cues: list[Phrase] = []
        for lang in LANGUAGES:
            cues += _phrases(theme_id, spec.get(lang, []))
        cues += _phrases(theme_id, spec.get("not", []), negative=True)
        cues += _phrases(theme_id, spec.get("veto", []), veto=True)
        themes.append(Theme(theme_id, str(spec.get("label", theme_id)), _unique(cues)))
    return themes


def _unique(cues: Iterable[Phrase]) -> tuple[Phrase, ...]:
    """Cues without repeats (the same stem listed for two languages counts once)."""
    best: dict[tuple, Phrase] = {}
    for cue in cues:
        key = (cue.words, cue.negative, cue.veto)
        if key not in best or cue.weight > best[key].weight:
            best[key] = cue
    return tuple(best.values())


def extend_themes(themes: list[Theme], extra: Mapping[str, Iterable[str]]) -> list[Theme]:
    """Themes with user cues added: to existing themes, or as new themes.

    Raises:
        ThemeError: a bad theme id or cue.
    """
    by_id = {theme.id: theme for theme in themes}
    for theme_id, cues in extra.items():
        if not _THEME_ID.match(str(theme_id)):
            raise ThemeError(f"bad theme id {theme_id!r}: use lower-case letters, digits, _")
        added = _phrases(theme_id, cues)
        old = by_id.get(theme_id)
        label = old.label if old else theme_id.replace("_", " ").capitalize()
        by_id[theme_id] = Theme(theme_id, label, _unique((old.cues if old else ()) + tuple(added)))
    return list(by_id.values())


def read_themes(path: Path) -> list[Theme]:
    """Load a themes file; raises ThemeError with a one-line message."""
    try:
        return parse_themes(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"cannot read themes file {path.name}: {exc}") from None


@lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    """The packaged taxonomy (cached)."""
    return tuple(read_themes(data_path("themes.toml")))


def taxonomy(
    themes: Iterable[Theme] | None = None, extra: Mapping[str, Iterable[str]] | None = None
) -> list[Theme]:
    """The themes a tagger uses: `themes` (the packaged ones by default) with the user's
    extra cues and themes added. Raises ThemeError for a bad extra."""
    theme_list = list(themes) if themes is not None else list(load_themes())
    return extend_themes(theme_list, extra) if extra else theme_list


def theme_digests(themes: Iterable[Theme]) -> dict[str, str]:
    """A short digest per theme id of what decides its tags: its cues in order, each as
    written (words, weight, and so the form its evidence names) and of which kind.

    Themes score independently of each other (see ThemeScorer), so a theme whose digest
    is unchanged tags every text as it did, whatever happened to the other themes.
    """
    return {
        theme.id: version_part(repr([(c.source, c.negative, c.veto) for c in theme.cues]))
        for theme in themes
    }


def themes_digest(digests: Mapping[str, str]) -> str:
    """One short digest of a whole taxonomy's theme digests."""
    return version_part(repr(list(digests.items())))


# Evidence kept per theme; a long article repeats its cues, the first few are enough.
MAX_EVIDENCE = 8
# A total this close below the threshold still passes (float sums of weights).
_CUTOFF = THRESHOLD - 1e-9
_make_evidence = maker(Evidence)
_make_tag = maker(ThemeTag)


class ThemeScorer:
    """Scores texts against a set of themes.

    Each theme's total and evidence come from its own cues alone (overlaps are settled
    within a theme), so a scorer for some of the themes gives those themes alike.
    """

    def __init__(self, themes: Iterable[Theme]) -> None:
        self.themes = tuple(themes)
        self._order = {theme.id: n for n, theme in enumerate(self.themes)}
        self._matcher = PhraseMatcher(
            (cue for theme in self.themes for cue in theme.cues), max_count=MAX_REPEATS
        )

    def score(self, fields: list[FieldText]) -> tuple[ThemeTag, ...]:
        """Theme tags for an item given its folded fields."""
        totals: dict[str, float] = {}
        found: dict[str, list[tuple[FieldText, Match]]] = {}
        for text in fields:
            matches, tangled = self._matcher.find_tangled(text, limit=_OCCURRENCES)
            if matches:
                _add_field(totals, found, text, matches, tangled)
        return self._tags(totals, found)

    def _tags(
        self, totals: dict[str, float], found: dict[str, list[tuple[FieldText, Match]]]
    ) -> tuple[ThemeTag, ...]:
        """The themes whose weights reach the threshold, in taxonomy order, with evidence."""
        order = self._order
        last = len(order)
        # Taxonomy rank, then first appearance: the order a stable sort by rank gives.
        passing = sorted(
            (order.get(theme_id, last), n, theme_id, total)
            for n, (theme_id, total) in enumerate(totals.items())
            if total >= _CUTOFF
        )
        return tuple(
            [
                _make_tag(theme_id, _score(total), _evidence(found[theme_id]))
                for _rank, _n, theme_id, total in passing
            ]
        )


# Totals are sums of a few cue weights, so the same few hundred recur: rounding to
# decimal digits costs more than the cache lookup.
@lru_cache(maxsize=4096)
def _score(total: float) -> float:
    """A theme's score in (0, 1] from its total weight."""
    return round(1.0 - math.exp(-total), 3)


def _add_field(
    totals: dict[str, float],
    found: dict[str, list[tuple[FieldText, Match]]],
    text: FieldText,
    matches: list[Match],
    tangled: set[str],
) -> None:
    """Add one field's matches to the themes' totals and evidence, in match order.

    A theme with a negative or a several-word match among its matches in this field
    (`tangled`) needs its overlaps settled; the others just add up, match by match.
    """
    boost = TITLE_BOOST if text.name == "title" else 1.0
    grouped: dict[str, list[Match]] = {}
    for match in matches:
        phrase = match.phrase
        owner = phrase.owner
        if owner in tangled:
            grouped.setdefault(owner, []).append(match)
            continue
        # _add for one match, inline: this is the loop most matches go through. A count
        # never exceeds MAX_REPEATS: the matcher stops counting there.
        weight = phrase.weight * boost * match.count
        totals[owner] = totals.get(owner, 0.0) + weight
        earlier = found.get(owner)
        if earlier is None:
            found[owner] = [(text, match)]
        else:
            earlier.append((text, match))
    for theme_id, kept in grouped.items():
        if any(m.phrase.veto for m in kept):
            continue  # football's "counterattack", a forecast's snow
        kept = _resolved(kept, text)
        if kept:
            _add(totals, found, theme_id, text, kept, boost)


def _evidence(found: list[tuple[FieldText, Match]]) -> tuple[Evidence, ...]:
    """The first few matches of a theme as evidence, with spans in the original text."""
    evidence = []
    for text, match in found[:MAX_EVIDENCE]:
        # A one-word match's span is looked up only now that it is evidence.
        span = match.span or text.first(match.word)
        start, end = text.text.span(*span)  # type: ignore[misc]
        evidence.append(_make_evidence(text.name, start, end, match.phrase.source, "cue"))
    return tuple(evidence)


def _add(
    totals: dict[str, float],
    found: dict[str, list[tuple[FieldText, Match]]],
    theme_id: str,
    text: FieldText,
    matches: list[Match],
    boost: float,
) -> None:
    """Add a theme's matches in one field to its total and its evidence, in order."""
    total = totals.get(theme_id, 0.0)
    for match in matches:
        total += match.phrase.weight * boost * match.count
    totals[theme_id] = total
    earlier = found.get(theme_id)
    if earlier is None:
        found[theme_id] = [(text, match) for match in matches]
    else:
        earlier += [(text, match) for match in matches]


def _resolved(matches: list[Match], field_text: FieldText) -> list[Match]:
    """One theme's matches in a field, with overlaps settled.

    Called when a longer or a negative phrase is among them: counted one-word matches are
    spread out occurrence by occurrence; then negatives cancel what they overlap, and of
    two overlapping cues only the longer (then the heavier) counts, so "heavy fighting" is
    not also weighed as "fighting". The same cue counts at most MAX_REPEATS times.
    """
    # Per occurrence, what sorts it: earliest first; of matches starting together, the
    # longer, then the heavier; then in the order given (the index), as a stable sort
    # would. Then its end and phrase. A Match is made only for those kept.
    spread: list[tuple[int, int, float, int, int, Phrase]] = []
    for m in matches:
        phrase = m.phrase
        if m.count > 1:
            occurrences = field_text.spans(m.word)[:_OCCURRENCES]
        else:
            occurrences = [m.where(field_text)]
        for s, e in occurrences:
            spread.append((s, s - e, -phrase.weight, len(spread), e, phrase))
    negatives = [(s, e) for s, _, _, _, e, phrase in spread if phrase.negative]
    if negatives:
        spread = [
            (s, length, weight, n, e, phrase)
            for s, length, weight, n, e, phrase in spread
            if not phrase.negative and not any(ns < e and s < ne for ns, ne in negatives)
        ]
    spread.sort()
    kept: list[Match] = []
    repeats: dict[Phrase, int] = {}
    last_end = -1
    for start, _length, _weight, _n, end, phrase in spread:
        if start >= last_end:
            seen = repeats.get(phrase, 0)
            if seen < MAX_REPEATS:
                kept.append(Match((start, end), phrase))
                repeats[phrase] = seen + 1
                last_end = end
    return kept

"""The tagger: one item's title and body in, its places and themes (with evidence) out."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from tagging.candidates import FieldScan, settle
from tagging.context import Contexts, load_contexts
from tagging.datafiles import data_path, version_part
from tagging.disambiguate import Mention, Resolver
from tagging.gazetteer import Gazetteer, load_gazetteer, spelled_digest
from tagging.lang import detect_lang
from tagging.places import PlaceFinder
from tagging.records import maker
from tagging.regions import RegionName
from tagging.scan import FieldText
from tagging.text import strip_controls
from tagging.themes import (
    Theme,
    ThemeScorer,
    taxonomy,
    theme_digests,
    themes_digest,
)
from tagging.tokenise import KeyText
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

# Bump when the rules in this package change what they tag; data changes are hashed in.
RULES_VERSION = "2"
_LANG_SAMPLE = 400
# The data files each half of the tagger reads, hashed into that half's version.
_PLACE_FILES = ("regions.toml", "contexts.toml", "common_words.txt")
# Scorers for subsets of the themes (a retag after some themes changed) kept at once.
_SUBSET_SCORERS = 8
_make_result = maker(TagResult)


def _clean(text: str) -> str:
    """The text as storage keeps it; evidence offsets point into this string."""
    text = strip_controls(text or "")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


class Tagger:
    """Tags items by settlement and theme.

    Args:
        gazetteer: the places to look for (the packaged gazetteer by default).
        themes: the theme taxonomy (the packaged themes.toml by default).
        extra_places: user spellings per place id, e.g. {"pokrovsk": ["Покровськ-Донецький"]}.
        extra_themes: user cues per theme id; new ids make new themes.
        contexts: the context word lists (the packaged ones by default).

    Raises:
        GazetteerError / ThemeError: an extra spelling or cue is unusable (one-line message).
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        themes: Iterable[Theme] | None = None,
        extra_places: Mapping[str, Iterable[str]] | None = None,
        extra_themes: Mapping[str, Iterable[str]] | None = None,
        contexts: Contexts | None = None,
    ) -> None:
        gazetteer = gazetteer or load_gazetteer()
        self._base_digest = gazetteer.digest
        self.extra_places = {k: [str(s) for s in v] for k, v in (extra_places or {}).items()}
        if extra_places:
            gazetteer = gazetteer.with_spellings(extra_places)
        theme_list = taxonomy(themes, extra_themes)
        self.gazetteer = gazetteer
        self.contexts = contexts or load_contexts()
        self.regions = gazetteer.regions
        self._finder = PlaceFinder(
            gazetteer, self.contexts, self.regions.oblast_words | self.regions.raion_words
        )
        self._resolver = Resolver(gazetteer)
        # The words any place or region rule looks up in a field (see PlaceFinder.scan).
        self._place_words = self._finder.vocabulary | self.regions.trigger_words
        self._themes = ThemeScorer(theme_list)
        self._subset_scorers: dict[frozenset[str], ThemeScorer] = {}
        themes_half, self._theme_digests = theme_version(theme_list)
        self._place_files = [_file_text(name) for name in _PLACE_FILES]
        # Two halves, so a retag after a theme change need not find places again (and
        # the reverse).
        places_half = self.places_half_with(self.extra_places)
        self.version = joined_halves(places_half, themes_half)

    @property
    def themes(self) -> tuple[Theme, ...]:
        """The taxonomy in use, packaged themes first."""
        return self._themes.themes

    @property
    def theme_digests(self) -> dict[str, str]:
        """Per theme id, a digest of everything that decides its tags: where two taggers
        give a theme the same digest, they tag it alike."""
        return dict(self._theme_digests)

    def places_half_with(self, spellings: Mapping[str, Iterable[str]]) -> str:
        """The places half of the version (as version_halves gives it) of this tagger with
        other extra spellings: a retag tells from it which spellings an item was tagged
        with."""
        digest = spelled_digest(self._base_digest, spellings)
        hashed = version_part("\x00".join([digest, *self._place_files]))
        return f"{RULES_VERSION}.{hashed}"

    def tag(self, title: str, body: str = "", *, explain: bool = False) -> TagResult:
        """Places and themes of one item.

        Evidence offsets point into the title and body as given, once control characters
        are stripped and the text is NFC (which is how storage keeps them). With `explain`,
        the result also holds the candidates rejected on the way (what --explain shows).
        """
        fields = self.fields(title, body)
        places, rejected = self._places(fields, explain)
        # The language shows in the first few hundred characters; do not copy a long body.
        lang = detect_lang("\n".join(field.text.original[:_LANG_SAMPLE] for field in fields))
        themes = self._themes.score(fields)
        return _make_result(lang, places, themes, self.version, rejected)

    def fields(self, title: str, body: str = "") -> list[FieldText]:
        """An item's non-empty fields, cleaned and folded: what places_of() and
        themes_of() read, so that a retag doing both folds the text once."""
        return _fields(title, body)

    def places_of(self, fields: list[FieldText]) -> tuple[PlaceTag, ...]:
        """The places tag() would give for these fields."""
        return self._places(fields, explain=False)[0]

    def themes_of(
        self, fields: list[FieldText], only: Iterable[str] | None = None
    ) -> tuple[ThemeTag, ...]:
        """The themes tag() would give for these fields; with `only`, just those of the
        themes named (ids not in the taxonomy are left out)."""
        if only is None:
            return self._themes.score(fields)
        return self._subset_scorer(frozenset(only)).score(fields)

    def _subset_scorer(self, ids: frozenset[str]) -> ThemeScorer:
        scorer = self._subset_scorers.get(ids)
        if scorer is None:
            if len(self._subset_scorers) >= _SUBSET_SCORERS:
                self._subset_scorers.clear()
            # Themes score independently of each other: a subset scores its themes alike.
            scorer = ThemeScorer(t for t in self._themes.themes if t.id in ids)
            self._subset_scorers[ids] = scorer
        return scorer

    def _places(
        self, fields: list[FieldText], explain: bool
    ) -> tuple[tuple[PlaceTag, ...], tuple[Evidence, ...]]:
        """The places of some fields, and (if `explain`) the candidates rejected on the way."""
        regions: list[RegionName] = []
        scans: list[FieldScan] = []
        for field in fields:
            known = field.words & self._place_words
            # Most fields name no region: the few known words say so without a search.
            triggers = not known.isdisjoint(self.regions.trigger_words)
            found = self.regions.find(field) if triggers else []
            scans.append(self._finder.scan(field, [(r.start, r.end) for r in found], known))
            for region in found:
                start, end = field.text.span(region.start, region.end)
                regions.append(RegionName(region.field, start, end, region.oblast, region.raion))
        settle(scans, self.contexts.connectors)
        mentions: list[Mention] = []
        rejected: list[Evidence] = []
        for scan in scans:
            span = scan.text.span
            for candidate in scan.candidates:
                if candidate.accepted:
                    start, end = span(candidate.start, candidate.end)
                    mentions.append(Mention(scan.field, start, end, candidate))
                elif explain:
                    start, end = span(candidate.start, candidate.end)
                    rejected.append(Evidence(scan.field, start, end, candidate.key, candidate.rule))
        places = self._resolver.resolve(mentions, regions) if mentions else []
        return tuple(places), tuple(rejected)


def _fields(title: str, body: str) -> list[FieldText]:
    """The non-empty fields of an item, cleaned and folded for matching."""
    fields: list[FieldText] = []
    for name, raw in (("title", title), ("body", body)):
        if raw is not None and not isinstance(raw, str):
            raise TypeError(f"{name} must be a string, not {type(raw).__name__}")
        text = _clean(raw)
        if text:
            fields.append(FieldText(name, KeyText(text)))
    return fields


def _file_text(name: str) -> str:
    """A packaged data file's text, for versions ("" when there is none)."""
    path = data_path(name)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def theme_version(themes: Iterable[Theme]) -> tuple[str, dict[str, str]]:
    """The themes half of the version of a tagger with these themes (as version_halves
    gives it), and the theme digests it stands for (see theme_digests): a retag compares
    the digests to tell which themes changed."""
    digests = theme_digests(themes)
    return f"{RULES_VERSION}.{themes_digest(digests)}", digests


def joined_halves(places_half: str, themes_half: str) -> str:
    """The tagger version of two halves with the same rules (what version_halves splits)."""
    rules, _, themes = themes_half.partition(".")
    assert places_half.startswith(rules + "."), "halves of different rules"
    return f"{places_half}.{themes}"


def version_halves(version: str | None) -> tuple[str, str] | None:
    """The (places, themes) halves of a tagger version, each with the rules version; None
    for a version from before the halves (or none)."""
    parts = (version or "").split(".")
    if len(parts) != 3:
        return None
    rules, places, themes = parts
    return f"{rules}.{places}", f"{rules}.{themes}"


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """A tagger with the packaged gazetteer and taxonomy (cached)."""
    return Tagger()

"""The tagger: one item's title and body in, its places and themes (with evidence) out."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache

from tagging.candidates import FieldScan, settle
from tagging.context import Contexts, load_contexts
from tagging.datafiles import content_hash, data_path
from tagging.disambiguate import Mention, Resolver
from tagging.gazetteer import Gazetteer, load_gazetteer
from tagging.lang import detect_lang
from tagging.places import PlaceFinder
from tagging.records import maker
from tagging.regions import RegionName
from tagging.scan import FieldText
from tagging.text import strip_controls
from tagging.themes import Theme, ThemeScorer, extend_themes, load_themes
from tagging.tokenise import KeyText
from tagging.types import Evidence, TagResult, ThemeTag

# Bump when the rules in this package change what they tag; data changes are hashed in.
RULES_VERSION = "2"
_LANG_SAMPLE = 400
# The data files each half of the tagger reads, hashed into that half's version.
_PLACE_FILES = ("regions.toml", "contexts.toml", "common_words.txt")
_HASH_SIZE = 8
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
        if extra_places:
            gazetteer = gazetteer.with_spellings(extra_places)
        theme_list = list(themes) if themes is not None else list(load_themes())
        if extra_themes:
            theme_list = extend_themes(theme_list, extra_themes)
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
        places = _data_hash([self.gazetteer.digest], _PLACE_FILES)
        cues = repr([(t.id, [c.source for c in t.cues]) for t in theme_list])
        theme_files = ("themes.toml",) if themes is None else ()
        # Two halves, so a retag after a theme change need not find places again.
        self.version = f"{RULES_VERSION}.{places}.{_data_hash([cues], theme_files)}"

    @property
    def themes(self) -> tuple[Theme, ...]:
        """The taxonomy in use, packaged themes first."""
        return self._themes.themes

    def tag(self, title: str, body: str = "") -> TagResult:
        """Places and themes of one item.

        Evidence offsets point into the title and body as given, once control characters
        are stripped and the text is NFC (which is how storage keeps them).
        """
        fields = _fields(title, body)
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
                regions.append(replace(region, start=start, end=end))
        settle(scans, self.contexts.connectors)
        mentions: list[Mention] = []
        rejected: list[Evidence] = []
        for scan in scans:
            span = scan.text.span
            for candidate in scan.candidates:
                start, end = span(candidate.start, candidate.end)
                if candidate.accepted:
                    mentions.append(Mention(scan.field, start, end, candidate))
                else:
                    rejected.append(Evidence(scan.field, start, end, candidate.key, candidate.rule))
        places = self._resolver.resolve(mentions, regions) if mentions else []
        # The language shows in the first few hundred characters; do not copy a long body.
        lang = detect_lang("\n".join(field.text.original[:_LANG_SAMPLE] for field in fields))
        themes = self._themes.score(fields)
        return _make_result(lang, tuple(places), themes, self.version, tuple(rejected))

    def tag_themes(self, title: str, body: str = "") -> tuple[ThemeTag, ...]:
        """The themes of one item alone: what tag() gives as `themes`, at a fraction of
        its cost (for a retag after only the themes changed)."""
        return self._themes.score(_fields(title, body))


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


def _data_hash(parts: list[str], files: Iterable[str]) -> str:
    """A short hash of some data and the packaged data files named."""
    for name in files:
        path = data_path(name)
        parts.append(path.read_text(encoding="utf-8") if path.exists() else "")
    return content_hash("\x00".join(parts))[:_HASH_SIZE]


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

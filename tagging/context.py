"""Word lists that decide whether a name names a settlement: cues, negatives, homonyms."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

from tagging.datafiles import data_path
from tagging.forms import cyrillic_forms
from tagging.tokenise import key_of

# Names this short are ordinary words too often (Гай, Рай, Мир, Луч) to trust on sight.
SHORT_NAME = 4


class ContextError(ValueError):
    """A context data file is missing or malformed."""


class Ambiguity(IntEnum):
    """How much evidence a spelling needs beyond itself."""

    NONE = 0
    COMMON = 1  # an ordinary word too: a capital mid-sentence suffices
    PROPER = 2  # a name of something else too: needs a cue or a neighbouring place


@dataclass(frozen=True, slots=True)
class Contexts:
    """The context word lists, folded."""

    settlement_cues: frozenset[str]
    settlement_nouns: frozenset[str]
    sector_nouns: frozenset[str]
    connectors: frozenset[str]
    not_before: frozenset[str]
    not_after: frozenset[str]
    river_words: frozenset[str]
    water_places: frozenset[str]
    water_words: frozenset[str]
    verb_endings: tuple[str, ...]
    common_forms: frozenset[str]
    proper_forms: frozenset[str]

    def ambiguity(self, key: str, *, small_places: bool = True) -> Ambiguity:
        """How ambiguous a folded spelling is on its own.

        Args:
            key: the folded spelling.
            small_places: whether it names only villages and settlements; a short name is
                suspect then (Гай, Рай), but not when it is a town's (Kyiv, Sumy).
        """
        if key in self.proper_forms:
            return Ambiguity.PROPER
        if key in self.common_forms:
            return Ambiguity.COMMON
        if small_places and len(key) <= SHORT_NAME and " " not in key:
            return Ambiguity.COMMON
        return Ambiguity.NONE


def _words(section: object) -> set[str]:
    """All folded entries of a section: a list, or a table of lists."""
    if isinstance(section, dict):
        return set().union(*(_words(value) for value in section.values())) if section else set()
    if isinstance(section, list):
        return {key_of(str(entry)) for entry in section if key_of(str(entry))}
    return set()


def parse_word_lists(text: str) -> dict[str, set[str]]:
    """Sections of a common-words file: `[name]` headers, one entry a line, # comments.

    An entry is declined into all its case forms unless it starts with "=".
    """
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("common", set())
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), set())
        else:
            current.add(line)
    return sections


def _expand(entries: set[str]) -> frozenset[str]:
    """Entries with their Cyrillic case forms; "=word" and Latin entries stay as they are."""
    out: set[str] = set()
    for entry in entries:
        exact = entry.startswith("=")
        out.add(key_of(entry.lstrip("=")))
        if not exact:
            out |= cyrillic_forms(entry)
    return frozenset(out)


def build_contexts(contexts: dict, word_lists: dict[str, set[str]]) -> Contexts:
    """Contexts from parsed contexts.toml data and common-words sections."""
    water = contexts.get("water", {})
    return Contexts(
        settlement_cues=frozenset(_words(contexts.get("settlement_cues", {}))),
        settlement_nouns=frozenset(_words(contexts.get("settlement_nouns", {}))),
        sector_nouns=frozenset(_words(contexts.get("sector_nouns", {}))),
        connectors=frozenset(_words(contexts.get("connectors", {}))),
        not_before=frozenset(_words(contexts.get("not_before", {}))),
        not_after=frozenset(_words(contexts.get("not_after", {}))),
        river_words=frozenset(
            _words(contexts.get("not_before", {}).get("rivers", []))
            | _words(contexts.get("not_after", {}).get("rivers", []))
        ),
        water_places=frozenset(_words(water.get("places", []))),
        water_words=frozenset(_words(water.get("words", []))),
        verb_endings=tuple(contexts.get("person", {}).get("verb_endings", [])),
        common_forms=_expand(word_lists.get("common", set())),
        proper_forms=_expand(word_lists.get("proper", set())),
    )


def read_contexts(contexts_path: Path, words_path: Path) -> Contexts:
    """Load contexts.toml and common_words.txt; raises ContextError with one line."""
    try:
        data = tomllib.loads(contexts_path.read_text(encoding="utf-8"))
        lists = parse_word_lists(words_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContextError(f"cannot read tagger context data: {exc}") from None
    return build_contexts(data, lists)


@lru_cache(maxsize=1)
def load_contexts() -> Contexts:
    """The packaged context lists (cached)."""
    return read_contexts(data_path("contexts.toml"), data_path("common_words.txt"))

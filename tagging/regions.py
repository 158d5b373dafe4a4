"""Oblasts and raions: finding them named in a text, and their prior weights."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from tagging.datafiles import data_path
from tagging.forms import adjective_stem_candidates, cyrillic_forms, language_of
from tagging.scan import FieldText, chain_before
from tagging.tokenise import key_words
from tagging.translit import latin_ru, latin_uk


class RegionsError(ValueError):
    """regions.toml is missing or malformed."""


@dataclass(frozen=True, slots=True)
class RegionName:
    """An oblast or raion named in a field, and where (start/end)."""

    field: str
    start: int
    end: int
    oblast: str
    raion: str = ""  # empty when the oblast itself is named


@dataclass(frozen=True, slots=True)
class Regions:
    """What regions.toml says: region words, stems, one-word region names and priors."""

    oblast_words: frozenset[str]
    raion_words: frozenset[str]
    oblast_stems: dict[str, tuple[str, ...]]
    raion_stems: dict[str, tuple[tuple[str, str], ...]]
    oblast_nouns: dict[str, str]
    kind_prior: dict[str, float]
    oblast_prior: dict[str, float]
    raion_prior: dict[tuple[str, str], float]

    trigger_words: frozenset[str] = frozenset()  # oblast/raion words and one-word names

    def __post_init__(self) -> None:
        triggers = self.oblast_words | self.raion_words | frozenset(self.oblast_nouns)
        object.__setattr__(self, "trigger_words", triggers)

    def find(self, field: FieldText) -> list[RegionName]:
        """The regions named in a field, with spans in its folded text."""
        key = field.key
        found: list[RegionName] = []
        for word in field.words & self.trigger_words:
            for start, end in field.spans(word):
                if word in self.oblast_nouns:
                    found.append(RegionName(field.name, start, end, self.oblast_nouns[word]))
                    continue
                if word in self.oblast_words:
                    named = chain_before(key, start, partial(_stem_lookup, self.oblast_stems))
                    found += [
                        RegionName(field.name, w.start, end, oblast)
                        for w, names in named
                        for oblast in names
                    ]
                else:
                    named = chain_before(key, start, partial(_stem_lookup, self.raion_stems))
                    found += [
                        RegionName(field.name, w.start, end, oblast, raion)
                        for w, names in named
                        for oblast, raion in names
                    ]
        return found


def _stem_lookup(table: dict[str, tuple], word: str) -> tuple | None:
    return next((table[s] for s in adjective_stem_candidates(word) if s in table), None)


def _latin_spellings(stem: str) -> set[str]:
    lang = language_of([stem])
    if lang == "lat":
        return {stem}
    return set(latin_uk(stem) if lang == "uk" else latin_ru(stem)) | {stem}


def _parse(data: dict) -> Regions:
    words = data.get("words", {})
    oblast_stems: dict[str, list[str]] = defaultdict(list)
    raion_stems: dict[str, list[tuple[str, str]]] = defaultdict(list)
    oblast_nouns: dict[str, str] = {}
    oblast_prior: dict[str, float] = {}
    raion_prior: dict[tuple[str, str], float] = {}
    for name, spec in data.get("oblast", {}).items():
        oblast_prior[name] = float(spec.get("prior", 0.0))
        for stem in spec.get("stems", []):
            for spelling in _latin_spellings(" ".join(key_words(stem))):
                oblast_stems[spelling].append(name)
        for noun in spec.get("nouns", []):
            for form in cyrillic_forms(noun):
                oblast_nouns[form] = name
    for name, spec in data.get("raion", {}).items():
        key = (str(spec["oblast"]), name)
        raion_prior[key] = float(spec.get("prior", 0.0))
        latin = name.lower()
        spellings = {latin, latin.removesuffix("yi"), latin.removesuffix("i")}
        for stem in spec.get("stems", []):
            spellings |= _latin_spellings(" ".join(key_words(stem)))
        for spelling in spellings:
            raion_stems[spelling].append(key)
    return Regions(
        oblast_words=frozenset(" ".join(key_words(w)) for w in words.get("oblast", [])),
        raion_words=frozenset(" ".join(key_words(w)) for w in words.get("raion", [])),
        oblast_stems={k: tuple(dict.fromkeys(v)) for k, v in oblast_stems.items()},
        raion_stems={k: tuple(dict.fromkeys(v)) for k, v in raion_stems.items()},
        oblast_nouns=oblast_nouns,
        kind_prior={k: float(v) for k, v in data.get("kinds", {}).items()},
        oblast_prior=oblast_prior,
        raion_prior=raion_prior,
    )


def read_regions(path: Path) -> Regions:
    """Load a regions file; raises RegionsError with a one-line message."""
    try:
        return _parse(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
        raise RegionsError(f"cannot read regions file {path.name}: {exc}") from None


@lru_cache(maxsize=1)
def load_regions() -> Regions:
    """The packaged regions table (cached)."""
    return read_regions(data_path("regions.toml"))

"""Every spelling a place can appear under: case forms, Latin spellings, adjective stems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tagging import morph_ru, morph_uk
from tagging.morph import name_forms
from tagging.tokenise import key_words
from tagging.translit import latin_ru, latin_uk

_UK_ONLY = re.compile("[іїєґ]")
_RU_ONLY = re.compile("[ыэъ]")
_CYRILLIC = re.compile("[а-яіїєґ]")


# Endings that give a Cyrillic name's language away when its letters do not.
_UK_ENDINGS = ("ськ", "цьк", "ське", "цьке", "не", "ве", "ле", "ий")
_RU_ENDINGS = ("ск", "цк", "ое", "ый", "ая", "ово", "ево", "ино", "ье")


def language_of(words: list[str]) -> str:
    """ "uk", "ru", "cyr" (Cyrillic, either) or "lat" for a folded spelling."""
    text = " ".join(words)
    if not _CYRILLIC.search(text):
        return "lat"
    if _UK_ONLY.search(text):
        return "uk"
    if _RU_ONLY.search(text):
        return "ru"
    if any(word.endswith(_UK_ENDINGS) for word in words):
        return "uk"
    if any(word.endswith(_RU_ENDINGS) for word in words):
        return "ru"
    return "cyr"


def latin_forms(words: list[str]) -> set[str]:
    """A Latin spelling and its English possessive ("Pokrovsk's" folds to "pokrovsks")."""
    if not words:
        return set()
    base = " ".join(words)
    return {base, base + "s"} if not base.endswith("s") else {base}


def _transliterations(words: list[str], lang: str) -> set[str]:
    spell = latin_uk if lang == "uk" else latin_ru
    options: list[set[str]] = [spell(word) for word in words]
    out: set[str] = {""}
    for opts in options:
        out = {f"{prefix} {opt}".strip() for prefix in out for opt in opts}
    return out


def _languages(lang: str) -> tuple[str, ...]:
    return ("uk", "ru") if lang == "cyr" else (lang,)


def spelling_forms(spelling: str, lang: str | None = None) -> set[str]:
    """Every key a spelling appears under: its case forms and, for Cyrillic, Latin spellings.

    Args:
        spelling: the name as written, any script.
        lang: "uk" or "ru" to force the declension; guessed from the letters otherwise.
    """
    words = key_words(spelling)
    if not words:
        return set()
    lang = lang or language_of(words)
    if lang == "lat":
        return latin_forms(words)
    out: set[str] = set()
    for language in _languages(lang):
        decliner = morph_uk.declensions if language == "uk" else morph_ru.declensions
        out |= name_forms(words, decliner)
        for latin in _transliterations(words, language):
            out |= latin_forms(latin.split())
    return out


def cyrillic_forms(spelling: str) -> set[str]:
    """The case forms of a Cyrillic spelling in its own script only (no Latin spellings)."""
    words = key_words(spelling)
    lang = language_of(words) if words else "lat"
    if lang == "lat":
        return {" ".join(words)} if words else set()
    out: set[str] = set()
    for language in _languages(lang):
        decliner = morph_uk.declensions if language == "uk" else morph_ru.declensions
        out |= name_forms(words, decliner)
    return out


# Adjectives derived from a place name (Покровськ → покровський напрямок) are matched by
# stripping an adjective ending and looking the stem up, so only stems are stored.
_UK_IRREGULAR = {"запоріжжя": "запорізьк", "суми": "сумськ", "одеса": "одеськ"}
_RU_IRREGULAR = {"днепр": "днепровск", "москва": "московск", "сумы": "сумск"}
UK_ADJECTIVE_ENDINGS = (
    "ого", "ому", "ій", "ий", "им", "ім", "ої", "ою", "ої", "их", "ими", "а", "у", "е", "і",
    "о", "я", "ю", "є",
)  # fmt: skip
RU_ADJECTIVE_ENDINGS = (
    "ого", "ому", "ими", "ыми", "ий", "ый", "ой", "им", "ым", "ом", "ая", "ую", "ое", "ые",
    "ие", "их", "ых", "ей", "ее", "о",
)  # fmt: skip
LATIN_ADJECTIVE_ENDINGS = (
    "oye", "aya", "iye", "yi", "yy", "iy", "ii", "ij", "oe", "y", "i", "e", "a", "o",
)  # fmt: skip


def _uk_stem(word: str) -> set[str]:
    w = word
    if w in _UK_IRREGULAR:
        return {_UK_IRREGULAR[w]}
    for ending in ("ськ", "цьк"):
        for tail in ("", "е", "а", "ий"):
            if w.endswith(ending + tail):
                return {w[: len(w) - len(tail)]}
    if w.endswith("вка"):
        return {w[:-2] + "ськ"}
    if w.endswith("ка"):
        return {w[:-2] + "ськ", w[:-1] + "івськ"}
    if w.endswith(("ове", "еве")):
        return {w[:-3] + "івськ"}
    if w.endswith("єве"):
        return {w[:-3] + "ївськ"}
    if w.endswith(("ине", "іне")):
        return {w[:-1] + "ськ"}
    if w.endswith("поле"):
        return {w[:-4] + "пільськ"}
    if w.endswith("не"):
        return {w[:-1] + "енськ"}
    if w.endswith("ія"):
        return {w[:-1] + "йськ"}
    if w.endswith("я") and len(w) > 3 and w[-2] == w[-3]:
        return {w[:-2] + "ьськ"}
    if w.endswith("ха"):
        return {w[:-2] + "ськ"}
    if w.endswith(("а", "я")):
        return {w[:-1] + "ськ"}
    if w.endswith("о"):
        return {w + "вськ", w[:-1] + "івськ"}
    if w.endswith(("и", "і")):
        return {w[:-1] + "івськ"}
    if w.endswith(("е", "є", "ий", "ій")):
        return set()
    return {w + "ськ"}


def _ru_stem(word: str) -> set[str]:
    w = word
    if w in _RU_IRREGULAR:
        return {_RU_IRREGULAR[w]}
    for ending in ("ск", "цк"):
        for tail in ("", "ое", "ая", "ий"):
            if w.endswith(ending + tail):
                return {w[: len(w) - len(tail)]}
    if w.endswith(("овка", "евка")):
        return {w[:-2] + "ск"}
    if w.endswith("ка"):
        return {w[:-2] + "ск", w[:-1] + "овск"}
    if w.endswith(("ово", "ево", "ино", "ыно")):
        return {w[:-1] + "ск"}
    if w.endswith("поле"):
        return {w[:-4] + "польск"}
    if w.endswith("ье"):
        return {w[:-2] + "ьск", w[:-2] + "ск"}
    if w.endswith(("ое", "ее")):
        return {w[:-2] + "енск"}
    if w.endswith("ия"):
        return {w[:-1] + "йск"}
    if w.endswith(("а", "я")):
        return {w[:-1] + "ск"}
    if w.endswith("о"):
        return {w + "вск"}
    if w.endswith("ь"):
        return {w[:-1] + "ьск"}
    if w.endswith(("ы", "и", "е", "ый", "ий", "ой")):
        return set()
    return {w + "ск"}


_UK_ADJ_PREFIX = (("ий", ""), ("ій", ""), ("ів", "ов"), ("їв", "єв"), ("а", ""), ("е", ""))
_RU_ADJ_PREFIX = (("ый", ""), ("ий", ""), ("ой", ""), ("ов", "ов"), ("ая", ""), ("ое", ""))


def compound_stems(words: list[str], lang: str) -> set[str]:
    """Stems of the adjective of a name: Часів Яр → часовоярськ, Красный Лиман → краснолиманск."""
    stem_of = _uk_stem if lang == "uk" else _ru_stem
    last = stem_of(words[-1])
    if len(words) == 1:
        return last
    if len(words) != 2:
        return set()
    first = words[0]
    for ending, replacement in _UK_ADJ_PREFIX if lang == "uk" else _RU_ADJ_PREFIX:
        if first.endswith(ending):
            prefix = first[: len(first) - len(ending)] + replacement + "о"
            return {prefix + stem for stem in last}
    return set()


def adjective_stems(spelling: str, lang: str | None = None) -> set[str]:
    """Stems of the adjectives made from a name, in its script and in Latin letters."""
    words = key_words(spelling)
    if not words:
        return set()
    lang = lang or language_of(words)
    if lang == "lat":
        return {" ".join(words)}
    out: set[str] = set()
    for language in _languages(lang):
        stems = compound_stems(words, language)
        out |= stems
        spell = latin_uk if language == "uk" else latin_ru
        for stem in stems:
            out |= spell(stem)
    return out


def adjective_stem_candidates(word: str) -> Iterable[str]:
    """Stems a folded adjective could come from, for lookup among adjective stems."""
    if _CYRILLIC.search(word):
        endings = UK_ADJECTIVE_ENDINGS + RU_ADJECTIVE_ENDINGS
    else:
        endings = LATIN_ADJECTIVE_ENDINGS
    seen = set()
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if stem not in seen:
                seen.add(stem)
                yield stem
    yield word


@dataclass(frozen=True, slots=True)
class PlaceForms:
    """The keys one place is found under, split by how much they prove."""

    current: frozenset[str]  # current names, alternative spellings, their case forms
    former: frozenset[str]  # former names and their forms
    adjective_stems: frozenset[str]


def place_forms(
    name: str, name_uk: str, name_ru: str, alt_names: Iterable[str], former_names: Iterable[str]
) -> PlaceForms:
    """All keys for one gazetteer place."""
    current = spelling_forms(name, "lat")
    current |= spelling_forms(name_uk, "uk") if name_uk else set()
    current |= spelling_forms(name_ru, "ru") if name_ru else set()
    stems = set()
    if name_uk:
        stems |= adjective_stems(name_uk, "uk")
    if name_ru:
        stems |= adjective_stems(name_ru, "ru")
    for alt in alt_names:
        current |= spelling_forms(alt)
    former: set[str] = set()
    for old in former_names:
        former |= spelling_forms(old)
        if language_of(key_words(old)) != "lat":
            stems |= adjective_stems(old)
    former -= current
    return PlaceForms(frozenset(current), frozenset(former), frozenset(stems))

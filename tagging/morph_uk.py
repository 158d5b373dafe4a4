"""Ukrainian declension of place-name words (folded, lower-case) into their case forms."""

from __future__ import annotations

import re
from functools import lru_cache

from tagging.morph import Cases, Pattern, decline, merge

_VOWELS = "аеєиіїоуюя"
_PALATAL = {"к": "ц", "г": "з", "х": "с"}
_SIBILANT = tuple("жчшщ")
# "і" in a final closed syllable turns to "о"/"е" in the oblique cases: Харків → Харкова.
_FINAL_I = re.compile(r"і([^аеєиіїоуюяь'])$")
_FINAL_YI = re.compile(r"їв$")
_DOUBLE_CONSONANT_YA = re.compile(r"(жж|лл|чч|сс|зз|нн|тт|дд|цц|рр|шш)я$")
_ADJ_FEMININE = ("ська", "цька", "ата", "ята", "ова", "ева", "єва", "на")
_NEUTER_NOUNS_IN_E = ("поле", "море", "ище")

# Patterns: (nom, gen, dat, acc, ins, loc).
_ADJ_HARD = ("", "ого", "ому", "=", "им", "ому|ім")
_ADJ_SOFT = ("", "ього", "ьому", "=", "ім", "ьому|ім")
_ADJ_FEM = ("", "ої", "ій", "у", "ою", "ій")
_ADJ_FEM_SOFT = ("", "ьої", "ій", "ю", "ьою", "ій")
_ADJ_NEUTER = ("", "ого", "ому", "=", "им", "ому|ім")
_ADJ_NEUTER_SOFT = ("", "ього", "ьому", "=", "ім", "ьому|ім")
_ADJ_PLURAL = ("", "их", "им", "=", "ими", "их")
_NOUN_FEM = ("", "и", "*і", "у", "ою", "*і")
_NOUN_FEM_SIBILANT = ("", "і", "і", "у", "ею", "і")
_NOUN_FEM_SOFT = ("", "і", "і", "ю", "ею", "і")
_NOUN_FEM_IYA = ("", "ї", "ї", "ю", "єю", "ї")
_NOUN_NEUTER_YA = ("", "я", "ю", "=", "ям", "і")
_NOUN_NEUTER_E = ("", "я", "ю", "=", "ем", "і")
_NOUN_NEUTER_O = ("", "а", "у|ові", "=", "ом", "*і|у|ові")
_NOUN_PLURAL_Y = ("", "ів", "ам", "=", "ами", "ах")
_NOUN_PLURAL_I = ("", "ів|ей", "ям|ам", "=", "ями|ами", "ях|ах")
_NOUN_SOFT = ("", "я", "ю|еві", "=", "ем", "і|ю")
_NOUN_J = ("", "я|ю", "ю|єві", "=", "єм", "ї|ю")
_NOUN_HARD = ("", "а|у", "у|ові", "=", "ом", "*і|у|ові")
_NOUN_HARD_K = ("", "а|у", "у|ові", "=", "ом", "у|ові")
_NOUN_HARD_SIBILANT = ("", "а|у", "у|еві", "=", "ем", "і|у|еві")


def _palatalise(stem: str) -> str:
    if stem and stem[-1] in _PALATAL:
        return stem[:-1] + _PALATAL[stem[-1]]
    return stem


def _oblique_stems(stem: str) -> tuple[str, ...]:
    """The stem plus its form with the final-syllable і/ї alternation undone."""
    alt = _FINAL_YI.sub("єв", stem) if stem.endswith("їв") else _FINAL_I.sub(r"о\1", stem)
    return (stem, alt) if alt != stem else (stem,)


def _declension(word: str, stems: tuple[str, ...] | str, pattern: Pattern) -> Cases:
    stems = (stems,) if isinstance(stems, str) else stems
    return decline(word, stems, pattern, _palatalise)


@lru_cache(maxsize=65536)
def declensions(word: str, last: bool = True) -> Cases:
    """Case forms of one word of a Ukrainian place name.

    Args:
        word: the folded word (lower-case, apostrophes removed).
        last: whether it is the name's last word; earlier words are usually adjectives
            agreeing with it (Часів Яр, Велика Новосілка).
    """
    w = word
    if len(w) < 2:
        return _declension(w, w, ("",) * 6)
    if not last and w.endswith(("ів", "їв", "ин", "ов")):
        stem = w[:-2] + {"ів": "ов", "їв": "єв"}.get(w[-2:], w[-2:])
        return _declension(w, stem, _ADJ_HARD)
    if w.endswith("ий"):
        return _declension(w, w[:-2], _ADJ_HARD)
    if w.endswith("ій"):
        return _declension(w, w[:-2], _ADJ_SOFT)
    if w.endswith(("і", "и")) and not last:
        return _declension(w, w[:-1], _ADJ_PLURAL)
    if w.endswith("а") and (not last or w.endswith(_ADJ_FEMININE)):
        adjective = _declension(w, w[:-1], _ADJ_FEM)
        if not last or w.endswith(("ська", "цька")):
            return adjective
        return merge(adjective, _declension(w, w[:-1], _NOUN_FEM))
    if w.endswith("я") and not last and w[-2] not in _VOWELS:
        return _declension(w, w[:-1], _ADJ_FEM_SOFT)
    if w.endswith(_NEUTER_NOUNS_IN_E):
        return _declension(w, w[:-1], _NOUN_NEUTER_E)
    if w.endswith("е"):
        return _declension(w, w[:-1], _ADJ_NEUTER)
    if w.endswith("є"):
        return _declension(w, w[:-1], _ADJ_NEUTER_SOFT)
    if _DOUBLE_CONSONANT_YA.search(w):
        return _declension(w, w[:-1], _NOUN_NEUTER_YA)
    if w.endswith("ія"):
        return _declension(w, w[:-1], _NOUN_FEM_IYA)
    if w.endswith("я"):
        return _declension(w, w[:-1], _NOUN_FEM_SOFT)
    if w.endswith("а"):
        pattern = _NOUN_FEM_SIBILANT if w[-2] in _SIBILANT else _NOUN_FEM
        return _declension(w, w[:-1], pattern)
    if w.endswith("о"):
        return _declension(w, w[:-1], _NOUN_NEUTER_O)
    if w.endswith("и"):
        return _declension(w, w[:-1], _NOUN_PLURAL_Y)
    if w.endswith("і"):
        return _declension(w, w[:-1], _NOUN_PLURAL_I)
    if w.endswith("ь"):
        return _declension(w, _oblique_stems(w[:-1]), _NOUN_SOFT)
    if w.endswith("й") and w[-2] in _VOWELS:
        return _declension(w, w[:-1], _NOUN_J)
    if w[-1] not in _VOWELS:
        stems = _oblique_stems(w)
        if w.endswith(_SIBILANT) or w.endswith("ц"):
            return _declension(w, stems, _NOUN_HARD_SIBILANT)
        if w.endswith("к"):
            return _declension(w, stems, _NOUN_HARD_K)
        return _declension(w, stems, _NOUN_HARD)
    return _declension(w, w, ("",) * 6)

"""Russian declension of place-name words (folded, lower-case, ё as е) into their case forms."""

from __future__ import annotations

import re
from functools import lru_cache

from tagging.morph import Cases, Pattern, decline, indeclinable, merge

_VOWELS = "аеиоуыэюя"
_VELAR_SIBILANT = tuple("гкхжшчщ")
_SIBILANT = tuple("жшчщц")
_ADJ_FEMININE = ("ская", "цкая", "ая", "яя")
# Towns in -ино/-ово/-ево are left undeclined in current usage ("из Гришино") but their
# declined forms (Гришина, Гришине) still fill older and Ukrainian-edited texts.
_POSSESSIVE_NEUTER = re.compile(r"(ин|ын|ов|ев)о$")
_NEUTER_NOUNS_IN_E = ("поле", "море", "ще")

# Patterns: (nom, gen, dat, acc, ins, prep).
_ADJ_HARD = ("", "ого", "ому", "=", "ым", "ом")
_ADJ_VELAR = ("", "ого", "ому", "=", "им", "ом")
_ADJ_SOFT = ("", "его|ого", "ему|ому", "=", "им", "ем|ом")
_ADJ_FEM = ("", "ой", "ой", "ую", "ой|ою", "ой")
_ADJ_FEM_SOFT = ("", "ей", "ей", "юю", "ей|ею", "ей")
_ADJ_NEUTER = ("", "ого", "ому", "=", "ым", "ом")
_ADJ_NEUTER_VELAR = ("", "ого", "ому", "=", "им", "ом")
_ADJ_NEUTER_SOFT = ("", "его", "ему", "=", "им", "ем")
_ADJ_PLURAL = ("", "ых", "ым", "=", "ыми", "ых")
_ADJ_PLURAL_SOFT = ("", "их", "им", "=", "ими", "их")
_POSSESSIVE = ("", "а", "у", "=", "ым|ом", "е")
_POSSESSIVE_PREFIX = ("", "а", "у", "=", "ым", "ом")
_NOUN_NEUTER_YE = ("", "ья", "ью", "=", "ьем", "ье")
_NOUN_NEUTER_IE = ("", "ия", "ию", "=", "ием", "ии")
_NOUN_NEUTER_E = ("", "я", "ю", "=", "ем", "е")
_NOUN_NEUTER_O = ("", "а", "у", "=", "ом", "е")
_NOUN_FEM_IYA = ("", "ии", "ии", "ию", "ией", "ии")
_NOUN_FEM_SOFT = ("", "и", "е", "ю", "ей|ею", "е")
_NOUN_FEM = ("", "ы", "е", "у", "ой|ою", "е")
_NOUN_FEM_VELAR = ("", "и", "е", "у", "ой|ою", "е")
_NOUN_FEM_SIBILANT = ("", "и", "е", "у", "ей|ой", "е")
_NOUN_PLURAL = ("", "ов|ей", "ам", "=", "ами", "ах")
_NOUN_PLURAL_SOFT = ("", "ей|ов", "ям|ам", "=", "ями|ами", "ях|ах")
_NOUN_SOFT = ("", "я", "ю", "=", "ем", "е")
_NOUN_HARD = ("", "а|у", "у", "=", "ом", "е|у")
_NOUN_HARD_SIBILANT = ("", "а", "у", "=", "ем|ом", "е")


def _declension(word: str, stem: str, pattern: Pattern) -> Cases:
    return decline(word, (stem,), pattern)


@lru_cache(maxsize=65536)
def declensions(word: str, last: bool = True) -> Cases:
    """Case forms of one word of a Russian place name.

    Args:
        word: the folded word (lower-case, ё as е).
        last: whether it is the name's last word; earlier words are usually adjectives
            agreeing with it (Часов Яр, Красный Лиман).
    """
    w = word
    if len(w) < 2:
        return indeclinable(w)
    if not last and w.endswith(("ов", "ев", "ин")):
        return _declension(w, w, _POSSESSIVE_PREFIX)
    if w.endswith(("ый", "ой")):
        return _declension(w, w[:-2], _ADJ_HARD)
    if w.endswith("ий"):
        pattern = _ADJ_VELAR if w[:-2].endswith(_VELAR_SIBILANT[:3]) else _ADJ_SOFT
        return _declension(w, w[:-2], pattern)
    if w.endswith(_ADJ_FEMININE):
        pattern = _ADJ_FEM_SOFT if w.endswith("яя") else _ADJ_FEM
        return _declension(w, w[:-2], pattern)
    if w.endswith("ые"):
        return _declension(w, w[:-2], _ADJ_PLURAL)
    if w.endswith("ие") and not last:
        return _declension(w, w[:-2], _ADJ_PLURAL_SOFT)
    if w.endswith("ое"):
        pattern = _ADJ_NEUTER_VELAR if w[:-2].endswith(_VELAR_SIBILANT) else _ADJ_NEUTER
        return _declension(w, w[:-2], pattern)
    if w.endswith("ее"):
        return _declension(w, w[:-2], _ADJ_NEUTER_SOFT)
    if _POSSESSIVE_NEUTER.search(w):
        return merge(indeclinable(w), _declension(w, w[:-1], _POSSESSIVE))
    if w.endswith("ье"):
        return _declension(w, w[:-2], _NOUN_NEUTER_YE)
    if w.endswith("ие"):
        return _declension(w, w[:-2], _NOUN_NEUTER_IE)
    if w.endswith(_NEUTER_NOUNS_IN_E):
        return _declension(w, w[:-1], _NOUN_NEUTER_E)
    if w.endswith("о"):
        return _declension(w, w[:-1], _NOUN_NEUTER_O)
    if w.endswith("е"):
        return indeclinable(w)
    if w.endswith("ия"):
        return _declension(w, w[:-2], _NOUN_FEM_IYA)
    if w.endswith("я"):
        return _declension(w, w[:-1], _NOUN_FEM_SOFT)
    if w.endswith("а"):
        if w[:-1].endswith(_SIBILANT):
            pattern = _NOUN_FEM_SIBILANT
        elif w[:-1].endswith(_VELAR_SIBILANT):
            pattern = _NOUN_FEM_VELAR
        else:
            pattern = _NOUN_FEM
        return _declension(w, w[:-1], pattern)
    if w.endswith("ы"):
        return _declension(w, w[:-1], _NOUN_PLURAL)
    if w.endswith("и"):
        hard = w[:-1].endswith(_VELAR_SIBILANT)
        return _declension(w, w[:-1], _NOUN_PLURAL if hard else _NOUN_PLURAL_SOFT)
    if w.endswith("ь") or (w.endswith("й") and w[-2] in _VOWELS):
        return _declension(w, w[:-1], _NOUN_SOFT)
    if w[-1] not in _VOWELS:
        pattern = _NOUN_HARD_SIBILANT if w.endswith(_SIBILANT) else _NOUN_HARD
        return _declension(w, w, pattern)
    return indeclinable(w)

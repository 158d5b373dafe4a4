"""Latin spellings of a place: the national one, and the variants English media use."""

from __future__ import annotations

import re
import unicodedata

from translitua import UkrainianBGN, UkrainianKMU, translit

_APOSTROPHES = re.compile("[\u2019\u02bc'`\u2018\u02b9]")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")

_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
_RUSSIAN_VOWELS = set("аеёиоуыэюяьъ")


def national(name_uk: str) -> str:
    """The Cabinet of Ministers 2010 transliteration of a Ukrainian name (Sloviansk)."""
    return translit(name_uk, UkrainianKMU)


def ukrainian_variant(name_uk: str) -> str:
    """The BGN-style spelling without apostrophes that media often use (Slovyansk)."""
    return _APOSTROPHES.sub("", translit(name_uk, UkrainianBGN))


def russian_variants(name_ru: str) -> tuple[str, ...]:
    """Latin spellings of a Russian name: plain (Avdeevka) and iotated (Avdeyevka).

    Args:
        name_ru: the Russian name in Cyrillic.

    Returns:
        One or two distinct spellings, plain first.
    """
    plain = _romanise_russian(name_ru, iotate=False)
    iotated = _romanise_russian(name_ru, iotate=True)
    return (plain,) if plain == iotated else (plain, iotated)


def _romanise_russian(name: str, *, iotate: bool) -> str:
    out: list[str] = []
    previous = ""
    for char in name:
        lower = char.lower()
        latin = _RUSSIAN.get(lower)
        if latin is None:
            out.append(char)
        else:
            # е after a vowel, a sign or at a word start sounds "ye" (Avdeyevka, Dobropolye).
            if iotate and lower == "е" and (not previous.isalpha() or previous in _RUSSIAN_VOWELS):
                latin = "ye"
            if char.isupper() and latin:
                latin = latin[0].upper() + latin[1:]
            out.append(latin)
        previous = lower
    return "".join(out)


def slugify(text: str) -> str:
    """ASCII slug [a-z0-9-] of a Latin name ("Chasiv Yar" → "chasiv-yar")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = _APOSTROPHES.sub("", ascii_text.lower())
    return _SLUG_JUNK.sub("-", ascii_text).strip("-")

"""Cheap language guess for news text: English, Ukrainian, Russian or other."""

from __future__ import annotations

import re

from tagging.bytetext import ByteClass, byte_map, encoded

# Only the first few thousand characters are read: the language of an item does not change.
_SAMPLE = 300
_NO_I_IS_RUSSIAN = 25
# Runs, not letters: counting letters as the summed lengths of runs makes a match per word.
_LATIN = re.compile("[a-zA-Z]+")
_CYRILLIC = re.compile("[а-яА-ЯёЁіІїЇєЄґҐ]+")
_UK_ONLY = "іІїЇєЄґҐ"
_RU_ONLY = "ыЫэЭъЪёЁ"
_WORD = re.compile(r"[^\W\d_]+")
# Words as a byte table, for samples that fit one byte per character.
_WORD_BYTES = ByteClass.of(_WORD.pattern.removesuffix("+"))
_UK_ONLY_RE = re.compile(f"[{_UK_ONLY}]")
_RU_ONLY_RE = re.compile(f"[{_RU_ONLY}]")
_LOWER_BYTES = byte_map(str.lower)


def _letter_class(char: str) -> str:
    """The code of a character's letter class: u/r for letters only Ukrainian/Russian has,
    c for other Cyrillic, l for Latin, a space for anything else."""
    if char in _UK_ONLY:
        return "u"
    if char in _RU_ONLY:
        return "r"
    if _CYRILLIC.fullmatch(char):
        return "c"
    return "l" if _LATIN.fullmatch(char) else " "


# Every byte as its letter class: one translate, then bytes.count per class.
_CLASS_BYTES = byte_map(_letter_class)
_UK_WORDS = frozenset(
    [
        "і",
        "та",
        "що",
        "це",
        "як",
        "від",
        "для",
        "його",
        "до",
        "на",
        "не",
        "під",
        "які",
        "але",
        "вже",
        "ще",
        "із",
        "зі",
    ]
)
_RU_WORDS = frozenset(
    [
        "и",
        "что",
        "это",
        "как",
        "от",
        "для",
        "его",
        "до",
        "на",
        "не",
        "под",
        "какие",
        "но",
        "уже",
        "еще",
        "из",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "are",
        "was",
        "were",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "that",
    ]
)
# Function words of other Latin-script languages a news feed may carry.
_OTHER_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "le",
        "la",
        "les",
        "et",
        "est",
        "une",
        "des",
        "el",
        "los",
        "las",
        "y",
        "en",
        "por",
        "que",
        "il",
        "di",
        "che",
        "w",
        "z",
        "na",
        "jest",
        "się",
        "nie",
    ]
)


def _letter_counts(sample: str, raw: bytes | None) -> tuple[int, int, int, int]:
    """(Cyrillic, Latin, Ukrainian-only, Russian-only) letters of `sample` (`raw` encoded)."""
    if raw is None:
        cyrillic, latin = (sum(map(len, p.findall(sample))) for p in (_CYRILLIC, _LATIN))
        return cyrillic, latin, len(_UK_ONLY_RE.findall(sample)), len(_RU_ONLY_RE.findall(sample))
    classes = raw.translate(_CLASS_BYTES)
    uk, ru = classes.count(b"u"), classes.count(b"r")
    return classes.count(b"c") + uk + ru, classes.count(b"l"), uk, ru


def _words(sample: str, raw: bytes | None) -> list[str]:
    if raw is None:
        return _WORD.findall(sample.lower())
    return _WORD_BYTES.words(raw.translate(_LOWER_BYTES))


def detect_lang(text: str) -> str:
    """Return "en", "uk", "ru" or "other" for a text.

    Script decides first; Ukrainian and Russian are told apart by the letters only one of
    them has (і ї є ґ against ы э ъ ё), then by common function words.
    """
    sample = text[:_SAMPLE]
    raw = encoded(sample)
    cyrillic, latin, uk, ru = _letter_counts(sample, raw)
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        if uk != ru:
            return "uk" if uk > ru else "ru"
        words = _words(sample, raw)
        uk_words = sum(map(_UK_WORDS.__contains__, words))
        ru_words = sum(map(_RU_WORDS.__contains__, words))
        if uk_words != ru_words:
            return "uk" if uk_words > ru_words else "ru"
        # "і" is among the commonest Ukrainian letters: a sentence without it is Russian.
        return "ru" if cyrillic >= _NO_I_IS_RUSSIAN else "other"
    words = _words(sample, raw)
    english = sum(map(_EN_WORDS.__contains__, words))
    other = sum(map(_OTHER_WORDS.__contains__, words))
    return "other" if other > english else "en"

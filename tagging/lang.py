"""Cheap language guess for news text: English, Ukrainian, Russian or other."""

from __future__ import annotations

import re

from tagging.bytetext import ByteClass, encoded

# Only the first few thousand characters are read: the language of an item does not change.
_SAMPLE = 300
_NO_I_IS_RUSSIAN = 25
# Runs, not letters: counting letters as the summed lengths of runs makes a match per word.
_LATIN = re.compile("[a-zA-Z]+")
_CYRILLIC = re.compile("[а-яА-ЯёЁіІїЇєЄґҐ]+")
_UK_ONLY = "іІїЇєЄґҐ"
_RU_ONLY = "ыЫэЭъЪёЁ"
_WORD = re.compile(r"[^\W\d_]+")
# The same classes as byte tables, for samples that fit one byte per character.
_LATIN_BYTES = ByteClass.of(_LATIN.pattern.removesuffix("+"))
_CYRILLIC_BYTES = ByteClass.of(_CYRILLIC.pattern.removesuffix("+"))
_WORD_BYTES = ByteClass.of(_WORD.pattern.removesuffix("+"))
_UK_ONLY_RE = re.compile(f"[{_UK_ONLY}]")
_RU_ONLY_RE = re.compile(f"[{_RU_ONLY}]")
_UK_BYTES = ByteClass.of(_UK_ONLY_RE.pattern)
_RU_BYTES = ByteClass.of(_RU_ONLY_RE.pattern)
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


def _count(sample: str, raw: bytes | None, table: ByteClass, pattern: re.Pattern[str]) -> int:
    """How many characters of `sample` the one-character class counts (bytes when encoded)."""
    if raw is not None:
        return table.count(raw)
    return sum(map(len, pattern.findall(sample)))


def _words(sample: str) -> list[str]:
    lower = sample.lower()
    raw = encoded(lower)
    return _WORD.findall(lower) if raw is None else _WORD_BYTES.words(raw)


def detect_lang(text: str) -> str:
    """Return "en", "uk", "ru" or "other" for a text.

    Script decides first; Ukrainian and Russian are told apart by the letters only one of
    them has (і ї є ґ against ы э ъ ё), then by common function words.
    """
    sample = text[:_SAMPLE]
    raw = encoded(sample)
    cyrillic = _count(sample, raw, _CYRILLIC_BYTES, _CYRILLIC)
    latin = _count(sample, raw, _LATIN_BYTES, _LATIN)
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        uk = _count(sample, raw, _UK_BYTES, _UK_ONLY_RE)
        ru = _count(sample, raw, _RU_BYTES, _RU_ONLY_RE)
        if uk != ru:
            return "uk" if uk > ru else "ru"
        words = _words(sample)
        uk_words = sum(map(_UK_WORDS.__contains__, words))
        ru_words = sum(map(_RU_WORDS.__contains__, words))
        if uk_words != ru_words:
            return "uk" if uk_words > ru_words else "ru"
        # "і" is among the commonest Ukrainian letters: a sentence without it is Russian.
        return "ru" if cyrillic >= _NO_I_IS_RUSSIAN else "other"
    words = _words(sample)
    english = sum(map(_EN_WORDS.__contains__, words))
    other = sum(map(_OTHER_WORDS.__contains__, words))
    return "other" if other > english else "en"

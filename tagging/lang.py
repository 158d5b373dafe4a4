"""Cheap language guess for news text: English, Ukrainian, Russian or other."""

from __future__ import annotations

import re

# Only the first few thousand characters are read: the language of an item does not change.
_SAMPLE = 300
_NO_I_IS_RUSSIAN = 25
_LATIN = re.compile("[a-zA-Z]")
_CYRILLIC = re.compile("[а-яА-ЯёЁіІїЇєЄґҐ]")
_UK_ONLY = "іІїЇєЄґҐ"
_RU_ONLY = "ыЫэЭъЪёЁ"
_WORD = re.compile(r"[^\W\d_]+")
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


def detect_lang(text: str) -> str:
    """Return "en", "uk", "ru" or "other" for a text.

    Script decides first; Ukrainian and Russian are told apart by the letters only one of
    them has (і ї є ґ against ы э ъ ё), then by common function words.
    """
    sample = text[:_SAMPLE]
    # subn counts matches without building a list of them.
    cyrillic = _CYRILLIC.subn("", sample)[1]
    latin = _LATIN.subn("", sample)[1]
    if cyrillic == 0 and latin == 0:
        return "other"
    if cyrillic >= latin:
        uk = sum(map(sample.count, _UK_ONLY))
        ru = sum(map(sample.count, _RU_ONLY))
        if uk != ru:
            return "uk" if uk > ru else "ru"
        words = _WORD.findall(sample.lower())
        uk_words = sum(word in _UK_WORDS for word in words)
        ru_words = sum(word in _RU_WORDS for word in words)
        if uk_words != ru_words:
            return "uk" if uk_words > ru_words else "ru"
        # "і" is among the commonest Ukrainian letters: a sentence without it is Russian.
        return "ru" if cyrillic >= _NO_I_IS_RUSSIAN else "other"
    words = _WORD.findall(sample.lower())
    english = sum(word in _EN_WORDS for word in words)
    other = sum(word in _OTHER_WORDS for word in words)
    return "other" if other > english else "en"

"""Latin spellings of Ukrainian and Russian names as they appear in English-language media."""

from __future__ import annotations

import re
from functools import lru_cache

_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    "'": "",
}  # fmt: skip

# Ukrainian: the official (2010) table, and the older "y" style (Kostyantynivka).
# Per letter: (word-initial, elsewhere).
_UK_OFFICIAL = {
    **{k: (v, v) for k, v in _COMMON.items()},
    "г": ("h", "h"), "ґ": ("g", "g"), "е": ("e", "e"), "є": ("ye", "ie"), "и": ("y", "y"),
    "і": ("i", "i"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia"),
}  # fmt: skip
_UK_Y_STYLE = {
    **_UK_OFFICIAL,
    "є": ("ye", "ye"), "ї": ("yi", "yi"), "й": ("y", "y"), "ю": ("yu", "yu"), "я": ("ya", "ya"),
}  # fmt: skip

# Russian: press/BGN style (Krasnoarmeysk, Avdeyevka, Dobropolye) and a plain style
# (Krasnoarmeisk, Avdeevka, Dobropole). Per letter: (initial or after a vowel, elsewhere).
_RU_PRESS = {
    **{k: (v, v) for k, v in _COMMON.items()},
    "г": ("g", "g"), "е": ("ye", "e"), "и": ("i", "i"), "й": ("y", "y"), "ы": ("y", "y"),
    "э": ("e", "e"), "ю": ("yu", "yu"), "я": ("ya", "ya"), "ё": ("yo", "yo"),
}  # fmt: skip
_RU_PLAIN = {
    **_RU_PRESS,
    "е": ("e", "e"), "й": ("i", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia"), "ё": ("e", "e"),
}  # fmt: skip

_RU_VOWELS = "аеёиоуыэюяьъ"
# Letters spelt differently at the start of a word (and, in Russian, after a vowel) are
# first marked with their upper-case twin, then one translate() spells the whole word.
_UK_INITIAL = re.compile("^[єїйюя]")
_RU_INITIAL = re.compile(f"(?:^|(?<=[{_RU_VOWELS}]))[еюяё]")
_UK_ENDINGS = (("ий", ("yi", "y", "iy")), ("ій", ("ii", "iy", "yi")))
_RU_ENDINGS = (("ый", ("y", "yy", "iy")), ("ий", ("iy", "y", "ii")), ("ой", ("oy", "oi")))


def _table(spelling: dict[str, tuple[str, str]]) -> dict[int, str]:
    table = {ord(ch): inner for ch, (_initial, inner) in spelling.items()}
    table.update({ord(ch.upper()): initial for ch, (initial, _inner) in spelling.items()})
    return table


_TABLES = {
    "uk": (_UK_INITIAL, [_table(_UK_OFFICIAL), _table(_UK_Y_STYLE)], _UK_ENDINGS),
    "ru": (_RU_INITIAL, [_table(_RU_PRESS), _table(_RU_PLAIN)], _RU_ENDINGS),
}


@lru_cache(maxsize=65536)
def _latin(word: str, lang: str) -> frozenset[str]:
    initial, tables, endings = _TABLES[lang]
    tail = ("",)
    for ending, latin in endings:
        if word.endswith(ending) and len(word) > 3:
            word, tail = word[: -len(ending)], latin
            break
    marked = initial.sub(lambda m: m.group().upper(), word)
    return frozenset(marked.translate(table) + end for table in tables for end in tail)


def latin_uk(word: str) -> frozenset[str]:
    """Latin spellings of a folded Ukrainian word (official and "y"-style)."""
    return _latin(word, "uk")


def latin_ru(word: str) -> frozenset[str]:
    """Latin spellings of a folded Russian word (press and plain styles)."""
    return _latin(word, "ru")

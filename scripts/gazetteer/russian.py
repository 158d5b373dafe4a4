"""Derive the Russian form of a Ukrainian settlement name by toponym rules.

The rules cover the regular correspondences (-ськ→-ск, -івка→-овка, -не→-ное, і→и …) and a
short list of stems whose vowels differ (Світл-→Светл-, -гір-→-гор-, Микол-→Никол- …).
Irregular names (Харків→Харьков, Межова→Межевая) are left to the hand-kept overrides.
"""

from __future__ import annotations

import re

_APOSTROPHES = re.compile("[\u2019\u02bc'`]")
_WORD_OR_SEPARATOR = re.compile(r"([\s\-]+)")

# Given-name and prefix stems, at the start of a word or after a compound prefix.
_PREFIX = r"^((?:ново|старо|велико|мало|верхньо|нижньо|красно|петро|свято)?)"
_STEMS_AT_START: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(_PREFIX + old), r"\g<1>" + new)
    for old, new in (
        ("олександр", "александр"),
        ("олекс", "алекс"),
        ("микола", "никола"),
        ("катерин", "екатерин"),
        ("олен", "елен"),
        ("вугл", "угл"),
        ("вільх", "ольх"),
        ("іллін", "ильин"),
        ("костянтин", "константин"),
        ("під", "под"),
    )
)

# Stems whose Ukrainian vowel (і from о/е/ѣ, ікавізм) differs from the Russian one.
_STEMS_ANYWHERE: tuple[tuple[str, str], ...] = (
    ("слов'ян", "славян"),
    ("світл", "светл"),
    ("сівер", "север"),
    ("біл", "бел"),
    ("гір", "гор"),
    ("піщ", "песч"),
    ("рівн", "ровн"),
    ("річ", "реч"),
    ("пілля", "полье"),
    ("піль", "поль"),
    ("сіл", "сел"),
    ("кам'ян", "камен"),
    ("вільн", "вольн"),
    ("оріх", "орех"),
    ("ліс", "лес"),
    ("дніпр", "днепр"),
    ("сонячн", "солнечн"),
    ("верхньо", "верхне"),
    ("нижньо", "нижне"),
    ("середньо", "средне"),
    ("звір", "звер"),
    ("жовт", "желт"),
    ("хутір", "хутор"),
    ("довг", "долг"),
    ("чорн", "черн"),
    ("висок", "высок"),
    ("глибок", "глубок"),
    ("риб", "рыб"),
    ("поділ", "подол"),
    ("південн", "южн"),
    ("північн", "северн"),
)

# Word endings, longest first; the first that matches wins.
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("іївка", "еевка"),
    ("'ївка", "ьевка"),
    ("ївка", "евка"),
    ("щівка", "щевка"),
    ("шівка", "шевка"),
    ("чівка", "чевка"),
    ("цівка", "цевка"),
    ("івка", "овка"),
    ("іївське", "еевское"),
    ("ївське", "евское"),
    ("івське", "овское"),
    ("івська", "овская"),
    ("івський", "овский"),
    ("ське", "ское"),
    ("цьке", "цкое"),
    ("ьке", "ькое"),
    ("ська", "ская"),
    ("цька", "цкая"),
    ("ський", "ский"),
    ("цький", "цкий"),
    ("'їне", "ьино"),
    ("їне", "ино"),
    ("ине", "ино"),
    ("ове", "ово"),
    ("еве", "ево"),
    ("єве", "ево"),
    ("иве", "ивое"),
    ("нє", "нее"),
    ("не", "ное"),
    ("поле", "поле"),
    ("ле", "лое"),
    ("ре", "рое"),
    ("ке", "кое"),
    ("те", "тое"),
    ("ець", "ец"),
    ("ця", "ца"),
    ("ці", "цы"),
    ("ій", "ий"),
    ("'я", "ье"),
    # Ukrainian ї after a vowel is Russian е before -в (Київ→Киев, Колонтаїв→Колонтаев).
    ("їв", "ев"),
    ("ів", "ов"),
)
# Ordinals, and adjectives whose Russian form no ending rule gives: a feminine -ова/-ева
# that is adjectival (Лозова→Лозовая, unlike the noun Діброва), or a stem Ukrainian
# shortened (Черкаська from Черкаси: Russian keeps сс).
_WHOLE_WORDS = {
    "нове": "новое",
    "перша": "первая",
    "перше": "первое",
    "перші": "первые",
    "друга": "вторая",
    "друге": "второе",
    "другі": "вторые",
    "третя": "третья",
    "третє": "третье",
    "перший": "первый",
    "другий": "второй",
    "третій": "третий",
    "лозова": "лозовая",
    "борова": "боровая",
    "тернова": "терновая",
    "ярова": "яровая",
    "бузова": "бузовая",
    "в'язова": "вязовая",
    "вишнева": "вишневая",
    "борщова": "борщевая",
    "польова": "полевая",
    "межова": "межевая",
    "вільхова": "ольховая",
    "кринична": "криничная",
    "дворічна": "двуречная",
    "суха": "сухая",
    "руська": "русская",
    "черкаська": "черкасская",
    "кам'яне": "каменное",
    "кам'яний": "каменный",
    "кам'яна": "каменная",
}
# -ове/-еве is possessive (Шахове→Шахово) except after these stems, where it is adjectival.
_ADJECTIVAL_OVE = (
    "дубове", "лозове", "ключове", "вишневе", "березове", "тернове", "соснове", "кленове",
    "липове", "малинове", "грушеве", "степове", "садове", "лугове", "ставкове", "орехове",
    "калинове", "яблуневе", "бузкове", "чагарникове", "сиреневе",
)  # fmt: skip
_SOFT_ADJECTIVE_STEM = re.compile("[гкхжчшщ]ий$")
_HARD_ADJECTIVE = re.compile("ий$")
# Велика, Нова, Біла, Кремінна … but not a noun in -ка after a consonant (Василівка Друга).
_FEMININE_ADJECTIVE = re.compile("(?<=[аеиоуіїє]к)а$|(?<=[нвлртжш])а$")
_SOFT_PLURAL_ADJECTIVE = re.compile("(?<=[гкхжчшщ])і$|(?<=[хж]н)і$")
_PLURAL_ADJECTIVE = re.compile("і$")
_HARD_PLURAL = re.compile("(?<=[бвдзлмнпрстфц])и$")
_SOFT_FEMININE_ADJECTIVE = re.compile("(?<=н)я$")
_DOUBLED_BEFORE_YA = re.compile(r"([бвгджзклмнпрстфхцчшщ])\1я$")
_APOSTROPHE_AFTER_R = re.compile("(?<=р)'")
_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": ""})


def ukrainian_to_russian(name: str) -> str:
    """Return the Russian spelling the rules give for a Ukrainian place name.

    Args:
        name: the official Ukrainian name, e.g. "Удачне" or "Велика Новосілка".

    Returns:
        The derived Russian name, e.g. "Удачное" or "Великая Новоселка".
    """
    parts = _WORD_OR_SEPARATOR.split(_APOSTROPHES.sub("'", name.strip()))
    words = parts[::2]
    out: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        leads_phrase = index == 0 and len(words) > 1 and " " in parts[1]
        out.append(_match_case(part, _russian_word(part.lower(), leads_phrase)))
    return "".join(out)


def _russian_word(word: str, leads_phrase: bool) -> str:
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    if word.startswith("е"):
        # A Ukrainian word opening with е is a loan (Енергодар); Russian writes э there.
        word = "э" + word[1:]
    # Ukrainian writes оє for Russian ое, so a Ukrainian ое is Russian оэ (Новоекономічне).
    word = word.replace("ое", "оэ")
    for pattern, replacement in _STEMS_AT_START:
        word = pattern.sub(replacement, word, count=1)
    for old, new in _STEMS_ANYWHERE:
        word = word.replace(old, new)
    word = _russian_ending(word, leads_phrase)
    word = word.replace("ськ", "ск").replace("цьк", "цк")
    word = _DOUBLED_BEFORE_YA.sub(r"\1ье", word)
    word = _APOSTROPHE_AFTER_R.sub("ь", word)
    return word.translate(_LETTERS)


def _russian_ending(word: str, leads_phrase: bool) -> str:
    if _SOFT_ADJECTIVE_STEM.search(word):
        return word
    if word.endswith("ий") and not word.endswith(("ський", "цький")):
        return _HARD_ADJECTIVE.sub("ый", word)
    if leads_phrase:
        # "Велика Новосілка", "Ясна Поляна": the first word of a phrase is an adjective.
        word = _FEMININE_ADJECTIVE.sub("ая", word)
        word = _SOFT_FEMININE_ADJECTIVE.sub("яя", word)
        # "Нові Санжари", "Великі Прохідні": a plural adjective.
        word = _SOFT_PLURAL_ADJECTIVE.sub("ие", word)
        word = _PLURAL_ADJECTIVE.sub("ые", word)
    # A final и after a hard consonant is a plural ending, ы in Russian (Бровари→Бровары).
    word = _HARD_PLURAL.sub("ы", word)
    if word.endswith(_ADJECTIVAL_OVE):
        return word[:-1] + "ое"
    for old, new in _ENDINGS:
        if word.endswith(old) and len(word) > len(old):
            return word[: -len(old)] + new
    return word


def _match_case(original: str, converted: str) -> str:
    if original[:1].isupper() and converted:
        return converted[0].upper() + converted[1:]
    return converted

"""Fold text to lookup keys and tokens whose offsets stay true to the original text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from tagging.bytetext import byte_map, decoded, encoded

# One-to-one character replacements, so folding never moves an offset: ё→е, every dash
# to "-", exotic spaces to " ", every apostrophe form to "'". Done with str.replace, which
# skips absent characters at memory speed, where a translate table costs a lookup a char.
_REPLACEMENTS = (
    *((ch, "е") for ch in "ёЁ"),
    *((ch, "-") for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"),
    *((ch, " ") for ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"),
    *((ch, " ") for ch in "\u2008\u2009\u200a\u202f\u205f\u3000"),
    *((ch, "'") for ch in "\u2019\u02bc`\u2018\u02b9\u2032\u00b4"),
)
# Characters dropped from keys: apostrophes inside a word and stress accents (see
# _droppable). Their positions are remembered so key offsets map back to the original text.
_STRESS = re.compile("[\u0300\u0301]")
TOKEN = re.compile(r"[^\W_]+")
# The gap allowed between the words of one multi-word name: spaces and at most a dash.
NEXT_TOKEN = re.compile(r"[ \t]*(?:\n[ \t]*)?(?:-[ \t]*)?([^\W_]+)")


@dataclass(frozen=True, slots=True)
class Token:
    """A word: its folded key and its span in the original text."""

    key: str
    start: int
    end: int


# The same replacements as one table: no replacement makes a character another replaces, so
# doing them at once is doing them in turn. Faster than the scans for short texts (names).
_FOLD_TABLE = str.maketrans(dict(_REPLACEMENTS))
_SHORT_TEXT = 64


def _fold_same_length(text: str) -> str:
    if text.isascii():
        # The backtick is the only ASCII character replaced; ASCII lowers to one character.
        return text.replace("`", "'").lower()
    if len(text) < _SHORT_TEXT:
        text = text.translate(_FOLD_TABLE)
    else:
        for old, new in _REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    # A few letters (İ) lower to two characters; keep only the first so offsets hold.
    return "".join(ch.lower()[:1] for ch in text)


# _fold_same_length byte by byte: it works a character at a time, and every code-page
# character folds to one code-page character (byte_map checks).
_BYTE_FOLD = byte_map(_fold_same_length)


def _droppable(folded: str) -> list[int]:
    """Where `folded` has a character keys leave out, in order: an apostrophe between two
    letters or digits, a stress accent."""
    found = []
    pos = folded.find("'")
    last = len(folded) - 1
    # str.find skips from apostrophe to apostrophe at C speed, where a regex with
    # look-arounds would try each position.
    while pos >= 0:
        if 0 < pos < last and folded[pos - 1].isalnum() and folded[pos + 1].isalnum():
            found.append(pos)
        pos = folded.find("'", pos + 1)
    if "\u0301" in folded or "\u0300" in folded:
        found += [m.start() for m in _STRESS.finditer(folded)]
        found.sort()
    return found


class KeyText:
    """A text folded for lookup, with a map from its offsets back to the original's.

    `key` is lower-cased, ё-less, dash- and space-normalised, and has in-word apostrophes
    and stress marks removed; everything else keeps its position. `raw` is the key in the
    code page when the text fits it (None otherwise), for byte-table word splitting.
    """

    __slots__ = ("original", "key", "raw", "_dropped")

    def __init__(self, text: str) -> None:
        self.original = text
        raw = encoded(text)
        if raw is None:
            folded = _fold_same_length(text)
        else:
            # One table lookup a byte, where str.lower() of non-ASCII text is far slower.
            raw = raw.translate(_BYTE_FOLD)
            folded = decoded(raw)
        self._dropped: list[int] = []
        if "'" in folded or "\u0301" in folded or "\u0300" in folded:
            drop = _droppable(folded)
            if drop:
                self._dropped = [pos - n for n, pos in enumerate(drop)]
                cuts = zip([-1, *drop], [*drop, len(folded)], strict=True)
                folded = "".join([folded[start + 1 : end] for start, end in cuts])
                raw = None  # the key changed: encode it again if needed
        self.key = folded
        self.raw = raw

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Map an offset in `key` to the original text.

        An end offset stays before a dropped character right after the span, so a span
        never swallows a trailing apostrophe.
        """
        if not self._dropped:
            return offset
        # _dropped holds, per dropped character, how many key characters precede it.
        if end:
            return offset + bisect_left(self._dropped, offset)
        return offset + bisect_right(self._dropped, offset)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a key span to the original text."""
        dropped = self._dropped
        if not dropped:
            return start, end
        return start + bisect_right(dropped, start), end + bisect_left(dropped, end)

    def tokens(self) -> list[Token]:
        """Every word with its original span."""
        return [Token(m.group(), *self.span(m.start(), m.end())) for m in TOKEN.finditer(self.key)]


def tokens(text: str) -> list[Token]:
    """Split `text` into words; spans point into `text` itself."""
    return KeyText(text).tokens()


def key_of(text: str) -> str:
    """The lookup key of a name or phrase: its folded words joined by single spaces."""
    return " ".join(TOKEN.findall(KeyText(text).key))


def key_words(text: str) -> list[str]:
    """The folded words of a name or phrase."""
    return TOKEN.findall(KeyText(text).key)

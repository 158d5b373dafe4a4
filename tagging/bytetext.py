"""Splitting words and counting letters through bytes, for text that fits one code page.

News in English, Ukrainian and Russian nearly always encodes to cp1251, one byte per
character. A character class then becomes a 256-entry table, and `bytes.translate` with
`str.split` or `len` does at memory speed what a regex does a character at a time. Text
that does not encode (emoji, other scripts) is left to the regex, so answers never differ.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from encodings import cp1251

_CODEC = "cp1251"
_SPACE = 0x20
# The codec's own tables, called directly: str.encode("cp1251") goes through a Python-level
# codec method per call. The code page's first half is ASCII, so ASCII text (most English)
# takes the built-in ASCII codec, which copies memory instead of looking up each character.
_ENCODING_TABLE = cp1251.encoding_table
_DECODING_TABLE = cp1251.decoding_table


def encoded(text: str) -> bytes | None:
    """The text in the code page, or None when some character is not in it."""
    if text.isascii():
        return text.encode("ascii")
    try:
        return codecs.charmap_encode(text, "strict", _ENCODING_TABLE)[0]
    except UnicodeEncodeError:
        return None


def decoded(raw: bytes) -> str:
    """Bytes of the code page as text."""
    if raw.isascii():
        return raw.decode("ascii")
    return codecs.charmap_decode(raw, "strict", _DECODING_TABLE)[0]


def byte_map(convert: Callable[[str], str]) -> bytes:
    """A bytes.translate table that does `convert` to each code-page character.

    For per-character conversions (case, folding, classes): converting encoded text byte
    by byte then gives the encoded converted text, at memory speed.

    Raises:
        ValueError: some character converts to anything but one code-page character.
    """
    table = bytearray(range(256))
    for byte in range(256):
        char = _decoded(byte)
        if not char:
            continue  # a byte no character encodes to: never in encoded text
        converted = encoded(convert(char))
        if converted is None or len(converted) != 1:
            raise ValueError(f"{char!r} converts to {convert(char)!r}, not one code-page byte")
        table[byte] = converted[0]
    return bytes(table)


def _decoded(byte: int) -> str:
    try:
        return bytes([byte]).decode(_CODEC)
    except UnicodeDecodeError:
        return ""  # a byte no character encodes to


class ByteClass:
    """A set of characters, as tables over the code page's bytes.

    Args:
        member: whether a character belongs; applied once to each of the 256 characters.
    """

    __slots__ = ("_separate", "_others")

    def __init__(self, member: Callable[[str], bool]) -> None:
        chars = [_decoded(byte) for byte in range(256)]
        inside = [bool(ch) and member(ch) for ch in chars]
        if any(inside[byte] and chars[byte].isspace() for byte in range(256)):
            raise ValueError("a byte class for words cannot hold white space")
        # Members stay, everything else becomes a space: words are then what split() finds.
        self._separate = bytes(byte if inside[byte] else _SPACE for byte in range(256))
        self._others = bytes(byte for byte in range(256) if not inside[byte])

    @classmethod
    def of(cls, pattern: str) -> ByteClass:
        """The characters a one-character regex (e.g. "[^\\W_]") matches."""
        one = re.compile(pattern)
        return cls(lambda ch: one.fullmatch(ch) is not None)

    def words(self, raw: bytes) -> list[str]:
        """The maximal runs of member characters in encoded text, as strings."""
        return decoded(raw.translate(self._separate)).split()

    def count(self, raw: bytes) -> int:
        """How many characters of encoded text are members."""
        return len(raw.translate(None, self._others))

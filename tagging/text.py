"""Text normalisation shared by the tagger, the search index and the query parser."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab and newline, DEL, bidi overrides/isolates and zero-width
# characters: none of them may reach a terminal or the index.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)
_APOSTROPHES = "'\u2019\u02bc`\u2018\u02b9\u2032\u00b4"
# The apostrophe first, its letter before looked behind at: a pattern led by a look-behind
# cannot skip ahead to the next apostrophe at C speed (five times slower on English text).
_APOSTROPHE_IN_WORD = re.compile(rf"[{_APOSTROPHES}](?<=\w[{_APOSTROPHES}])(?=\w)")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# The three rules of normalise() in one pass: an apostrophe with a letter on both sides,
# a dash, a space. One character class leads, so the regex skips ahead to the next
# candidate at C speed (two alternatives at the top, each with its own class, made it try
# both at every character: three times slower on Cyrillic text); look-behinds then tell
# the apostrophe from the dash or space. A function sees only what matched.
# (A capturing group would cost the regex that skipping: the function looks at the text.)
_FOLDED = re.compile(
    rf"[{_APOSTROPHES}{_DASHES}{_SPACES}]"
    rf"(?:(?<=\w[{_APOSTROPHES}])(?=\w)|(?<=[{_DASHES}{_SPACES}]))"
)
# ESC sequences, and their one-byte C1 forms CSI (U+009B) and OSC (U+009D): a terminal
# that honours C1 reads "\x9b31m" as a colour change, so the parameters go too.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_ESCAPE_STARTS = ("\x1b", "\x9b", "\x9d")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and unsafe control/format characters.

    Tab and newline survive; carriage returns become newlines so text keeps its lines.
    """
    if not text:
        return ""
    if _printable_but_lines(text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(start in text for start in _ESCAPE_STARTS):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _UNSAFE.sub("", text)


def _printable_but_lines(text: str) -> bool:
    """Whether every character of a text but its tabs and newlines is printable: then there
    is nothing to strip. Every character _UNSAFE or an escape sequence matches is
    unprintable (a control or format character). One C-level pass, twice as fast as the
    regex's; tabs and newlines (most bodies have them) are blanked out first."""
    if "\n" in text or "\t" in text:
        text = text.replace("\n", " ").replace("\t", " ")
    return text.isprintable()


def normalise(text: str) -> str:
    """Return `text` in the one form the tagger, the index and queries all see.

    NFC; apostrophes inside a word dropped (all their forms); ё→е; dashes made `-`;
    exotic spaces made plain. Case is kept: the tagger uses capitals as evidence.
    """
    if text.isascii():
        # Most English text: no composed letters, fancy dashes or spaces to fold.
        return _APOSTROPHE_IN_WORD.sub("", text) if ("'" in text or "`" in text) else text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _FOLDED.sub(_folded, text).replace("ё", "е").replace("Ё", "Е")


def _folded(match: re.Match[str]) -> str:
    char = match.group()
    if char in _DASHES:
        return "-"
    return "" if char in _APOSTROPHES else " "


def fold(text: str) -> str:
    """Normalise and case-fold, for comparing names."""
    return normalise(text).casefold()


def body_of(summary: str, content: str) -> str:
    """The text an item is tagged and shown by: its fuller text, summary or content.

    Tag evidence offsets in the "body" field refer to this string.
    """
    return content if len(content) > len(summary) else summary

"""Turn untrusted HTML fragments and text from the network into clean plain text."""

from __future__ import annotations

import html
import re

from tagging.text import strip_controls

# Every pattern ends at its closing mark *or the end of the text*: an unclosed tag then
# swallows the rest (as in a browser) instead of making the scan retry from each `<`, which
# would cost quadratic time on hostile input.
_END = r"(?:>|\Z)"
# Elements whose content is never readable text.
_HIDDEN = re.compile(
    rf"<(script|style|template|noscript|head|svg|iframe|object)\b[^>]*{_END}.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[|\]\]>", re.DOTALL)
# Block-level tags: their edges become paragraph (\x02) or line (\x01) break marks, which
# `_breaks` later folds so that nested or adjacent blocks give one break, not several.
_PARAGRAPH = re.compile(
    rf"</?(?:p|h[1-6]|blockquote|pre|table|ul|ol|dl|figure|section|article|header|footer)\b[^>]*{_END}",
    re.IGNORECASE,
)
_LINE = re.compile(rf"</?(?:div|li|tr|dt|dd|hr|figcaption|caption)\b[^>]*{_END}", re.IGNORECASE)
_BR = re.compile(rf"<br\b[^>]*{_END}", re.IGNORECASE)
# Starts at a break mark, never at a space: a long space run must not make it backtrack.
_BREAK_RUN = re.compile(r"[\n\x01\x02][\s\x01\x02]*")
# A tag opens with a letter, `/`, `!` or `?`; a lone `<` as in "a < b" is text.
_TAG = re.compile(rf"</?[A-Za-z][^>]*{_END}|<[!?][^>]*{_END}")
_HSPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")
# A no-break space entity still present in text: a feed escaped its HTML twice
# ("&amp;nbsp;"), and a reader would see "&nbsp;" literally.
_LEFTOVER_NBSP = re.compile(r"&(?:nbsp|#0*160|#x0*a0);", re.IGNORECASE)


def clean_text(text: str | None) -> str:
    """Return `text` with controls stripped, every space run one space and lines trimmed.

    Line breaks survive (at most one blank line in a row); `&nbsp;`-like spaces, and
    `&nbsp;` entities left over from double escaping, become spaces.
    """
    if not text:
        return ""
    text = strip_controls(text)
    if "&" in text:
        text = _LEFTOVER_NBSP.sub(" ", text)
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(fragment: str | None) -> str:
    """Return the readable text of an HTML fragment.

    Tags go, entities are decoded, `<br>` and block ends become line breaks, paragraphs are
    separated by a blank line, and script/style content is dropped. A fragment with no tag
    and no entity is taken as plain text: feeds often send text in HTML fields, and its
    line breaks are meant.
    """
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return clean_text(fragment)
    # Newlines inside HTML source are layout, not text.
    text = fragment.replace("\r", " ").replace("\n", " ")
    text = _HIDDEN.sub(" ", text)
    text = _COMMENT.sub(" ", text)
    text = _PARAGRAPH.sub("\x02", text)
    text = _LINE.sub("\x01", text)
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    text = _BREAK_RUN.sub(_breaks, text)
    return clean_text(html.unescape(text))


def _breaks(match: re.Match[str]) -> str:
    """One break for a run of marks: a paragraph if any mark or two `<br>` ask for one."""
    run = match.group(0)
    return "\n\n" if "\x02" in run or run.count("\n") > 1 else "\n"


def headline(text: str, limit: int = 120) -> str:
    """Return a title for untitled text: its first line, cut to `limit` characters.

    A long line is cut after its last sentence end within the limit, else at a word
    boundary with an ellipsis.
    """
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if len(first) <= limit:
        return first
    window = first[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] >= min(20, limit // 3):
        return window[: ends[-1]]
    cut = window.rfind(" ", 0, limit)
    cut = cut if cut >= limit // 3 else limit - 1
    return first[:cut].rstrip(" ,;:-") + "…"

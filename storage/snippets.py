"""Snippets and highlight spans computed on the stored (original) text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from storage.query import Term
from tagging.text import fold

# A word with in-word apostrophes kept, as the user sees it in the text.
_WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc`][^\W_]+)*")
SNIPPET_CHARS = 200


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    # The index folds diacritics (remove_diacritics 2): do the same so й/и, ї/і agree.
    decomposed = unicodedata.normalize("NFD", fold(word))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matchers(terms: Sequence[Term]) -> tuple[set[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        keys = [_key(w) for w in term.words]
        exact.update(keys[:-1] if term.prefix else keys)
        if term.prefix:
            prefixes.append(keys[-1])
    return exact, tuple(prefixes)


def find_spans(
    text: str, terms: Sequence[Term], *, start: int = 0, stop: int | None = None
) -> list[tuple[int, int]]:
    """Spans of words in `text[start:stop]` that match any of the terms (word by word)."""
    exact, prefixes = _matchers(terms)
    if not exact and not prefixes:
        return []
    spans = []
    for match in _WORD.finditer(text, start):
        if stop is not None and match.start() >= stop:
            break
        key = _key(match.group())
        if key in exact or (prefixes and key.startswith(prefixes)):
            spans.append(match.span())
    return spans


def first_span_start(text: str, terms: Sequence[Term]) -> int | None:
    """Where the first matching word starts (scanning no further than that)."""
    exact, prefixes = _matchers(terms)
    if not exact and not prefixes:
        return None
    for match in _WORD.finditer(text):
        key = _key(match.group())
        if key in exact or (prefixes and key.startswith(prefixes)):
            return match.start()
    return None


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around its first match, with the match spans shifted into it."""
    flat = " ".join(text.split())
    if flat != text:
        # Re-find spans on the flattened text by mapping offsets.
        spans = _remap(text, spans)
        text = flat
    if not spans:
        cut = text[:width]
        return (cut + ("…" if len(text) > width else ""), ())
    first = spans[0][0]
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + width)
    prefix = "…" if start else ""
    body = text[start:end]
    shift = len(prefix) - start
    inside = tuple((s + shift, min(e, end) + shift) for s, e in spans if s >= start and s < end)
    return prefix + body + ("…" if end < len(text) else ""), inside


def _remap(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    mapping = []
    out_pos = 0
    in_space = False
    started = False
    for ch in text:
        if ch.isspace():
            if started and not in_space:
                out_pos += 1
            in_space = True
            mapping.append(out_pos)
        else:
            mapping.append(out_pos)
            out_pos += 1
            in_space = False
            started = True
    mapping.append(out_pos)
    return [(mapping[s], mapping[s] + (e - s)) for s, e in spans]

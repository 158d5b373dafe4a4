"""Fuzzy search over place names for a picker: prefix, word-prefix, then subsequence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from tagging.tokenise import key_of

# Match quality, best first; a hit on an alternative or former name costs a little more.
_EXACT, _PREFIX, _WORD_PREFIX, _SUBSEQUENCE = 0, 1, 2, 3
_ALT_PENALTY = 0.5


class PlaceSearch:
    """All names of all places in one newline-joined string, searched with one regex each.

    One C-level regex scan per query keeps a keystroke well under a millisecond or two for
    thousands of places, where a Python loop over the names would not.
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> None:
        """Args: entries of (place id, main names, alternative and former names)."""
        keys: list[str] = []
        self._owner: list[tuple[str, float]] = []
        for place_id, main, alt in entries:
            seen = set()
            for penalty, names in ((0.0, main), (_ALT_PENALTY, alt)):
                for name in names:
                    key = key_of(name)
                    if key and key not in seen:
                        seen.add(key)
                        keys.append(key)
                        self._owner.append((place_id, penalty))
        # Each line starts after a "\n", so prefix patterns begin with a literal and the
        # regex engine can skip to candidates at memchr speed.
        self._blob = "\n" + "\n".join(keys)
        self._starts = [1]
        for key in keys[:-1]:
            self._starts.append(self._starts[-1] + len(key) + 1)
        self._keys = keys

    def _line(self, offset: int) -> int:
        return bisect_right(self._starts, offset) - 1

    def search(self, query: str, limit: int, prior: Callable[[str], float]) -> list[str]:
        """Place ids for a folded query, best first; `prior` breaks ties (higher first)."""
        if not query or limit <= 0:
            return []
        escaped = re.escape(query)
        letters = [re.escape(ch) for ch in query if ch != " "]
        patterns = (
            (_PREFIX, re.compile(f"\n{escaped}")),
            (_WORD_PREFIX, re.compile(f"[ -]{escaped}")),
            # No anchor: the regex can jump to the first letter; the line is found after.
            (_SUBSEQUENCE, re.compile("[^\\n]*?".join(letters))),
        )
        best: dict[str, float] = {}
        for tier, pattern in patterns:
            if tier == _SUBSEQUENCE and len(best) >= limit:
                break  # enough better hits; fuzzier ones would rank below them anyway
            for m in pattern.finditer(self._blob):
                line = self._line(m.start() + 1)
                place_id, penalty = self._owner[line]
                score = (_EXACT if self._keys[line] == query else tier) + penalty
                if score < best.get(place_id, 99.0):
                    best[place_id] = score
        ranked = sorted(best, key=lambda i: (best[i], -prior(i), i))
        return ranked[:limit]

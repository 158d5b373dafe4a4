"""Regexes for the words of a cue phrase after its first: exact ones, and quick filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

# Spaces, at most one line break or dash, and quotes: «Геранями» still follows "атаковали".
_GAP = r"[ \t«»\"“”„]*(?:\n[ \t]*)?(?:-[ \t«»\"“”„]*)?"
# Any run of characters that are no letters or digits: every _GAP matches one. Compiling a
# class that holds characters past U+00FF (the quotes) costs a fifth of a millisecond
# each time it appears in a pattern; this class costs next to nothing.
_ANY_GAP = r"[\W_]*+"

Word = tuple[str, bool]  # (text, is_stem); ("", True) is any one word


class _Phrase(Protocol):
    @property
    def words(self) -> tuple[Word, ...]: ...


def _word_regex(word: Word, gap: str = _GAP) -> str:
    """One later word of a phrase, with the gap before it."""
    text, stem = word
    # Possessive: a stem or wildcard must take its whole word anyway (the look-ahead after
    # it fails otherwise), and giving back a letter at a time to find that out is slow.
    body = re.escape(text) + (r"[^\W_]*+" if stem else "") if text else r"[^\W_]++"
    return gap + body + r"(?![^\W_])"


def tail_regex(words: Sequence[Word]) -> str:
    """A regex for the words after the first, with the gaps NEXT_TOKEN allows."""
    return "".join(_word_regex(word) for word in words)


_TailTree = dict[Word | None, "_TailTree"]


def any_tail_regex(phrases: Iterable[_Phrase]) -> str:
    """A quick filter: a regex that matches wherever the later words of one of `phrases`
    may follow.

    It matches at least where some tail_regex does, so a miss rules all the phrases out;
    a hit is checked with each phrase's exact regex. Looser about the gaps between words
    (any non-word characters), it compiles in a fraction of the time, and the tails are
    merged into a tree: tails sharing their next words try them once ("атак* * дрон*" and
    "атак* * геран*" read the word after "атак*" once).
    """
    tree: _TailTree = {}
    for phrase in phrases:
        node = tree
        for word in phrase.words[1:]:
            node = node.setdefault(word, {})
        node[None] = {}  # a tail ends here
    return _tree_regex(tree)


def _tree_regex(node: _TailTree) -> str:
    if None in node:
        return ""  # a tail ends here: whatever longer ones need is beside the point
    branches = [
        _word_regex(word, "") + _tree_regex(child)  # type: ignore[arg-type]
        for word, child in node.items()
    ]
    # Every branch opens with the same gap: matched once, in front of the alternatives.
    return _ANY_GAP + (branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})")


def tail_gates(phrases: Iterable[_Phrase]) -> tuple[frozenset[str], ...] | None:
    """Per phrase, the exact words after its first; None when some phrase has none.

    A phrase can only match in a field holding all its exact words: when no phrase's
    words are all there, the field need not be searched at all.
    """
    found = []
    for phrase in phrases:
        exact = frozenset(text for text, stem in phrase.words[1:] if text and not stem)
        if not exact:
            return None
        found.append(exact)
    return tuple(found)

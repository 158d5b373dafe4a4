"""Matching cue phrases (exact words, word-start stems, wildcards) in a folded text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from tagging.scan import FieldText, Span
from tagging.tokenise import key_words

_WORD_CACHE = 200_000


class PhraseError(ValueError):
    """A cue phrase that cannot be parsed."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A cue: words that must follow each other; a word may be a stem or a wildcard.

    `words` holds (text, is_stem) pairs; ("", True) matches any one word.
    """

    words: tuple[tuple[str, bool], ...]
    weight: float
    owner: str  # the theme (or other table) the cue belongs to
    negative: bool = False
    source: str = ""
    veto: bool = False  # anywhere in a field, cancels the whole theme there
    # The words after the first as a regex (source), matched right after the first word;
    # compiled on first use, since most cues never need it.
    tail: str = field(default="", compare=False, repr=False)


def parse_phrase(cue: str, owner: str, *, negative: bool = False, veto: bool = False) -> Phrase:
    """Parse "word stem* other=0.5" into a Phrase; raises PhraseError on nonsense."""
    body, _, weight_text = cue.partition("=")
    try:
        weight = float(weight_text) if weight_text.strip() else 1.0
    except ValueError:
        raise PhraseError(f"bad weight in cue {cue!r} of {owner!r}") from None
    if not 0 < weight <= 10:
        raise PhraseError(f"weight out of range in cue {cue!r} of {owner!r}")
    words: list[tuple[str, bool]] = []
    for part in body.split():
        stem = part.endswith("*")
        if part == "*":
            words.append(("", True))
            continue
        folded = key_words(part.rstrip("*"))
        if not folded:
            raise PhraseError(f"empty word in cue {cue!r} of {owner!r}")
        words += [(w, False) for w in folded[:-1]] + [(folded[-1], stem)]
    if not words or words[0][0] == "":
        raise PhraseError(f"cue {cue!r} of {owner!r} must start with a word")
    return Phrase(tuple(words), weight, owner, negative or veto, cue, veto, _tail(words[1:]))


# Spaces, at most one line break or dash, and quotes: «Геранями» still follows "атаковали".
_GAP = r"[ \t«»\"“”„]*(?:\n[ \t]*)?(?:-[ \t«»\"“”„]*)?"


def _tail(words: list[tuple[str, bool]]) -> str:
    """A regex for the words after the first, with the gaps NEXT_TOKEN allows."""
    if not words:
        return ""
    parts = []
    for text, stem in words:
        body = re.escape(text) + (r"[^\W_]*" if stem else "") if text else r"[^\W_]+"
        parts.append(_GAP + body + r"(?![^\W_])")
    return "".join(parts)


class Match(NamedTuple):
    """A phrase found in a text: where first, and how many times (single words only)."""

    span: Span
    phrase: Phrase
    count: int = 1


_NO_PHRASES: tuple[tuple[Phrase, ...], tuple[Phrase, ...]] = ((), ())


class PhraseMatcher:
    """Finds the phrases of a set in a folded text.

    Works on the text's word counts: exact first words by set intersection, stem first
    words through a per-word cache (news vocabulary repeats, so most words are looked up
    once per process). A one-word phrase is reported once with its count and first span;
    only phrases of several words are followed occurrence by occurrence.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        exact: dict[str, list[Phrase]] = defaultdict(list)
        self._stems: dict[str, list[Phrase]] = defaultdict(list)
        for phrase in phrases:
            first, stem = phrase.words[0]
            (self._stems if stem else exact)[first].append(phrase)
        self._stem_lengths = sorted({len(s) for s in self._stems})
        # word -> (one-word phrases, longer phrases) starting with it
        self._exact = {word: _split(found) for word, found in exact.items()}
        self._by_word: dict[str, tuple[tuple[Phrase, ...], tuple[Phrase, ...]]] = {}
        # Words known to start no phrase: a set difference drops them from a text at C speed.
        self._barren: set[str] = set()
        # Per word, one regex of all its longer phrases' tails: most occurrences match none,
        # and one failed match is cheaper than one per phrase.
        self._any_tail: dict[str, re.Pattern[str]] = {}
        self.first_words = frozenset(self._exact)

    def _phrases_of(self, word: str) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
        found = self._by_word.get(word)
        if found is None:
            stems = [
                p
                for size in self._stem_lengths
                if size <= len(word)
                for p in self._stems.get(word[:size], ())
            ]
            exact = self._exact.get(word, _NO_PHRASES)
            found = (_heaviest(exact[0] + _split(stems)[0]), exact[1] + _split(stems)[1])
            if len(self._by_word) >= _WORD_CACHE:
                self._by_word.clear()
                self._barren.clear()
                self._any_tail.clear()
            if found[0] or found[1]:
                self._by_word[word] = found
            else:
                self._barren.add(word)
        return found

    def find(self, text: FieldText, limit: int | None = None) -> list[Match]:
        """The phrases found in a field.

        Args:
            text: the field's folded text and word counts.
            limit: follow no more than this many occurrences of a word for longer phrases.
        """
        found: list[Match] = []
        key = text.key
        counts = text.counts
        phrases_of = self._phrases_of
        for word in text.words - self._barren:
            singles, longer = phrases_of(word)
            if not singles and not longer:
                continue
            first = text.first(word)
            if first is None:
                continue
            for phrase in singles:
                found.append(Match(first, phrase, counts[word]))
            if not longer:
                continue
            any_tail = self._any_tail.get(word)
            if any_tail is None:
                any_tail = self._any_tail[word] = re.compile("|".join(p.tail for p in longer))
            for start, end in text.spans(word)[:limit]:
                if any_tail.match(key, end) is None:
                    continue
                for phrase in longer:
                    stop = _follow(key, end, phrase)
                    if stop is not None:
                        found.append(Match((start, stop), phrase))
        return found


def _heaviest(singles: tuple[Phrase, ...]) -> tuple[Phrase, ...]:
    """One-word cues of a word, one per owner (the heaviest): "attacked" is not also
    counted as "attack*"; negative cues all stay."""
    best: dict[str, Phrase] = {}
    for phrase in singles:
        if phrase.negative:
            continue
        if phrase.owner not in best or phrase.weight > best[phrase.owner].weight:
            best[phrase.owner] = phrase
    return tuple(best.values()) + tuple(p for p in singles if p.negative)


def _split(phrases: list[Phrase]) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    return (
        tuple(p for p in phrases if len(p.words) == 1),
        tuple(p for p in phrases if len(p.words) > 1),
    )


def _follow(key: str, end: int, phrase: Phrase) -> int | None:
    """Where `phrase` ends if its later words follow position `end`, else None."""
    m = _compiled(phrase.tail).match(key, end) if phrase.tail else None
    return m.end() if m is not None else None


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)

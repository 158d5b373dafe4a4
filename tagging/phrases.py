"""Matching cue phrases (exact words, word-start stems, wildcards) in a folded text."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from tagging.scan import FieldText, Span, WordScreen
from tagging.tailregex import any_tail_regex, tail_gates, tail_regex
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
    # The hash the dataclass would give, computed once: the generated __hash__ hashes all
    # the compared fields (words a tuple of tuples) on every lookup, and theme scoring
    # counts repeats per phrase in a dict.
    _hash: int = field(default=0, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self._compared()))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Phrase], tuple[object, ...]]:
        # Rebuilt from its arguments: string hashes differ between processes.
        return Phrase, (*self._compared(), self.tail)

    def _compared(self) -> tuple[object, ...]:
        """The fields equality compares, in order (the first arguments, too)."""
        return (self.words, self.weight, self.owner, self.negative, self.source, self.veto)


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
    return Phrase(tuple(words), weight, owner, negative or veto, cue, veto, tail_regex(words[1:]))


class Match(NamedTuple):
    """A phrase found in a text: where first, and how many times (single words only).

    A one-word match leaves `span` None until asked: `word`'s first occurrence is looked up
    only for the few matches that become evidence or need their overlaps settled. Its
    `count` stops at the matcher's `max_count`: the same one-word matches are then made once
    per word and count, and shared by every text.
    """

    span: Span | None
    phrase: Phrase
    count: int = 1
    word: str = ""

    def where(self, text: FieldText) -> Span:
        """The match's span in `text`'s folded key."""
        if self.span is not None:
            return self.span
        found = text.first(self.word)
        assert found is not None  # a word of the text stands whole in it at least once
        return found


_NO_PHRASES: tuple[tuple[Phrase, ...], tuple[Phrase, ...]] = ((), ())


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a word starts: its one-word phrases and its longer ones, ready to match."""

    singles: tuple[Phrase, ...]
    longer: tuple[Phrase, ...]  # their tails compiled when first needed (most never are)
    # The matches of the one-word phrases, per count from 1 to the matcher's max_count.
    counted: tuple[tuple[Match, ...], ...] = ()
    # A quick filter for all the longer phrases' tails in one regex (see any_tail_regex;
    # source, compiled when first needed): most occurrences match none, and one failed
    # match is cheaper than one per phrase.
    any_tail: str = ""
    # The word, whole at its end, where some tail may follow (the filter): finds the
    # occurrences worth following in one C-level search instead of visiting each. A
    # source, compiled when first needed: compiling takes about a millisecond, and the
    # gates rule many words out in every field ("a" needs "bridge" and "to").
    followed: str = ""
    # The owners of its negative one-word phrases (their matches need overlaps settled).
    negative_owners: frozenset[str] = frozenset()
    # The words each longer phrase needs in a field besides this one (see tail_gates).
    gates: tuple[frozenset[str], ...] | None = None
    # All the gates' words: a field with none of them passes no gate, which one C-level
    # isdisjoint says for most fields without trying the gates one by one.
    gate_words: frozenset[str] = frozenset()


_BARREN = _Plan((), ())
_STEM_HEAD = 3
_MAX_COUNT = 2
# A matcher with at most this many first words rules a field out with one regex search
# before its words are counted: most fields hold none of a few words (as when a retag
# scores the one theme a user changed). For many words, counting and looking up is faster.
_SCREEN_WORDS = 40


class PhraseMatcher:
    """Finds the phrases of a set in a folded text.

    Works on the text's word counts: exact first words by set intersection, stem first
    words through a per-word cache (news vocabulary repeats, so most words are looked up
    once per process). A one-word phrase is reported once with its count (and its first
    span on demand); only phrases of several words are followed occurrence by occurrence.
    """

    def __init__(self, phrases: Iterable[Phrase], max_count: int = _MAX_COUNT) -> None:
        """Args:
        phrases: the phrases to find.
        max_count: how far a one-word match's `count` goes (at least 1).
        """
        self._max_count = max(1, max_count)
        exact: dict[str, list[Phrase]] = defaultdict(list)
        self._stems: dict[str, list[Phrase]] = defaultdict(list)
        for phrase in phrases:
            first, stem = phrase.words[0]
            (self._stems if stem else exact)[first].append(phrase)
        self._stem_lengths = sorted({len(s) for s in self._stems})
        # The first letters of every stem (all have at least _STEM_HEAD): a word without
        # one of them starts no stem, which rules out most new words in one lookup.
        self._stem_heads: frozenset[str] | None = frozenset(s[:_STEM_HEAD] for s in self._stems)
        if any(len(s) < _STEM_HEAD for s in self._stems):
            self._stem_heads = None
        # word -> (one-word phrases, longer phrases) starting with it
        self._exact = {word: _split(found) for word, found in exact.items()}
        self._by_word: dict[str, _Plan] = {}
        # Words known to start no phrase: a set difference drops them from a text at C speed.
        self._barren: set[str] = set()
        self.first_words = frozenset(self._exact)
        self._screen = _screen(exact, self._stems)

    def _plan(self, word: str) -> _Plan:
        """What phrases start with `word`; remembered per word."""
        if self._stem_heads is not None and word[:_STEM_HEAD] not in self._stem_heads:
            stems = []
        else:
            stems = [
                p
                for size in self._stem_lengths
                if size <= len(word)
                for p in self._stems.get(word[:size], ())
            ]
        exact = self._exact.get(word, _NO_PHRASES)
        if len(self._by_word) + len(self._barren) >= _WORD_CACHE:
            self._by_word.clear()
            self._barren.clear()
        # Most words start no phrase at all: remember that without sorting phrases.
        if not stems and exact is _NO_PHRASES:
            self._barren.add(word)
            return _BARREN
        stem_singles, stem_longer = _split(stems)
        singles = _heaviest(exact[0] + stem_singles)
        longer = exact[1] + stem_longer
        if not singles and not longer:
            self._barren.add(word)
            return _BARREN
        counted = tuple(
            tuple(Match(None, phrase, count, word) for phrase in singles)
            for count in range(1, self._max_count + 1)
        )
        any_tail = ""
        followed = ""
        if longer:
            any_tail = any_tail_regex(longer)
            followed = rf"{re.escape(word)}(?![^\W_])(?={any_tail})"
        gates = tail_gates(longer)
        plan = _Plan(
            singles,
            longer,
            counted=counted,
            any_tail=any_tail,
            followed=followed,
            negative_owners=frozenset(p.owner for p in singles if p.negative),
            gates=gates,
            gate_words=frozenset().union(*gates) if gates else frozenset(),
        )
        self._by_word[word] = plan
        return plan

    def find(self, text: FieldText, limit: int | None = None) -> list[Match]:
        """The phrases found in a field.

        Args:
            text: the field's folded text and word counts.
            limit: follow no more than this many occurrences of a word for longer phrases.
        """
        return self.find_tangled(text, limit)[0]

    def find_tangled(
        self, text: FieldText, limit: int | None = None
    ) -> tuple[list[Match], set[str]]:
        """The phrases found in a field (as find()), and the owners of the negative or
        longer ones among them: matches whose overlaps with others need settling."""
        found: list[Match] = []
        tangled: set[str] = set()
        key = text.key
        if self._screen is not None and not self._screen.holds(key):
            return found, tangled  # no first word, whole or as a stem, stands in the field
        counts = text.counts
        words = text.words
        by_word = self._by_word
        max_count = self._max_count
        barren = self._barren
        # In the order the words first appear (a set's order would vary from run to run):
        # the same text gives the same matches, evidence and float sums every time.
        for word in counts:
            if word in barren:
                continue
            plan = by_word.get(word)
            if plan is None:
                plan = self._plan(word)
            if plan.singles:
                counted = plan.counted
                count = counts[word]
                found += counted[count - 1] if count <= max_count else counted[-1]
                if plan.negative_owners:
                    tangled |= plan.negative_owners
            if not plan.followed:
                continue
            gates = plan.gates
            if gates is not None and (
                plan.gate_words.isdisjoint(words) or not any(gate <= words for gate in gates)
            ):
                continue  # every longer phrase needs a word the field does not have
            if limit is None or counts[word] <= limit:
                # Every occurrence is looked at: let the regex skip those no tail follows.
                for m in _compiled(plan.followed).finditer(key):
                    start = m.start()
                    if start == 0 or not key[start - 1].isalnum():
                        _follow(key, start, m.end(), plan.longer, found, tangled)
            else:
                any_tail = _compiled(plan.any_tail)
                for start, end in text.spans(word)[:limit]:
                    if any_tail.match(key, end) is not None:
                        _follow(key, start, end, plan.longer, found, tangled)
        return found, tangled


def _screen(exact: Iterable[str], stems: Iterable[str]) -> WordScreen | None:
    """A screen for the first words (exact ones whole, stems at a word's start), or None
    when there are too many for one search to pay."""
    exact, stems = list(exact), list(stems)
    if len(exact) + len(stems) > _SCREEN_WORDS or not (exact or stems):
        return None
    return WordScreen(exact, stems)


def _follow(
    key: str,
    start: int,
    end: int,
    longer: tuple[Phrase, ...],
    found: list[Match],
    owners: set[str],
) -> None:
    """Add the longer phrases whose later words follow an occurrence at (start, end), and
    their owners to `owners`."""
    for phrase in longer:
        m = _compiled(phrase.tail).match(key, end)
        if m is not None:
            found.append(Match((start, m.end()), phrase))
            owners.add(phrase.owner)


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


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)

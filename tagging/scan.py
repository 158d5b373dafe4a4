"""Find whole words in a folded text and read the words around them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from tagging.bytetext import ByteClass, encoded
from tagging.records import maker
from tagging.tokenise import NEXT_TOKEN, TOKEN, KeyText

Span = tuple[int, int]
# Non-word characters, then a word: the next word after a position (or, on reversed
# text, the previous one).
_GAP_WORD = re.compile(r"([\W_]*)([^\W_]+)")
T = TypeVar("T")
# The characters of a token, for splitting text that fits one byte per character.
_TOKEN_CHARS = ByteClass.of(TOKEN.pattern.removesuffix("+"))
# How far back to look for the words before a position; a few words of context at most.
_WINDOW = 100


@dataclass(frozen=True, slots=True)
class Word:
    """A word near a position, and the text between it and its neighbour towards it."""

    key: str
    start: int
    end: int
    gap: str


_make_word = maker(Word)


class FieldText:
    """One field of an item, folded, with how often each word occurs in it.

    Counting is one C-level pass (Counter over findall), done when first asked for: a
    search for a few words can rule a field out without it. Positions are looked up only
    for the few words the tagger cares about, and remembered.
    """

    __slots__ = ("name", "text", "key", "_counts", "_words", "_spans")

    def __init__(self, name: str, text: KeyText) -> None:
        self.name = name
        self.text = text
        self.key = text.key
        self._counts: Counter[str] | None = None
        self._words: set[str] = set()
        self._spans: dict[str, list[Span]] = {}

    @property
    def counts(self) -> Counter[str]:
        """How often each word occurs, in the order the words first appear."""
        if self._counts is None:
            raw = self.text.raw if self.text.raw is not None else encoded(self.key)
            words = TOKEN.findall(self.key) if raw is None else _TOKEN_CHARS.words(raw)
            self._counts = Counter(words)
            self._words = set(self._counts)
        return self._counts

    @property
    def words(self) -> set[str]:
        """The distinct words of the field."""
        if self._counts is None:
            self.counts  # noqa: B018 - counting fills both
        return self._words

    def first(self, word: str) -> Span | None:
        """The first place a word stands whole in the field, or None."""
        found = self._spans.get(word)
        if found is None:
            key = self.key
            pos = key.find(word)
            end = pos + len(word)
            # The first occurrence nearly always stands whole: check it before a search.
            if (
                pos >= 0
                and (pos == 0 or not key[pos - 1].isalnum())
                and (end == len(key) or not key[end].isalnum())
            ):
                return pos, end
            found = _whole(key, word, 1)
        return found[0] if found else None

    def spans(self, word: str) -> list[Span]:
        """Where a word stands whole in the field."""
        found = self._spans.get(word)
        if found is None:
            # The word count says how many there are: no need to search the rest of the text.
            # The attribute once counted: spans are asked for often, and the property's
            # call would cost more than the lookup.
            counts = self._counts if self._counts is not None else self.counts
            found = _whole(self.key, word, counts.get(word, 0))
            self._spans[word] = found
        return found


def _whole(key: str, word: str, limit: int = 0) -> list[Span]:
    """Spans where one word stands whole in `key`: the first `limit`, or all if 0."""
    found: list[Span] = []
    if len(word) > _SHORT:
        # occurrences() for one word, as a plain loop: str.find skips ahead at C speed.
        size = len(word)
        last = len(key)
        pos = key.find(word)
        while pos >= 0:
            end = pos + size
            if (pos == 0 or not key[pos - 1].isalnum()) and (end == last or not key[end].isalnum()):
                found.append((pos, end))
                if len(found) == limit:
                    break
            pos = key.find(word, end)
        return found
    for m in _word_pattern(word).finditer(key):
        start = m.start()
        if start == 0 or not key[start - 1].isalnum():
            found.append(m.span())
            if len(found) == limit:
                break
    return found


# Short words (на, on, під) hide inside many longer ones, where str.find would stop at
# each; for them a compiled pattern, the word then a non-letter, scans at C speed (the
# start is checked by hand: a look-behind in front would cost the regex its prefix scan).
# Longer words are rarely inside others, and compiling a pattern for each would cost more.
_SHORT = 3
_PATTERNS: dict[str, re.Pattern[str]] = {}
_MAX_PATTERNS = 50_000


def _word_pattern(word: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(word)
    if pattern is None:
        if len(_PATTERNS) >= _MAX_PATTERNS:
            _PATTERNS.clear()
        pattern = re.compile(re.escape(word) + r"(?![^\W_])")
        _PATTERNS[word] = pattern
    return pattern


class WordScreen:
    """Says whether a folded text holds any of some words standing whole, or a word that
    starts with one of some stems: one regex search rules most texts out.

    Args:
        words: the whole words.
        stems: the word starts.
    """

    __slots__ = ("_regex",)

    def __init__(self, words: Iterable[str], stems: Iterable[str] = ()) -> None:
        words, stems = sorted(words), sorted(stems)
        parts = [f"(?:{'|'.join(map(re.escape, stems))})"] if stems else []
        if words:
            parts.append(rf"(?:{'|'.join(map(re.escape, words))})(?![^\W_])")
        # No look-behind for the start of a word in front: the regex then skips ahead to
        # the next possible first letter at C speed, and the few hits are checked by hand.
        self._regex = re.compile("|".join(parts) if parts else "(?!)")

    def holds(self, key: str) -> bool:
        """Whether the folded text holds one of the words, or a word with one of the stems."""
        for m in self._regex.finditer(key):
            start = m.start()
            # [^\W_] is what isalnum() says: a word starts where no such character is before.
            if start == 0 or not key[start - 1].isalnum():
                return True
        return False


def occurrences(key: str, word: str) -> Iterator[Span]:
    """Spans where `word` (one word, or words joined by spaces) stands whole in `key`."""
    first, _, rest = word.partition(" ")
    more = rest.split(" ") if rest else None
    size = len(first)
    find = key.find
    pos = find(first)
    while pos >= 0:
        end = pos + size
        if (pos == 0 or not key[pos - 1].isalnum()) and (end == len(key) or not key[end].isalnum()):
            if more is None:
                yield pos, end
            else:
                full = match_words(key, end, more)
                if full is not None:
                    yield pos, full
        pos = find(first, end)


def match_words(key: str, end: int, rest: list[str] | tuple[str, ...]) -> int | None:
    """If the words `rest` follow position `end`, the end of the last one."""
    for expected in rest:
        m = NEXT_TOKEN.match(key, end)
        if m is None or m.group(1) != expected:
            return None
        end = m.end()
    return end


def next_words(key: str, end: int, count: int) -> list[Word]:
    """Up to `count` words after `end`, nearest first; each `gap` is the text before it."""
    out = []
    for m in TOKEN.finditer(key, end, min(len(key), end + _WINDOW)):
        out.append(_make_word(m.group(), m.start(), m.end(), key[end : m.start()]))
        end = m.end()
        if len(out) == count:
            break
    return out


def iter_previous_words(key: str, start: int) -> Iterator[Word]:
    """The words before `start`, nearest first, read lazily; each `gap` is the text after it.

    Reads a short window backwards (reversed, so a forward regex steps word by word).
    """
    low = max(0, start - _WINDOW)
    window = key[low:start][::-1]
    size = len(window)
    pos = 0
    match = _GAP_WORD.match
    while True:
        m = match(window, pos)
        if m is None:
            return
        end = m.end()
        # A word cut by the window's edge is not a word we can judge.
        if end == size and low > 0:
            return
        word_start, word_end = start - end, start - m.end(1)
        yield _make_word(
            key[word_start:word_end], word_start, word_end, key[word_end : start - pos]
        )
        pos = end


def previous_words(key: str, start: int, count: int) -> list[Word]:
    """Up to `count` words before `start`, nearest first; each `gap` is the text after it."""
    return list(islice(iter_previous_words(key, start), count))


def word_before(key: str, start: int) -> Word | None:
    """The word right before `start` (as previous_words(key, start, 1) gives it), or None."""
    return next(iter_previous_words(key, start), None)


CONJUNCTIONS = frozenset({"та", "і", "й", "и", "and", "or", "або", "или", "&"})


def chain_before(
    key: str, start: int, lookup: Callable[[str], T | None], limit: int = 6
) -> list[tuple[Word, T]]:
    """Words right before `start` that `lookup` recognises, joined by spaces, dashes or "and".

    Reads "Донецька та Луганська [області]" or "покровсько-мирноградська [агломерація]":
    nearest first; stops at the first word it does not recognise or any other punctuation.
    """
    found: list[tuple[Word, T]] = []
    expect_name = True
    for word in islice(iter_previous_words(key, start), limit):
        if word.gap.strip(" -"):
            break
        if not expect_name and word.key in CONJUNCTIONS:
            expect_name = True
            continue
        value = lookup(word.key)
        if value is None:
            break
        found.append((word, value))
        expect_name = False
    return found

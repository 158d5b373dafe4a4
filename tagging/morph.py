"""Shared machinery for declining place names: endings tables and multi-word agreement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import product

# Six grammatical cases, in this order for both languages: nominative, genitive, dative,
# accusative, instrumental, locative/prepositional.
CASES = 6
Cases = tuple[frozenset[str], ...]
Decliner = Callable[[str, bool], Cases]

# Endings in a pattern are "|"-separated alternatives; "=" stands for the word unchanged
# and "*" asks the language's consonant alternation before the ending (рука → руці).
# The nominative slot is ignored: a word's nominative is the word itself.
Pattern = tuple[str, ...]


def decline(
    word: str,
    stems: Iterable[str],
    pattern: Pattern,
    alternate: Callable[[str], str] | None = None,
) -> Cases:
    """Apply an endings pattern to every stem; returns one set of forms per case."""
    stems = tuple(dict.fromkeys(stems))
    out: list[frozenset[str]] = [frozenset({word})]
    for case_endings in pattern[1:]:
        forms: set[str] = set()
        for ending in case_endings.split("|"):
            if ending == "=":
                forms.add(word)
            elif ending.startswith("*") and alternate is not None:
                forms.update(alternate(stem) + ending[1:] for stem in stems)
            else:
                forms.update(stem + ending.lstrip("*") for stem in stems)
        out.append(frozenset(forms))
    return tuple(out)


def merge(*declensions: Cases) -> Cases:
    """Union of several declensions of one word (when its type is uncertain)."""
    return tuple(frozenset().union(*parts) for parts in zip(*declensions, strict=True))


def indeclinable(word: str) -> Cases:
    """A word that keeps one form in every case."""
    return (frozenset({word}),) * CASES


# More than this many forms for one multi-word name means a pathological name; the
# common forms are kept and the rest dropped rather than blowing up the index.
_MAX_COMBINATIONS = 64


def name_forms(words: list[str], decliner: Decliner) -> set[str]:
    """All case forms of a (possibly multi-word) name, words agreeing in case.

    Words before the last may also stay in the nominative (Нью-Йорка, Часів Яру), which
    is how many compound and half-declined names appear in print.
    """
    if not words:
        return set()
    if len(words) == 1:
        return set().union(*decliner(words[0], True))
    per_word = [decliner(word, index == len(words) - 1) for index, word in enumerate(words)]
    forms: set[str] = set()
    for case in range(CASES):
        choices = []
        for index, cases in enumerate(per_word):
            options = set(cases[case])
            if index < len(words) - 1:
                options.add(words[index])
            choices.append(sorted(options))
        for count, combo in enumerate(product(*choices)):
            if count >= _MAX_COMBINATIONS:
                break
            forms.add(" ".join(combo))
    return forms

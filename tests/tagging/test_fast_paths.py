"""The tagger's shortcuts and caches give the answers of the plain way of working them out."""

from __future__ import annotations

import random
import re

import pytest

from tagging.phrases import PhraseMatcher, parse_phrase
from tagging.scan import FieldText, occurrences, previous_words, word_before
from tagging.tagger import Tagger
from tagging.tokenise import TOKEN, KeyText

_ALPHABET = "ab на у ї'’ -—,.\n_«»1Ё\u0301x"


def _random_texts(seed: int, count: int, size: int = 60) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, size))) for _ in range(count)
    ]


@pytest.mark.parametrize("seed", range(3))
def test_first_and_spans_find_every_whole_word(seed):
    for text in _random_texts(seed, 100):
        _check_spans(text)


def _check_spans(text: str) -> None:
    field = FieldText("body", KeyText(text))
    key = field.key
    for word in set(TOKEN.findall(key)) | {"на", "ab", "zz"}:
        whole = [
            m.span()
            for m in re.finditer(re.escape(word), key)
            if (m.start() == 0 or not key[m.start() - 1].isalnum())
            and (m.end() == len(key) or not key[m.end()].isalnum())
        ]
        assert field.spans(word) == whole == list(occurrences(key, word))
        assert FieldText("body", KeyText(text)).first(word) == (whole[0] if whole else None)


def test_word_counts_and_tokens_agree_with_or_without_underscores():
    for text in ("a_b a_b c", "Бої_за Покровськ", "plain words, plain"):
        field = FieldText("body", KeyText(text))
        assert sorted(field.counts.elements()) == sorted(TOKEN.findall(field.key))
        assert field.words == set(TOKEN.findall(field.key))


@pytest.mark.parametrize("seed", range(3))
def test_word_before_is_the_nearest_previous_word(seed):
    for text in _random_texts(10 + seed, 60, size=250):
        _check_before(KeyText(text).key)


def _check_before(key: str) -> None:
    for start in range(len(key) + 1):
        before = previous_words(key, start, 1)
        assert word_before(key, start) == (before[0] if before else None)
        for word in previous_words(key, start, 3):
            assert word.end <= start
            assert key[word.start : word.end] == word.key
            assert not TOKEN.search(word.gap)


def test_short_and_long_texts_fold_alike():
    name = "Слов’янськ — Ё\u00a0ЛИМАН`"
    short = KeyText(name)
    padded = KeyText(name + " " * 100)
    assert padded.key.startswith(short.key)
    assert short.key == "словянськ - е лиман'"


def test_matcher_counts_stop_at_max_count_and_limit_caps_followed_words():
    phrases = [parse_phrase("бої", "a"), parse_phrase("бої за", "b"), parse_phrase("атак*", "c")]
    matcher = PhraseMatcher(phrases, max_count=2)
    text = FieldText("body", KeyText("бої за A. бої за B. бої за C. атака, атаки, атака"))
    found = matcher.find(text, limit=2)
    singles = {(m.phrase.owner, m.word): m.count for m in found if m.span is None}
    assert singles == {("a", "бої"): 2, ("c", "атака"): 2, ("c", "атаки"): 1}
    longer = [m.span for m in found if m.phrase.owner == "b"]
    assert longer == [(0, 6), (10, 16)]  # only the first two occurrences are followed
    unlimited = [m.span for m in matcher.find(text) if m.phrase.owner == "b"]
    assert unlimited == [(0, 6), (10, 16), (20, 26)]


def test_a_warm_tagger_answers_as_a_fresh_one(mini):
    texts = [
        ("Бої за Покровськ", "Дрони атакують логістику під Мирноградом. Бої за Світле та Удачне."),
        ("", "Fighting near Pokrovsk and Myrnohrad; drones struck the town."),
        ("", "Шевченко заявив, що Покровськ під обстрілом."),
    ]
    warm = Tagger(gazetteer=mini)
    for _ in range(3):
        for title, body in texts:
            warm.tag(title, body)
    for title, body in texts:
        fresh = Tagger(gazetteer=mini).tag(title, body)
        again = warm.tag(title, body)
        assert again == fresh
        assert again.rejected == fresh.rejected

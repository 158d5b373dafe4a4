"""The tagger's shortcuts and caches give the answers of the plain way of working them out."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
import random
import re
from pathlib import Path

import pytest

from tagging.bytetext import byte_map, decoded, encoded
from tagging.disambiguate import _KM_PER_LAT, _KM_PER_LON, _nearest_km
from tagging.lang import _letter_counts, _words
from tagging.phrases import PhraseMatcher, parse_phrase
from tagging.records import maker
from tagging.scan import (
    FieldText,
    Word,
    WordScreen,
    occurrences,
    previous_words,
    word_before,
)
from tagging.tagger import Tagger
from tagging.tailregex import any_tail_regex, tail_gates
from tagging.text import normalise, strip_controls
from tagging.tokenise import TOKEN, KeyText, _fold_same_length
from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

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


@pytest.mark.parametrize("seed", range(2))
def test_a_screened_matcher_finds_what_an_unscreened_one_does(seed, monkeypatch):
    """A matcher of a few cues rules fields out by one search before counting words."""
    from tagging import phrases
    from tagging.themes import load_themes

    cues = [cue for theme in load_themes() for cue in theme.cues]
    rng = random.Random(seed)
    labelled = Path(__file__).parent / "data" / "labelled.jsonl"
    lines = labelled.read_text(encoding="utf-8").splitlines()
    texts = _tricky_texts(seed, 50) + [json.loads(line)["text"] for line in lines if line]
    hits = 0
    for _ in range(40):
        few = rng.sample(cues, rng.randint(1, 6))
        screened = phrases.PhraseMatcher(few)
        assert screened._screen is not None
        monkeypatch.setattr(phrases, "_SCREEN_WORDS", 0)
        plain = phrases.PhraseMatcher(few)
        monkeypatch.undo()
        assert plain._screen is None
        for text in texts:
            field = FieldText("body", KeyText(text))
            found = screened.find_tangled(field, 4)
            assert found == plain.find_tangled(field, 4)
            hits += bool(found[0])
    assert hits >= 10  # the screen let through the fields that hold a cue


@pytest.mark.parametrize("seed", range(3))
def test_a_word_screen_says_what_the_words_of_a_text_say(seed):
    rng = random.Random(seed)
    for text in _tricky_texts(seed, 150) + _random_texts(seed, 150):
        key = KeyText(text).key
        tokens = TOKEN.findall(key)
        pool = tokens + ["за", "ab", "покровськ", "zz", "12_a"]
        words = set(rng.sample(pool, min(len(pool), rng.randint(0, 3))))
        stems = {w[: rng.randint(1, 3)] for w in rng.sample(pool, min(len(pool), 2)) if w}
        for some_words, some_stems in ((words, set()), (set(), stems), (words, stems)):
            expected = any(
                t in some_words or any(t.startswith(s) for s in some_stems) for t in tokens
            )
            assert WordScreen(some_words, some_stems).holds(key) == expected, (key, words, stems)


def test_a_phrase_keeps_the_hash_its_compared_fields_give():
    phrase = parse_phrase("heavy fighting*=0.5", "assault")
    twin = parse_phrase("heavy fighting*=0.5", "assault")
    assert phrase == twin and hash(phrase) == hash(twin)
    compared = (phrase.words, phrase.weight, phrase.owner, False, phrase.source, False)
    assert hash(phrase) == hash(compared)  # what the dataclass's own __hash__ gives
    assert phrase != parse_phrase("heavy fighting*=0.5", "assault", negative=True)
    changed = dataclasses.replace(phrase, owner="casualties")
    assert hash(changed) == hash((*compared[:2], "casualties", *compared[3:]))
    copy = pickle.loads(pickle.dumps(phrase))
    assert copy == phrase and hash(copy) == hash(phrase) and copy.tail == phrase.tail


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
        fresh = Tagger(gazetteer=mini).tag(title, body, explain=True)
        again = warm.tag(title, body, explain=True)
        assert again == fresh
        assert again.rejected == fresh.rejected
        # Explaining only adds the rejected candidates: the tags are the same.
        assert warm.tag(title, body) == fresh and not warm.tag(title, body).rejected


# Characters that push text off the code-page paths (emoji, U+2010, stress marks, İ, Σ)
# or onto their edge cases (ё, apostrophes of every kind, dashes, no-break spaces).
_TRICKY = "Бої за Покровськ' ’ʼ`´ ё Ё-—‐ \u00a0İΣ\u0301x 🙂 «Мирноград» 12_a"


def _tricky_texts(seed: int, count: int = 200) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 50))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
def test_code_page_helpers_agree_with_the_codec(seed):
    for text in _tricky_texts(seed):
        try:
            expected = text.encode("cp1251")
        except UnicodeEncodeError:
            expected = None
        assert encoded(text) == expected
        if expected is not None:
            assert decoded(expected) == text


def test_byte_map_refuses_a_conversion_that_leaves_the_code_page():
    assert encoded("Ab").translate(byte_map(str.lower)) == b"ab"
    with pytest.raises(ValueError, match="not one code-page byte"):
        byte_map(lambda ch: ch + ch)


@pytest.mark.parametrize("seed", range(3))
def test_keys_folded_byte_by_byte_equal_the_character_path(seed):
    drop = re.compile(r"(?<=[^\W_])'(?=[^\W_])|[\u0300\u0301]")
    for text in _tricky_texts(seed):
        folded = _fold_same_length(text)
        key = KeyText(text)
        assert key.key == drop.sub("", folded)
        # Each dropped character, as the number of key characters before it.
        assert key._dropped == [m.start() - n for n, m in enumerate(drop.finditer(folded))]
        if key.raw is not None:
            assert key.raw == encoded(key.key)


def _normalised_step_by_step(text: str) -> str:
    """normalise() as its docstring defines it, one rule after another."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = re.sub("(?<=\\w)['\u2019\u02bc`\u2018\u02b9\u2032\u00b4](?=\\w)", "", text)
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = re.sub("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]", "-", text)
    return re.sub("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]", " ", text)


@pytest.mark.parametrize("seed", range(3))
def test_normalise_in_one_pass_equals_the_rules_one_by_one(seed):
    rng = random.Random(seed)
    chars = _TRICKY + "''`‘ʹ′´–—―−﹘﹣－\u00a0\u2003\u3000е\u0308a1 "
    for _ in range(300):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 40)))
        assert normalise(text) == _normalised_step_by_step(text), repr(text)
    for text in ("п’ять об'єкт Слов`янськ", "a'' b 'c' d’", "Нью‐Йорк — 1\u00a0000", "Артёмовск"):
        assert normalise(text) == _normalised_step_by_step(text)


def test_strip_controls_keeps_printable_text_and_strips_the_rest():
    assert strip_controls("Бої «за» Покровськ 🙂") == "Бої «за» Покровськ 🙂"
    assert strip_controls("a\r\nb\x1b[31mc\u200bd\x07") == "a\nbcd"
    assert strip_controls("tab\tand\nline") == "tab\tand\nline"
    # Lines and tabs do not hide what else is in the text from the printable check.
    assert strip_controls("one\nline\u202e two\tx\x07") == "one\nline two\tx"
    assert strip_controls("one\n\x1b]8;;http://x\x07link\n") == "one\nlink\n"
    # One-byte C1 introducers take their parameters with them, as a terminal would.
    assert strip_controls("a\x9b1;31mb\x9d0;t\x07c\x9d8;;u\x9cd") == "abcd"


@pytest.mark.parametrize("seed", range(3))
def test_language_counts_through_bytes_equal_the_regex_counts(seed):
    for text in _tricky_texts(seed) + _random_texts(seed, 50):
        raw = encoded(text)
        if raw is not None:
            assert _letter_counts(text, raw) == _letter_counts(text, None)
            assert _words(text, raw) == _words(text, None)


def _phrases(*cues: str) -> list:
    return [parse_phrase(cue, "t") for cue in cues]


_PIECES = ("бої", "за", "мирноград", "мирнограду", "покровськ", "x", "1")
_GAPS = (" ", "  ", " - ", "-", "«", "» ", "“", " „", "\n", "\n\n", ", ", "_", "🙂", "")


@pytest.mark.parametrize("seed", range(3))
def test_the_quick_tail_filter_passes_wherever_an_exact_tail_matches(seed):
    phrases = _phrases("бої за", "бої * мирноград*", "бої покровськ*", "бої * * за", "x 1")
    quick = re.compile(any_tail_regex(phrases))
    exact = [re.compile(p.tail) for p in phrases]
    rng = random.Random(seed)
    hits = 0
    for _ in range(300):
        pieces = [rng.choice(_PIECES) + rng.choice(_GAPS) for _ in range(rng.randint(1, 8))]
        key = KeyText("".join(pieces)).key
        for end in range(len(key) + 1):
            if any(tail.match(key, end) for tail in exact):
                hits += 1
                assert quick.match(key, end), (key, end)
    assert hits > 100  # the texts do exercise the tails


def test_tail_gates_name_the_words_each_longer_phrase_needs():
    assert tail_gates(_phrases("бої за", "бої біля покровськ*")) == (
        frozenset({"за"}),
        frozenset({"біля"}),
    )
    assert tail_gates(_phrases("бої за", "атак* * дрон*")) is None  # a tail of stems only


def test_evidence_built_as_a_bare_tuple_is_the_named_record():
    made = tuple.__new__(Evidence, ("body", 1, 5, "form", "cue"))
    record = Evidence("body", 1, 5, "form", "cue")
    assert made == record and repr(made) == repr(record) and hash(made) == hash(record)
    assert (made.field, made.start, made.end, made.form, made.rule) == tuple(record)
    assert pickle.loads(pickle.dumps(made)) == record  # worker processes send results
    with pytest.raises(AttributeError):
        made.start = 2  # type: ignore[misc]


def test_quick_record_constructors_build_equal_records():
    evidence = Evidence("body", 1, 5, "form", "cue")
    samples = [
        PlaceTag("pokrovsk", 1, (evidence,), ("x",)),
        ThemeTag("drones", 0.5, (evidence,)),
        TagResult("uk", (), (), "1", (evidence,)),
        Word("бої", 0, 3, " "),
    ]
    for record in samples:
        fields = [getattr(record, f.name) for f in dataclasses.fields(record)]
        made = maker(type(record))(*fields)
        assert made == record and repr(made) == repr(record) and hash(made) == hash(record)
        assert pickle.loads(pickle.dumps(made)) == record  # worker processes send results
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, dataclasses.fields(made)[0].name, None)
    with pytest.raises(TypeError, match="not a slots dataclass"):
        maker(dataclasses.make_dataclass("Plain", ["x"]))
    checked = dataclasses.make_dataclass(
        "Checked", ["x"], slots=True, namespace={"__post_init__": lambda self: None}
    )
    with pytest.raises(TypeError, match="outside its arguments"):
        maker(checked)


def test_distances_with_and_without_unknown_locations_agree():
    def on_plane(lat: float, lon: float) -> tuple[float, float]:
        return lat * _KM_PER_LAT, lon * _KM_PER_LON

    places = [(48.28, 37.18), (48.3, 37.26), (47.1, 35.2)]
    anchors = [(48.5, 37.6), (48.1, 37.0), (48.3, 37.26)]
    wheres = [on_plane(*p) for p in places]
    points = [on_plane(*p) for p in anchors]
    plain = _nearest_km(wheres, points)
    with_unknown = _nearest_km([*wheres, None], points)
    assert with_unknown == [*plain, math.inf]
    expected = [
        min(
            math.hypot((lon - p_lon) * _KM_PER_LON, (lat - p_lat) * _KM_PER_LAT)
            for p_lat, p_lon in anchors
        )
        for lat, lon in places
    ]
    assert plain == pytest.approx(expected, abs=1e-9) and plain[1] == 0.0
    assert 6 < plain[0] < 7  # Pokrovsk to the anchor at (48.3, 37.26): about 6.3 km


def test_a_scan_with_known_words_given_equals_one_without(mini):
    tagger = Tagger(gazetteer=mini)
    finder = tagger._finder
    texts = ["Бої за Покровськ і Мирноград, Покровського району.", "Fighting near Pokrovsk."]
    for text in texts:
        field = FieldText("body", KeyText(text))
        known = field.words & tagger._place_words
        given = finder.scan(field, [], known).candidates
        worked_out = finder.scan(FieldText("body", KeyText(text)), []).candidates
        assert given == worked_out

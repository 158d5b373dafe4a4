"""Tokens and folded keys keep true offsets into the original text."""

from __future__ import annotations

from tagging.tokenise import KeyText, key_of, tokens


def test_spans_point_into_original_text():
    text = "Бої під Покровськом, Pokrovsk’s defenders"
    for token in tokens(text):
        assert KeyText(text[token.start : token.end]).key.replace("'", "") == token.key


def test_apostrophes_stay_in_token_but_leave_the_key():
    text = "Куп’янськ, Pokrovsk's, Слов'янськ і Мар`їнка"
    found = {t.key: text[t.start : t.end] for t in tokens(text)}
    assert found["купянськ"] == "Куп’янськ"
    assert found["pokrovsks"] == "Pokrovsk's"
    assert found["словянськ"] == "Слов'янськ"
    assert found["марїнка"] == "Мар`їнка"


def test_modifier_letter_apostrophe_is_not_a_letter_of_the_key():
    assert key_of("Слов\u02bcянськ") == "словянськ"


def test_dashes_split_words():
    for text in ("Pokrovsk–Myrnohrad", "Pokrovsk-Myrnohrad", "Pokrovsk—Myrnohrad"):
        assert [t.key for t in tokens(text)] == ["pokrovsk", "myrnohrad"]


def test_yo_and_case_fold_to_one_key():
    assert key_of("Артёмовск") == key_of("АРТЕМОВСК") == "артемовск"


def test_stress_marks_are_dropped_from_keys_with_offsets_kept():
    text = "У Покро\u0301вську"
    (first, second) = tokens(text)
    assert second.key == "покровську"
    assert text[second.start : second.end] == "Покро\u0301вську"


def test_key_of_joins_words_with_single_spaces():
    assert key_of("  Нью-Йорк ") == "нью йорк"
    assert key_of("Rostov-on-Don") == "rostov on don"


def test_offsets_after_many_apostrophes():
    text = "п'ять м'ясних з'їздів: Куп'янськ"
    kt = KeyText(text)
    start = kt.key.index("купянськ")
    begin, end = kt.span(start, start + len("купянськ"))
    assert text[begin:end] == "Куп'янськ"

"""The cheap language guess."""

from __future__ import annotations

import pytest

from tagging.lang import detect_lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Russian forces attacked the town of Pokrovsk overnight.", "en"),
        ("Російські війська атакували Покровськ уночі.", "uk"),
        ("Российские войска атаковали Покровск ночью.", "ru"),
        ("Бої під Покровськом тривають", "uk"),
        ("Бои под Покровском: ситуация", "ru"),
        ("Що відбувається на фронті", "uk"),
        ("Что происходит на фронте", "ru"),
        ("Die Stadt wurde in der Nacht angegriffen und ist nicht sicher.", "other"),
        ("12:30 — 5/7", "other"),
        ("", "other"),
    ],
)
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang

"""Search words: case and spelling folding, phrases, OR, negation, prefixes, place forms."""

from __future__ import annotations

import pytest
from storage_kit import NOW, StoreFn, body_tag, item

from storage import Database, QueryError
from storage.search import search


def _ids(db: Database, query: str) -> set[int]:
    return {h.item.id for h in search(db, query, now=NOW).hits}


def test_cyrillic_case_folding(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", "Бої за Покровськ", "Покровськ тримається")).new_ids
    for query in ("ПОКРОВСЬК", "покровськ", "ПоКрОвСьК"):
        assert _ids(db, query) == {item_id}, query


def test_words_are_anded(db: Database, store: StoreFn) -> None:
    both, one = store(
        "ua-news",
        item("g1", "Обстріл міста", "Ворог застосував дрони"),
        item("g2", "Обстріл селища", "Артилерія била всю ніч"),
    ).new_ids
    assert _ids(db, "обстріл дрони") == {both}
    assert _ids(db, "обстріл") == {both, one}
    assert _ids(db, "дрони артилерія") == set()


def test_phrase_needs_the_words_together_and_in_order(db: Database, store: StoreFn) -> None:
    together, apart, reversed_ = store(
        "ua-news",
        item("g1", "Новина", "Триває штурм Покровська"),
        item("g2", "Новина", "Штурм не вдався, біля Покровська тихо"),
        item("g3", "Новина", "Під Покровська штурм"),
    ).new_ids
    assert _ids(db, '"штурм Покровська"') == {together}
    assert _ids(db, "штурм Покровська") == {together, apart, reversed_}
    assert _ids(db, '"штурм покровська') == {together}  # an unclosed quote is closed


def test_or_between_words(db: Database, store: StoreFn) -> None:
    drone, missile, neither = store(
        "ua-news",
        item("g1", "Новина", "Дрон уразив склад"),
        item("g2", "Новина", "Ракета влучила в депо"),
        item("g3", "Новина", "Тиша на фронті"),
    ).new_ids
    assert _ids(db, "дрон OR ракета") == {drone, missile}
    assert _ids(db, "склад дрон OR ракета") == {drone}  # OR binds tighter than AND
    assert neither not in _ids(db, "дрон | ракета")


def test_negation(db: Database, store: StoreFn) -> None:
    plain, excluded = store(
        "ua-news",
        item("g1", "Штурм", "Штурм біля Покровська"),
        item("g2", "Штурм", "Штурм біля Мирнограда"),
    ).new_ids
    assert _ids(db, "штурм -мирнограда") == {plain}
    assert _ids(db, "штурм NOT мирнограда") == {plain}
    assert _ids(db, "штурм -мирнограда -покровська") == set()
    assert excluded in _ids(db, "штурм")


@pytest.mark.parametrize("query", ["-штурм", "-штурм -бої", "NOT штурм"])
def test_a_query_cannot_only_exclude(db: Database, query: str) -> None:
    with pytest.raises(QueryError, match="cannot only exclude"):
        search(db, query, now=NOW)


def test_negation_with_only_a_filter(db: Database, store: StoreFn) -> None:
    kept, dropped = store(
        "ua-news",
        item("g1", "Новина", "штурм", places=["pokrovsk"]),
        item("g2", "Новина", "відступ", places=["pokrovsk"]),
    ).new_ids
    assert _ids(db, "place:pokrovsk -відступ") == {kept}
    assert dropped in _ids(db, "place:pokrovsk")


def test_a_hyphen_inside_a_word_is_not_negation(db: Database, store: StoreFn) -> None:
    hyphen, space, other, split = store(
        "ua-news",
        item("g1", "Авіація", "Винищувач F-16 над Донеччиною"),
        item("g2", "Авіація", "Винищувач F 16 над Донеччиною"),
        item("g3", "Авіація", "Винищувач F-35 над Донеччиною, 16 вильотів"),
        item("g4", "Авіація", "Про 16 дронів"),
    ).new_ids
    assert _ids(db, "F-16") == {hyphen, space}
    assert other not in _ids(db, "f-16")
    assert split not in _ids(db, "F-16")


def test_prefix(db: Database, store: StoreFn) -> None:
    one, many, other = store(
        "ua-news",
        item("g1", "Новина", "Нічний обстріл"),
        item("g2", "Новина", "Обстріли тривали"),
        item("g3", "Новина", "Обшук у будинку"),
    ).new_ids
    assert _ids(db, "обс*") == {one, many}
    assert _ids(db, "об*") == {one, many, other}
    assert _ids(db, "ОБСТРІЛ*") == {one, many}


@pytest.mark.parametrize("query", ["п*", "*", "штурм *", "a*"])
def test_too_short_prefix_is_an_error(db: Database, query: str) -> None:
    with pytest.raises(QueryError) as error:
        search(db, query, now=NOW)
    assert "\n" not in str(error.value) and "*" in str(error.value)


@pytest.mark.parametrize("query", ["Покровськом", "Pokrovsk", "Красноармейск", "POKROVSK"])
def test_a_gazetteer_form_finds_items_tagged_with_the_place(
    db: Database, store: StoreFn, query: str
) -> None:
    body = "Бої тривають під Покровськом"
    tagged, untagged, elsewhere = store(
        "ua-news",
        item("g1", "Зведення", body, places=[body_tag("pokrovsk", body, "Покровськом")]),
        item("g2", "Зведення", "Про місто без тегу"),
        item("g3", "Зведення", "Бої під Мирноградом", places=["myrnohrad"]),
    ).new_ids
    found = _ids(db, query)
    assert tagged in found
    assert untagged not in found and elsewhere not in found


def test_a_place_form_also_matches_text_of_untagged_items(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", "Зведення", "Бої під Покровськом")).new_ids
    assert _ids(db, "Покровськом") == {item_id}
    assert _ids(db, "Pokrovsk") == set()  # only the tag could have found it


SLOVIANSK = ["Слов'янськ", "Слов’янськ", "Словʼянськ", "Словянськ"]


@pytest.mark.parametrize("query", SLOVIANSK)
def test_every_apostrophe_spelling_finds_every_other(
    db: Database, store: StoreFn, query: str
) -> None:
    ids = store(
        "ua-news",
        *(
            item(f"g{n}", "Новини", f"У місті {form} сьогодні тихо")
            for n, form in enumerate(SLOVIANSK)
        ),
    ).new_ids
    assert _ids(db, query) == set(ids)


def test_apostrophe_words_are_highlighted_whole(db: Database, store: StoreFn) -> None:
    store("ua-news", item("g1", "Новини", "У місті Слов’янськ тихо"))
    (hit,) = search(db, "Словянськ", now=NOW).hits
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["Слов’янськ"]


@pytest.mark.parametrize(
    ("written", "query"), [("Артёмовск", "Артемовск"), ("Артемовск", "Артёмовск")]
)
def test_yo_folds_to_ye(db: Database, store: StoreFn, written: str, query: str) -> None:
    (item_id,) = store("ru-blog", item("g1", "Сводка", f"Бои у {written} продолжаются")).new_ids
    assert _ids(db, query) == {item_id}


def test_diacritics_of_latin_and_cyrillic_fold(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", "News", "Fighting near Kostiantynivka café")).new_ids
    assert _ids(db, "cafe") == {item_id}


def test_words_in_title_are_found(db: Database, store: StoreFn) -> None:
    (item_id,) = store("ua-news", item("g1", "Контрнаступ біля Родинського", "")).new_ids
    assert _ids(db, "контрнаступ") == {item_id}


def test_tag_tokens_cannot_be_forged_by_text(db: Database, store: StoreFn) -> None:
    tagged, forged = store(
        "ua-news",
        item("g1", "Новина", "текст", places=["pokrovsk"]),
        item("g2", "Новина", "текст zp_pokrovsk zp pokrovsk"),
    ).new_ids
    assert _ids(db, "place:pokrovsk") == {tagged}
    assert _ids(db, "zp_pokrovsk") == {forged}  # found as words, never as the tag


def test_empty_query_lists_the_stream_newest_first(db: Database, store: StoreFn) -> None:
    ids = store("ua-news", item("g1", "Перша", "a"), item("g2", "Друга", "b")).new_ids
    assert [h.item.id for h in search(db, "", now=NOW).hits] == list(reversed(ids))
    assert [h.item.id for h in search(db, "   ", now=NOW).hits] == list(reversed(ids))

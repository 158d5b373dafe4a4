"""Search results: ranked order and its cap, paging, snippets and highlight spans."""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_kit import NOW, StoreFn, body_tag, hours_ago, item

from storage import Database
from storage.search import search, title_spans
from storage.types import SearchHit

FILLER = "Ситуація на фронті залишається складною, тривають бої та евакуація."


def _marked(hit: SearchHit) -> list[str]:
    return [hit.snippet[s:e] for s, e in hit.highlights]


@pytest.fixture
def ranked(db: Database, store: StoreFn) -> dict[str, int]:
    """Three matches for "дрони" of different strength among unrelated items."""
    # Unrelated items give the word a meaningful inverse document frequency.
    for n in range(12):
        store("ua-news", item(f"f{n}", f"Зведення {n}", FILLER), now=hours_ago(5))
    found = {}
    plan = [
        ("weak", "Новина дня", f"{FILLER} Згадали дрони. {FILLER}", 3),
        ("title", "Дрони атакували склад", f"{FILLER} Дрони знову над містом.", 2),
        ("newest", "Вечірнє зведення", f"{FILLER} {FILLER} дрони", 1),
    ]
    for key, title, body, age in plan:
        new = item(key, title, body, summary_only=False)
        (found[key],) = store("ua-news", new, now=hours_ago(age)).new_ids
    return found


def test_newest_first_by_default(db: Database, ranked: dict[str, int]) -> None:
    hits = search(db, "дрони", now=NOW).hits
    assert [h.item.id for h in hits] == [ranked["newest"], ranked["title"], ranked["weak"]]
    assert all(h.rank is None for h in hits)


def test_rank_puts_the_title_match_first(db: Database, ranked: dict[str, int]) -> None:
    result = search(db, "дрони", sort="rank", now=NOW)
    assert [h.item.id for h in result.hits][0] == ranked["title"]
    ranks = [h.rank for h in result.hits]
    assert all(r is not None and r > 0 for r in ranks)
    assert ranks == sorted(ranks, reverse=True)
    assert result.notes == ()


def test_rank_decays_with_age(db: Database, store: StoreFn) -> None:
    for n in range(12):
        store("ua-news", item(f"f{n}", f"Зведення {n}", FILLER), now=NOW - timedelta(days=60))
    old, new = (
        store("ua-news", item(key, "Дрони над містом", FILLER), now=when).new_ids[0]
        for key, when in (("old", NOW - timedelta(days=30)), ("new", hours_ago(1)))
    )
    hits = search(db, "дрони", sort="rank", now=NOW).hits
    assert [h.item.id for h in hits] == [new, old]
    assert hits[0].rank is not None and hits[1].rank is not None
    assert hits[0].rank > 3 * hits[1].rank


def test_rank_notes_when_it_ranked_only_the_newest_matches(
    db: Database, ranked: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.search.RANK_WINDOW", 2)
    result = search(db, "дрони", sort="rank", now=NOW)
    # The strongest match is not among the newest two, so it cannot be ranked.
    assert {h.item.id for h in result.hits} == {ranked["title"], ranked["newest"]}
    assert result.hits[0].item.id == ranked["title"]
    assert any("newest 2 matches" in n for n in result.notes), result.notes


def test_rank_does_not_note_a_cap_when_every_match_was_ranked(
    db: Database, ranked: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.search.RANK_WINDOW", 3)
    result = search(db, "дрони", sort="rank", now=NOW)
    assert len(result.hits) == 3
    assert result.notes == ()


def test_rank_without_words_falls_back_to_newest(db: Database, ranked: dict[str, int]) -> None:
    result = search(db, "since:7d", sort="rank", now=NOW, limit=3)
    assert [h.item.id for h in result.hits] == [ranked["newest"], ranked["title"], ranked["weak"]]
    assert any("nothing to rank" in n for n in result.notes)


@pytest.mark.parametrize("query", ["дрони OR зведення", "", "since:30d"])
def test_paging_with_before_id(db: Database, ranked: dict[str, int], query: str) -> None:
    everything = [h.item.id for h in search(db, query, now=NOW, limit=100).hits]
    assert everything == sorted(everything, reverse=True) and len(everything) >= 15
    pages, before = [], None
    while True:
        page = [h.item.id for h in search(db, query, now=NOW, limit=4, before_id=before).hits]
        if not page:
            break
        assert len(page) <= 4
        pages.extend(page)
        before = page[-1]
    assert pages == everything


def test_snippet_and_highlights_point_at_the_match(db: Database, store: StoreFn) -> None:
    words = [f"слово{n}" for n in range(120)]
    words[80] = "Штурмовики"
    body = " ".join(words)
    store("ua-news", item("g1", "Новина", body))
    (hit,) = search(db, "штурмовики", now=NOW).hits
    assert _marked(hit) == ["Штурмовики"]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) <= 202


def test_highlights_survive_whitespace_flattening(db: Database, store: StoreFn) -> None:
    body = "Перший   рядок.\n\n\tДругий рядок про  обстріли.\r\nТретій: обстріл  знову."
    store("ua-news", item("g1", "Новина", body))
    (hit,) = search(db, "обстріл*", now=NOW).hits
    assert "\n" not in hit.snippet and "  " not in hit.snippet
    assert _marked(hit) == ["обстріли", "обстріл"]


def test_phrase_and_folded_spellings_are_highlighted_in_the_original(
    db: Database, store: StoreFn
) -> None:
    store("ru-blog", item("g1", "Сводка", "Бои у Артёмовска, ШТУРМ Покровска отбит"))
    (hit,) = search(db, 'артемовска "штурм покровска"', now=NOW).hits
    assert _marked(hit) == ["Артёмовска", "ШТУРМ", "Покровска"]


def test_place_evidence_is_highlighted(db: Database, store: StoreFn) -> None:
    body = "Тривають бої під Покровськом, заявив речник."
    tag = body_tag("pokrovsk", body, "Покровськом")
    store("ua-news", item("g1", "Зведення", body, places=[tag]))
    for query in ("Pokrovsk", "place:Красноармейск"):
        (hit,) = search(db, query, now=NOW).hits
        assert _marked(hit) == ["Покровськом"], query


def test_snippet_without_a_match_shows_the_start(db: Database, store: StoreFn) -> None:
    body = "Початок тексту. " + "x " * 200
    store("ua-news", item("g1", "Обстріл Краматорська", body))
    (hit,) = search(db, "обстріл", now=NOW).hits  # the match is in the title only
    assert hit.snippet.startswith("Початок тексту.") and hit.highlights == ()
    result = search(db, "обстріл", now=NOW)
    assert title_spans("Обстріл Краматорська", result) == [(0, 7)]


def test_snippets_can_be_skipped(db: Database, store: StoreFn) -> None:
    store("ua-news", item("g1", "Новина", "обстріл"))
    (hit,) = search(db, "обстріл", now=NOW, snippets=False).hits
    assert hit.snippet == "" and hit.highlights == ()


def test_hits_carry_row_fields(db: Database, store: StoreFn) -> None:
    new = item("g1", "Новина", "обстріл", places=["pokrovsk", "myrnohrad"], themes=["artillery"])
    store("ru-blog", new, now=hours_ago(2))
    (hit,) = search(db, "обстріл", now=NOW).hits
    row = hit.item
    assert (row.source_id, row.source_side, row.source_type) == ("ru-blog", "ru", "milblogger")
    assert set(row.places) == {"pokrovsk", "myrnohrad"} and row.themes == ("artillery",)
    assert row.fetched_at == hours_ago(2) and not row.read and not row.starred


def test_title_spans_follow_prefix_matches(db: Database, store: StoreFn) -> None:
    store("ua-news", item("g1", "Обстріли Краматорська", "текст"))
    result = search(db, "обс*", now=NOW)
    assert len(result.hits) == 1
    assert title_spans("Обстріли Краматорська", result) == [(0, 8)]

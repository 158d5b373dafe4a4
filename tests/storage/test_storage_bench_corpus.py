"""The bench corpus stays usable: deterministic, well-formed, and storable and searchable."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import open_database
from storage.items import store_items
from storage.search import search

corpus = pytest.importorskip("bench.corpus", reason="the bench folder is not importable here")

PARAMS = corpus.CorpusParams(items=450, batch=100)


def test_same_seed_same_items() -> None:
    first = [item for batch in corpus.batches(PARAMS) for item in batch.items]
    again = [item for batch in corpus.batches(PARAMS) for item in batch.items]
    assert first == again and len(first) == 450
    other = corpus.CorpusParams(items=450, batch=100, seed=2)
    assert [i.title for b in corpus.batches(other) for i in b.items] != [i.title for i in first]


def test_items_are_well_formed() -> None:
    last_seen = last_published = None
    for batch in corpus.batches(PARAMS):
        assert batch.source_id in {s.id for s in corpus.SOURCES}
        assert last_seen is None or batch.fetched_at > last_seen
        for item in batch.items:
            assert item.tags is not None and item.lang in ("en", "uk", "ru")
            # Counts are of draws; a fixed expression ("лінія фронту") is one draw, two words.
            assert 6 <= len(item.title.split()) <= 2 * 14
            if item.published_at is not None:
                assert item.published_at < batch.fetched_at
                assert last_published is None or item.published_at > last_published
                last_published = item.published_at
            body = item.content or item.summary
            assert 40 <= len(body.split()) <= 2 * 400
            texts = {"title": item.title, "body": body}
            for tag in item.tags.places:
                for evidence in tag.evidence:
                    found = texts[evidence.field][evidence.start : evidence.end]
                    assert found.casefold() == evidence.form, (found, evidence)
        last_seen = batch.fetched_at
    assert last_seen == PARAMS.end


def test_corpus_stores_and_searches(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bench.db")
    places = corpus.seed_database(db, PARAMS)
    assert places[0].id == "pokrovsk" and len(places) == PARAMS.place_count
    for batch in corpus.batches(PARAMS):
        result = store_items(db, batch.source_id, batch.items, now=batch.fetched_at)
        assert len(result.new_ids) + len(result.updated_ids) + result.unchanged == len(batch.items)
    assert search(db, "Покровськ", now=corpus.END, limit=5).hits
    assert search(db, "place:pokrovsk since:7d", now=corpus.END, limit=5).hits
    assert search(db, "атаки OR attacks OR атаки", now=corpus.END, limit=5).hits
    db.close()

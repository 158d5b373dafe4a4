"""The packaged press spellings (aliases.toml) name places the gazetteer has."""

from __future__ import annotations

import pytest
from tagging_kit import PACKAGED

from tagging.gazetteer import Gazetteer, packaged_aliases


def test_alias_ids_exist_in_the_packaged_gazetteer():
    if not PACKAGED.exists():
        pytest.skip("packaged gazetteer not built")
    gazetteer = Gazetteer.from_csv(PACKAGED)
    aliases = packaged_aliases()
    assert aliases, "aliases.toml is empty or missing"
    assert sorted(set(aliases) - {p.id for p in gazetteer}) == []


def test_aliases_resolve_through_the_default_gazetteer(real_tagger):
    gazetteer = real_tagger.gazetteer
    for place_id, spellings in packaged_aliases().items():
        for spelling in spellings:
            assert place_id in [p.id for p in gazetteer.resolve(spelling)], spelling

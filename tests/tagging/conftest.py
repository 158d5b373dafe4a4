"""Fixtures for the tagger tests: a small gazetteer of tricky names and taggers over it."""

from __future__ import annotations

import pytest
from tagging_kit import MINI, PACKAGED

from tagging.gazetteer import Gazetteer
from tagging.tagger import Tagger


@pytest.fixture(scope="session")
def mini() -> Gazetteer:
    """The fixture gazetteer (about 35 places with the hard names)."""
    return Gazetteer.from_csv(MINI)


@pytest.fixture(scope="session")
def tagger(mini: Gazetteer) -> Tagger:
    """A tagger over the fixture gazetteer and the packaged taxonomy."""
    return Tagger(gazetteer=mini)


@pytest.fixture(scope="session")
def real_tagger() -> Tagger:
    """A tagger over the packaged gazetteer; skips when the data file is absent."""
    if not PACKAGED.exists():
        pytest.skip("packaged gazetteer not built")
    from tagging.tagger import default_tagger

    return default_tagger()

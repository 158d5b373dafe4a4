"""tagging/data/forms.tsv must be the forms of the gazetteer it sits next to."""

from __future__ import annotations

import pytest

from tagging.datafiles import content_hash, data_path
from tagging.formindex import FormIndex
from tagging.gazetteer import forms_file_text


def test_forms_file_is_fresh():
    gazetteer = data_path("gazetteer.csv")
    forms = data_path("forms.tsv")
    if not gazetteer.exists() or not forms.exists():
        pytest.skip("packaged gazetteer or forms.tsv absent")
    text = gazetteer.read_text(encoding="utf-8")
    stored = forms.read_text(encoding="utf-8")
    assert FormIndex.parse(stored, content_hash(text)) is not None, (
        "forms.tsv was built from another gazetteer: run scripts/build_forms.py"
    )
    assert stored == forms_file_text(text), (
        "forms.tsv differs from what the code generates: run scripts/build_forms.py "
        "and bump FORMS_VERSION"
    )


def test_forms_file_round_trips(mini):
    text = mini.index.dump("abc")
    again = FormIndex.parse(text, "abc")
    assert again is not None
    assert dict(again.items()) == dict(mini.index.items())
    assert FormIndex.parse(text, "other") is None

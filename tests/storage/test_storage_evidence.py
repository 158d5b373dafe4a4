"""Evidence as stored: the hand-written JSON is exactly what json.dumps would write."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from storage.tags import evidence_json
from tagging.types import Evidence

_evidence = st.builds(
    Evidence,
    field=st.sampled_from(["title", "body"]) | st.text(),
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    form=st.text(),
    rule=st.text(),
)


@given(st.lists(_evidence, max_size=5))
def test_evidence_json_is_what_json_dumps_writes(records: list[Evidence]) -> None:
    expected = json.dumps(
        [{"f": e.field, "s": e.start, "e": e.end, "form": e.form, "rule": e.rule} for e in records],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert evidence_json(tuple(records)) == expected


def test_hostile_forms_round_trip() -> None:
    record = Evidence("body", 1, 2, 'a "quoted"\\ cue\x1b[31m\n', "cue")
    (back,) = json.loads(evidence_json((record,)))
    assert back == {"f": "body", "s": 1, "e": 2, "form": record.form, "rule": "cue"}

"""Regenerate tagging/data/forms.tsv, the precomputed spellings of every gazetteer place.

Run after changing tagging/data/gazetteer.csv or the morphology in tagging/ (and bump
FORMS_VERSION in tagging/formindex.py when the generated forms change):

    .venv/bin/python scripts/build_forms.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tagging.gazetteer import data_path, forms_file_text  # noqa: E402


def main() -> int:
    """Write forms.tsv next to the gazetteer; print what was written."""
    started = time.perf_counter()
    source = data_path("gazetteer.csv")
    text = forms_file_text(source.read_text(encoding="utf-8"))
    target = data_path("forms.tsv")
    target.write_text(text, encoding="utf-8")
    lines = text.count("\n")
    took = time.perf_counter() - started
    print(f"wrote {target.name}: {lines} lines, {len(text) / 1e6:.1f} MB in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

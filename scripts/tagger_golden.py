"""Dump every TagResult of a fixed corpus, to prove a tagger change keeps its output identical.

Tags seeded bench corpora of both text profiles, every labelled text (as body, as title, and
with typographic variants) and the labelled texts again with user spellings and cues, and
writes one JSON line per item. Run it before a change to write the golden dump, after it with
--check to compare:

    PYTHONHASHSEED=0 .venv/bin/python scripts/tagger_golden.py [--out PATH]
    PYTHONHASHSEED=0 .venv/bin/python scripts/tagger_golden.py --check PATH

Dumps made before theme evidence came in text order had it in set order (varying with the
hash seed); against such a dump the check also reports a match with that evidence sorted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.tagging_speed import PROFILES, build_corpus  # noqa: E402
from tagging.tagger import Tagger, default_tagger  # noqa: E402
from tagging.types import Evidence, TagResult  # noqa: E402

LABELLED = ROOT / "tests" / "tagging" / "data" / "labelled.jsonl"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "frontwatch_tagger_golden.jsonl"
SEEDS = (7, 11)
CORPUS_MB = 3
# Typographic variants the folding must map back to the original offsets.
_VARIANTS = (
    ("'", "\u2019"),
    ("е", "ё"),
    (" ", "\u00a0"),
    ("-", "\u2014"),
    ("о", "о\u0301"),
)
EXTRA_PLACES = {"pokrovsk": ["Покровськ-Донецький", "Pokrowsk"], "myrnohrad": ["Dimitrov"]}
EXTRA_THEMES = {"evacuation": ["evacuat*", "евакуац*", "эвакуац*"], "drones": ["мавик*"]}


def _evidence(items: tuple[Evidence, ...]) -> list[list]:
    return [[e.field, e.start, e.end, e.form, e.rule] for e in items]


def dump(result: TagResult) -> dict:
    """A TagResult as plain JSON data (scores rounded to 6 digits)."""
    return {
        "lang": result.lang,
        "places": [
            [p.place_id, p.mentions, _evidence(p.evidence), list(p.runners_up)]
            for p in result.places
        ],
        "themes": [[t.theme_id, round(t.score, 6), _evidence(t.evidence)] for t in result.themes],
        "rejected": _evidence(result.rejected),
        "version": result.version,
    }


def canonical(line: str) -> dict:
    """A dump line with each theme's evidence sorted (older dumps had it in set order)."""
    row = json.loads(line)
    row["themes"] = [[theme, score, sorted(ev)] for theme, score, ev in row["themes"]]
    return row


def _variant(text: str, n: int) -> str:
    old, new = _VARIANTS[n % len(_VARIANTS)]
    return text.replace(old, new)


def corpus() -> Iterator[tuple[str, str, str]]:
    """(label, title, body) of every item the golden dump covers."""
    for profile in PROFILES:
        for seed in SEEDS:
            for n, (title, body) in enumerate(build_corpus(CORPUS_MB, seed, profile)):
                yield f"{profile}-{seed}-{n}", title, body
    labelled = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    for n, item in enumerate(labelled):
        text = item["text"]
        yield f"{item['id']}-body", "", text
        yield f"{item['id']}-title", text, ""
        first, _, rest = text.partition(". ")
        yield f"{item['id']}-split", first, rest
        yield f"{item['id']}-upper", first.upper(), rest.lower()
        yield f"{item['id']}-variant", "", _variant(text, n)


def write(out: Path) -> int:
    """Tag the corpus with the packaged tagger and a configured one; return the item count."""
    taggers = {
        "packaged": default_tagger(),
        "configured": Tagger(extra_places=EXTRA_PLACES, extra_themes=EXTRA_THEMES),
    }
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for label, title, body in corpus():
            for name, tagger in taggers.items():
                if name == "configured" and label[:3] not in ("en-", "uk-", "ru-"):
                    continue
                row = {"item": label, "tagger": name, **dump(tagger.tag(title, body, explain=True))}
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def main() -> int:
    """Write the dump, or write a fresh one and compare it with a golden one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the dump")
    parser.add_argument("--check", type=Path, help="a golden dump to compare against")
    args = parser.parse_args()
    out = args.out
    if args.check is not None and out == args.check:
        out = out.with_suffix(".new.jsonl")
    started = time.perf_counter()
    count = write(out)
    print(f"wrote {count} results to {out} in {time.perf_counter() - started:.1f} s")
    if args.check is None:
        return 0
    golden = args.check.read_text(encoding="utf-8").splitlines()
    fresh = out.read_text(encoding="utf-8").splitlines()
    if golden == fresh:
        print(f"identical to {args.check}")
        return 0
    if list(map(canonical, golden)) == list(map(canonical, fresh)):
        # A dump from before theme evidence came in text order: it had set order.
        print(f"identical to {args.check} but for the order of theme evidence")
        return 0
    diffs = [n for n, (a, b) in enumerate(zip(golden, fresh, strict=False)) if a != b]
    print(f"DIFFERENT: {len(golden)} vs {len(fresh)} lines, {len(diffs)} differ")
    for n in diffs[:5]:
        print(f"- {golden[n][:300]}\n+ {fresh[n][:300]}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())

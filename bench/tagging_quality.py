"""Tagger quality on the labelled set: place and theme precision, recall and F1 per language.

Reads tests/tagging/data/labelled.jsonl (one JSON object per line with id, lang, text,
places [{name, oblast, raion?}], themes, traps), tags each text with the packaged tagger,
prints the figures and then every error with its item id. Asserts nothing.

    .venv/bin/python bench/tagging_quality.py [--errors N] [path]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tagging import default_tagger  # noqa: E402
from tagging.gazetteer import Gazetteer  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "tagging" / "data" / "labelled.jsonl"
LANGS = ("en", "uk", "ru")


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Counts per language, per theme, and the errors."""

    places: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    themes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    per_theme: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[str] = field(default_factory=list)


def gold_ids(gazetteer: Gazetteer, place: dict) -> set[str]:
    """Gazetteer ids a gold (name, oblast[, raion]) label may be matched by."""
    oblast = place.get("oblast", "")
    out = set()
    for candidate in gazetteer:
        if candidate.name != place["name"]:
            continue
        if oblast == "RU":
            if candidate.country != "RU":
                continue
        elif candidate.oblast != oblast:
            continue
        if place.get("raion") and candidate.raion != place["raion"]:
            continue
        out.add(candidate.id)
    return out


def score_item(item: dict, tagger, gazetteer: Gazetteer, report: Report) -> None:
    """Tag one labelled item and add its counts and errors to the report."""
    result = tagger.tag("", item["text"])
    lang = item["lang"]
    predicted = {tag.place_id: tag for tag in result.places}
    unmatched = set(predicted)
    counts = Counts()
    for place in item["places"]:
        wanted = gold_ids(gazetteer, place)
        hit = next((i for i in predicted if i in wanted and i in unmatched), None)
        if hit is not None:
            counts.tp += 1
            unmatched.discard(hit)
        else:
            counts.fn += 1
            raion = f"/{place['raion']}" if place.get("raion") else ""
            label = f"{place['name']} ({place.get('oblast')}{raion})"
            note = "" if wanted else " [not in gazetteer]"
            wrong = [
                i for i in predicted if gazetteer.get(i) and gazetteer[i].name == place["name"]
            ]
            if wrong:
                note += f" [chose {', '.join(wrong)}]"
            report.errors.append(f"{item['id']}  place FN  {label}{note}")
    for place_id in sorted(unmatched):
        counts.fp += 1
        tag = predicted[place_id]
        spans = [item["text"][e.start : e.end] + f"<{e.rule}>" for e in tag.evidence]
        report.errors.append(f"{item['id']}  place FP  {place_id}  {'; '.join(spans)}")
    report.places[lang].add(counts)
    gold_themes = set(item["themes"])
    found_themes = {tag.theme_id: tag for tag in result.themes}
    theme_counts = Counts()
    for theme in gold_themes | set(found_themes):
        one = Counts()
        if theme in gold_themes and theme in found_themes:
            one.tp = 1
        elif theme in found_themes:
            one.fp = 1
            cues = ", ".join(item["text"][e.start : e.end] for e in found_themes[theme].evidence)
            report.errors.append(f"{item['id']}  theme FP  {theme}  ({cues})")
        else:
            one.fn = 1
            report.errors.append(f"{item['id']}  theme FN  {theme}")
        theme_counts.add(one)
        report.per_theme[(lang, theme)].add(one)
    report.themes[lang].add(theme_counts)


def macro_f1(report: Report, langs: tuple[str, ...]) -> float:
    """Mean over themes of each theme's F1 (pooled over `langs`)."""
    pooled: dict[str, Counts] = defaultdict(Counts)
    for (lang, theme), counts in report.per_theme.items():
        if lang in langs:
            pooled[theme].add(counts)
    return sum(c.f1 for c in pooled.values()) / len(pooled) if pooled else 0.0


def main() -> int:
    """Print the quality figures and the errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_SET)
    parser.add_argument("--errors", type=int, default=400, help="how many errors to list")
    args = parser.parse_args()
    if not args.path.exists():
        print(f"no labelled set at {args.path}")
        return 1
    items = [
        json.loads(line) for line in args.path.read_text(encoding="utf-8").splitlines() if line
    ]
    tagger = default_tagger()
    gazetteer = tagger.gazetteer
    report = Report()
    for item in items:
        score_item(item, tagger, gazetteer, report)
    print(f"labelled set: {args.path.name}, {len(items)} items; tagger {tagger.version}")
    header = f"{'places P':>9} {'R':>6} {'F1':>6}   {'themes P':>9} {'R':>6} {'micro':>6}"
    print(f"{'':8}{header} {'macro':>6}")
    for lang in (*LANGS, "all"):
        langs = LANGS if lang == "all" else (lang,)
        places, themes = Counts(), Counts()
        for one in langs:
            places.add(report.places[one])
            themes.add(report.themes[one])
        print(
            f"{lang:8}{places.precision:9.3f} {places.recall:6.3f} {places.f1:6.3f}   "
            f"{themes.precision:9.3f} {themes.recall:6.3f} {themes.f1:6.3f} "
            f"{macro_f1(report, langs):6.3f}"
        )
    print("\nper theme (all languages): F1 (tp/fp/fn)")
    pooled: dict[str, Counts] = defaultdict(Counts)
    for (_lang, theme), counts in report.per_theme.items():
        pooled[theme].add(counts)
    for theme, c in sorted(pooled.items()):
        print(f"  {theme:15} {c.f1:5.2f} ({c.tp}/{c.fp}/{c.fn})")
    print(f"\nerrors ({len(report.errors)}):")
    for line in report.errors[: args.errors]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

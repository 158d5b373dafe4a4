"""The reader's text: an item with matched places and search terms highlighted, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from rich.style import Style
from rich.text import Text

from storage.query import Term
from storage.snippets import find_spans, merge_spans
from storage.types import TagEvidence
from tagging.text import body_of
from tui.data.format import clean, full_time, one_line, side_marker
from tui.data.loaders import ReaderDoc

# Style names the reader widget supplies (from its component classes).
STYLE_NAMES = ("title", "label", "place", "term", "muted", "side")
_EMPTY = Style()


def _term_objects(terms: Sequence[str]) -> list[Term]:
    return [Term(words=tuple(t.split())) for t in terms if t.strip()]


def evidence_spans(
    original: str, shown: str, tags: Sequence[TagEvidence], field: str
) -> list[tuple[int, int]]:
    """Spans of `shown` where tags' evidence in `field` points.

    Offsets refer to the stored text; if cleaning changed it, the evidence forms are
    looked up by word instead, so a highlight never lands on the wrong letters.
    """
    records = [r for tag in tags for r in tag.evidence if r.get("f") == field]
    if not records:
        return []
    if shown == original:
        return [
            (int(r["s"]), int(r["e"]))
            for r in records
            if 0 <= int(r.get("s", -1)) < int(r.get("e", -1)) <= len(shown)
        ]
    forms = [Term(words=tuple(str(r.get("form", "")).split())) for r in records]
    return find_spans(shown, [f for f in forms if f.words])


def _highlighted(
    text: str, place_spans: list[tuple[int, int]], terms: Sequence[Term], styles: Mapping
) -> Text:
    out = Text(text, end="")
    for start, end in merge_spans(place_spans):
        out.stylize(styles.get("place", _EMPTY), start, end)
    for start, end in merge_spans(find_spans(text, terms)):
        out.stylize(styles.get("term", _EMPTY), start, end)
    return out


def _why(tag: TagEvidence, name: str) -> Text:
    line = Text("  ", end="")
    line.append(one_line(name))
    reasons = []
    for record in tag.evidence[:3]:
        form = one_line(record.get("form", ""))
        reasons.append(f'"{form}" in {record.get("f", "?")} by {one_line(record.get("rule", "?"))}')
    if reasons:
        line.append(" — " + "; ".join(reasons))
    if len(tag.evidence) > 3:
        line.append(f" (+{len(tag.evidence) - 3} more)")
    if tag.runners_up:
        line.append(f" (not: {', '.join(one_line(r) for r in tag.runners_up[:3])})")
    return line


def reader_text(
    doc: ReaderDoc, terms: Sequence[str], zone: tzinfo, styles: Mapping[str, Style]
) -> Text:
    """Everything the reader shows for one item, as Rich Text (never markup)."""
    detail = doc.detail
    row = detail.row
    words = _term_objects(terms)
    muted = styles.get("muted", _EMPTY)
    label = styles.get("label", _EMPTY)

    title_shown = one_line(row.title) or "(untitled)"
    title_spans = evidence_spans(row.title, title_shown, detail.places, "title")
    out = _highlighted(title_shown, title_spans, words, styles)
    out.stylize(styles.get("title", _EMPTY))
    out.append("\n")

    out.append(side_marker(row.source_side), styles.get("side", _EMPTY))
    out.append(f" {one_line(row.source_id)}")
    if detail.source_title:
        out.append(f" · {one_line(detail.source_title)}", muted)
    out.append(f" · {full_time(row.published_at or row.fetched_at, zone)}")
    if detail.author:
        out.append(f" · {one_line(detail.author)}", muted)
    out.append("\n")
    if row.url:
        out.append(one_line(row.url), muted)
        out.append("\n")
    flags = ("★ starred  " if row.starred else "") + ("read" if row.read else "• unread")
    out.append(flags + "\n", muted)

    place_list = ", ".join(one_line(doc.names.get(p.tag_id, p.tag_id)) for p in detail.places)
    theme_list = ", ".join(one_line(t.tag_id) for t in detail.themes)
    out.append("Places: ", label)
    out.append((place_list or "—") + "\n")
    out.append("Themes: ", label)
    out.append((theme_list or "—") + "\n\n")

    original = body_of(detail.summary, detail.content)
    body = clean(original).strip("\n")
    if body:
        spans = evidence_spans(original, body, detail.places, "body")
        out.append_text(_highlighted(body, spans, words, styles))
        out.append("\n")
    else:
        out.append("(no text)\n", muted)

    if detail.also_in:
        out.append("\nAlso in: ", label)
        out.append(", ".join(one_line(s) for s in detail.also_in) + "\n")
    if detail.forwarded_from:
        out.append("Forwarded from: ", label)
        out.append(one_line(detail.forwarded_from) + "\n")
    if detail.places or detail.themes:
        out.append("\nWhy these tags:\n", label)
        for tag in detail.places:
            out.append_text(_why(tag, doc.names.get(tag.tag_id, tag.tag_id)))
            out.append("\n")
        for tag in detail.themes:
            out.append_text(_why(tag, f"theme {tag.tag_id} ({tag.weight:.2f})"))
            out.append("\n")
    return out

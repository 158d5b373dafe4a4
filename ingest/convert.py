"""From parsed items to storable ones: fetch-time defaults, tags from the feed's own text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ingest.textclean import headline
from ingest.types import ParsedItem
from storage.types import NewItem
from tagging.text import body_of
from tagging.types import TagResult


def to_new_item(item: ParsedItem, *, needs_full_text: bool) -> NewItem:
    """A storable item without tags (tags come after the new/changed decision)."""
    return NewItem(
        guid=item.guid,
        title=item.title or headline(item.summary or item.content) or "(untitled)",
        url=item.url,
        summary=item.summary,
        content=item.content,
        author=item.author,
        lang=item.lang,
        published_at=item.published_at,
        forwarded_from=item.forwarded_from,
        forwarded_url=item.forwarded_url,
        extract_state="pending" if needs_full_text else None,
    )


def apply_tags(items: Sequence[NewItem], results: Sequence[TagResult]) -> list[NewItem]:
    """Items with their tag results (and the detected language where the feed gave none)."""
    tagged = []
    for item, tags in zip(items, results, strict=True):
        lang = tags.lang if tags.lang != "other" else (item.lang or tags.lang)
        tagged.append(replace(item, tags=tags, lang=lang))
    return tagged


def tag_texts(items: Sequence[NewItem]) -> list[tuple[str, str]]:
    """What the tagger reads of each item: its title and fuller text."""
    return [(item.title, body_of(item.summary, item.content)) for item in items]


def text_length(item: ParsedItem) -> int:
    """How much text an item brings, for deciding whether to fetch its page."""
    return len(body_of(item.summary, item.content))

"""From parsed items to storable ones: fetch-time defaults, tags from the feed's own text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ingest.textclean import headline
from ingest.types import ParsedItem
from storage.types import NewItem
from tagging.text import body_of


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
        extract_state="pending" if needs_full_text else None,
    )


def with_tags(items: Iterable[NewItem], tagger) -> list[NewItem]:  # noqa: ANN001 - tagging.Tagger
    """Tag each item from its title and fuller text."""
    tagged = []
    for item in items:
        tags = tagger.tag(item.title, body_of(item.summary, item.content))
        lang = tags.lang if tags.lang != "other" else (item.lang or tags.lang)
        tagged.append(replace(item, tags=tags, lang=lang))
    return tagged


def text_length(item: ParsedItem) -> int:
    """How much text an item brings, for deciding whether to fetch its page."""
    return len(body_of(item.summary, item.content))

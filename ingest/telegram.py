"""Parse a public Telegram channel's web preview (`https://t.me/s/<channel>`) into items."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.errors import FeedParseError
from ingest.htmltree import HtmlTooDeep, parse_html
from ingest.itemfields import clamp_date, parse_iso_date, utc_now, web_url
from ingest.textclean import clean_text, headline, html_to_text
from ingest.types import ParsedFeed, ParsedItem

_HOSTS = {"t.me", "www.t.me", "telegram.me", "www.telegram.me", "telegram.dog"}
# Telegram usernames: 5-32 characters, a letter first; a few paths are not channels.
_CHANNEL = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_NOT_CHANNELS = {"joinchat", "addstickers", "addemoji", "addtheme", "share", "proxy", "socks"}
_MESSAGE = ".tgme_widget_message[data-post]"
_POST_ID = re.compile(r"[A-Za-z0-9_]+/[0-9]+")
_TEXT = ".tgme_widget_message_text.js-message_text"


class TelegramError(FeedParseError):
    """A Telegram preview page yielded no posts."""


class TelegramNoPreviewError(TelegramError):
    """Telegram served its "no preview" channel page: the channel cannot be read on the web."""


class TelegramEmptyError(TelegramError):
    """The page shows a channel but no posts could be found: the markup may have changed."""


def telegram_channel(url: str) -> str | None:
    """Return the channel name of a `t.me/<ch>`, `t.me/s/<ch>` or `t.me/<ch>/<post>` URL."""
    segments = _channel_path(url)
    return segments[0] if segments else None


def _channel_path(url: str) -> list[str] | None:
    """The path segments of a Telegram channel URL from the channel on (`s/` dropped)."""
    try:
        parts = urlsplit(url if "//" in url else f"https://{url}")
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host not in _HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["s"]:
        segments = segments[1:]
    if not segments or segments[0].lower() in _NOT_CHANNELS:
        return None
    return segments if _CHANNEL.fullmatch(segments[0]) else None


def preview_url(channel: str) -> str:
    """Return the canonical web preview URL of a channel."""
    return f"https://t.me/s/{channel}"


def parse_telegram(html: str, url: str, *, now: datetime | None = None) -> ParsedFeed:
    """Parse a channel preview page into one item per post, oldest first as on the page.

    Args:
        html: The page, decoded.
        url: Where it came from (becomes the feed's link; named in errors).
        now: The current time; post dates over a day after it are clamped to it.

    Returns:
        The posts; an empty feed (with a warning) for a channel whose history is empty.

    Raises:
        TelegramNoPreviewError: The page is Telegram's "View in Telegram" page.
        TelegramEmptyError: A channel page without posts where posts were expected.
    """
    now = now or utc_now()
    try:
        tree = parse_html(html)
    except HtmlTooDeep as error:
        raise TelegramEmptyError(f"{url}: {error}") from None
    title_node = tree.css_first(".tgme_channel_info_header_title")
    title = clean_text(title_node.text()) if title_node is not None else None
    nodes = tree.css(_MESSAGE)
    if not nodes:
        return _no_posts(tree, title, url)
    items = tuple(_post(node, now) for node in nodes if _POST_ID.fullmatch(_post_id(node)))
    if not items:
        raise TelegramEmptyError(f"no readable posts on {url}: the post ids look changed")
    skipped = len(nodes) - len(items)
    warnings = (f"{skipped} posts with unreadable ids skipped",) if skipped else ()
    return ParsedFeed(items=items, title=title, link=url, warnings=warnings)


def _no_posts(tree: LexborHTMLParser, title: str | None, url: str) -> ParsedFeed:
    history = tree.css_first(".tgme_channel_history")
    if history is None and tree.css_first(".tgme_page") is not None:
        raise TelegramNoPreviewError(
            f"Telegram shows no web preview for {url}: the channel is private, restricted "
            "or has disabled previews"
        )
    if title is None and history is None:
        raise TelegramEmptyError(f"not a Telegram channel preview page: {url}")
    if history is not None and not history.css(".tgme_widget_message_wrap, .tgme_widget_message"):
        return ParsedFeed(items=(), title=title, link=url, warnings=("the channel has no posts",))
    raise TelegramEmptyError(f"no posts found on {url}: the Telegram preview markup looks changed")


def _post_id(node: LexborNode) -> str:
    return node.attributes.get("data-post") or ""


def _post(node: LexborNode, now: datetime) -> ParsedItem:
    channel, _, number = _post_id(node).partition("/")
    text = _text_of(node.css_first(_TEXT) or _own_text(node))
    preview = _link_preview(node)
    content = f"{text}\n\n{preview}".strip() if preview else text
    stamp = node.css_first(".tgme_widget_message_date time[datetime]")
    published = parse_iso_date(stamp.attributes.get("datetime")) if stamp is not None else None
    forwarded = node.css_first(".tgme_widget_message_forwarded_from_name")
    return ParsedItem(
        guid=f"tg:{channel}/{number}",
        url=_post_url(channel, number),
        title=headline(text or preview),
        content=content,
        author=_author(node),
        published_at=clamp_date(published, now),
        forwarded_from=(clean_text(forwarded.text()) or None) if forwarded is not None else None,
        forwarded_url=_forwarded_url(forwarded),
    )


def _post_url(channel: str, number: str) -> str:
    """A post's link in one spelling: channel names ignore case, and forwards link to
    their original as the forwarding page spells it, so both are written in lower case."""
    return f"https://t.me/{channel.lower()}/{number}"


def _forwarded_url(node: LexborNode | None) -> str | None:
    """The original post's link of a forward (a channel shown without a link gives none)."""
    href = node.attributes.get("href") if node is not None else None
    segments = _channel_path(href) if href else None
    if not href or not segments:
        return None
    if len(segments) == 2 and segments[1].isdigit():
        return _post_url(*segments)
    return web_url(href)


def _own_text(node: LexborNode) -> LexborNode | None:
    """The post's text node when it lacks the js- class: any text not inside a reply quote."""
    for candidate in node.css(".tgme_widget_message_text"):
        if "js-message_reply_text" not in (candidate.attributes.get("class") or ""):
            return candidate
    return None


def _text_of(node: LexborNode | None) -> str:
    return html_to_text(node.inner_html) if node is not None else ""


def _link_preview(node: LexborNode) -> str:
    """Title and description of a link preview card, which often name the places."""
    card = node.css_first(".tgme_widget_message_link_preview")
    if card is None:
        return ""
    parts = [card.css_first(f".link_preview_{part}") for part in ("title", "description")]
    return "\n".join(_text_of(part) for part in parts if part is not None).strip()


def _author(node: LexborNode) -> str | None:
    """The post's signature (the admin who wrote it), if the channel shows one."""
    sign = node.css_first(".tgme_widget_message_from_author")
    return (clean_text(sign.text()) or None) if sign is not None else None


def before_cursor(html: str) -> int | None:
    """Return the post number for the page's "load older posts" link (`?before=N`), if any."""
    try:
        tree = parse_html(html)
    except HtmlTooDeep:
        return None
    link = tree.css_first("a.tme_messages_more[data-before]")
    if link is not None:
        value = link.attributes.get("data-before") or ""
        if value.isdigit():
            return int(value)
    for link in tree.css("a.tme_messages_more[href], link[rel=prev][href]"):
        values = parse_qs(urlsplit(link.attributes.get("href") or "").query).get("before", [])
        if values and values[0].isdigit():
            return int(values[0])
    return None

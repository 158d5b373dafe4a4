"""Sources without a feed: find article links on an index page and turn pages into items."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from ingest.errors import FeedParseError
from ingest.extract import extract_article
from ingest.htmltree import parse_html
from ingest.itemfields import clamp_date, utc_now, web_url, without_fragment
from ingest.textclean import headline
from ingest.types import ParsedItem

# Path segments that name site furniture, not articles.
_NOT_ARTICLE = {
    *("about", "account", "author", "authors", "careers", "categories", "category"),
    *("contact", "contacts", "cookies", "donate", "ethics", "faq", "feed", "feeds", "help"),
    *("imprint", "index", "jobs", "legal", "login", "logout", "newsletter", "page", "privacy"),
    *("register", "rss", "search", "section", "sections", "signin", "signup", "subscribe"),
    *("support", "tag", "tags", "terms", "topic", "topics", "user", "users", "wp-login"),
}
_NOT_PAGE_EXT = {
    *("jpg", "jpeg", "png", "gif", "webp", "svg", "pdf", "zip", "mp3", "mp4", "css", "js"),
    *("xml", "rss", "atom", "json"),
}
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form"}
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "menu", "menubar", "search"}
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)")
# Words without "_" joined by "-" or "_": one way to split, so no backtracking blow-up.
_SLUG = re.compile(r"[^\W_]+(?:[-_][^\W_]+){2,}")
_PREFERRED = {"article", "h1", "h2", "h3", "h4"}


def find_article_links(html: str, base_url: str, selector: str | None = None) -> list[str]:
    """Return the article links of an index page, absolute and de-duplicated, in page order.

    Args:
        html: The index page, decoded.
        base_url: The page's URL (a `<base href>` in the page takes precedence).
        selector: A CSS selector for the links (or for elements holding them); without
            one, links are guessed: same host, article-like path, not navigation, with
            links inside `<article>` or headings preferred when there are any.

    Raises:
        FeedParseError: The selector is not valid CSS, or the page is too deeply nested.
    """
    tree = parse_html(html)
    base = _base(tree, base_url)
    if selector:
        try:
            nodes = tree.css(selector)
        except SelectolaxError:
            raise FeedParseError(f"bad CSS selector: {selector!r}") from None
        hrefs = [_href_of(node) for node in nodes]
        return _unique(url for href in hrefs if (url := _absolute(href, base)))
    preferred: list[str] = []
    others: list[str] = []
    pages = {without_fragment(base), without_fragment(base_url)}
    for anchor in tree.css("a[href]"):
        url = _absolute(anchor.attributes.get("href"), base)
        if not url or url in pages or not _looks_like_article(url, base):
            continue
        ancestors = _ancestors(anchor)
        if _in_furniture(ancestors):
            continue
        is_preferred = any(node.tag in _PREFERRED for node in ancestors)
        if is_preferred or anchor.css_first("h2, h3, h4") is not None:
            preferred.append(url)
        else:
            others.append(url)
    return _unique(preferred or others)


def _ancestors(node: LexborNode) -> list[LexborNode]:
    chain = []
    parent = node.parent
    while parent is not None and parent.tag not in {"body", "html", "-document"}:
        chain.append(parent)
        parent = parent.parent
    return chain


def _in_furniture(ancestors: list[LexborNode]) -> bool:
    """True inside site navigation, header, footer, sidebar or a form.

    An `<article>`'s own header or footer is part of the article; an article inside a
    sidebar is still sidebar.
    """
    for depth, node in enumerate(ancestors):
        role = (node.attributes.get("role") or "").lower()
        if node.tag in _FURNITURE_TAGS or role in _FURNITURE_ROLES:
            return not any(above.tag == "article" for above in ancestors[depth + 1 :])
    return False


def _base(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    return (web_url(href, url) or url) if href else url


def _href_of(node: LexborNode) -> str | None:
    if node.tag == "a":
        return node.attributes.get("href")
    anchor = node.css_first("a[href]")
    return anchor.attributes.get("href") if anchor is not None else None


def _absolute(href: str | None, base: str) -> str | None:
    url = web_url(href, base)
    return without_fragment(url) if url else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _looks_like_article(url: str, base: str) -> bool:
    if _host(url) != _host(base):
        return False
    path = urlsplit(url).path
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    stems = [s.rsplit(".", 1)[0].lower() for s in segments]
    last_ext = segments[-1].rsplit(".", 1)[1].lower() if "." in segments[-1] else ""
    if last_ext in _NOT_PAGE_EXT or any(stem in _NOT_ARTICLE for stem in stems):
        return False
    return len(segments) >= 2 or bool(_DATE_IN_PATH.search(path) or _SLUG.fullmatch(stems[-1]))


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))


def article_item(html: str, url: str, *, now: datetime | None = None) -> ParsedItem:
    """Build the item for one article page of an html-kind source.

    The guid is the page's canonical URL (when it is an http(s) URL on the same site),
    else the fetched URL without its fragment.
    """
    now = now or utc_now()
    extracted = extract_article(html, url)
    canonical = web_url(extracted.canonical, url)
    if canonical is None or _host(canonical) != _host(url):
        canonical = without_fragment(url)
    text = extracted.text
    return ParsedItem(
        guid=canonical,
        url=canonical,
        title=extracted.title or headline(text),
        summary=extracted.description,
        content=text,
        author=extracted.author,
        published_at=clamp_date(extracted.published_at, now),
        lang=extracted.lang,
    )

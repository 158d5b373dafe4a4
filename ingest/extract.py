"""Extract an article page's main text, title, date and language (trafilatura)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ingest.htmltree import HtmlTooDeep, parse_html
from ingest.itemfields import lang_code, parse_iso_date
from ingest.textclean import clean_text

# Pages past this size are cut before extraction: trafilatura's time grows with the page.
MAX_HTML_CHARS = 3_000_000
# Stored text is capped; no article worth tagging runs longer.
MAX_TEXT_CHARS = 100_000
_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="date"]',
    'meta[property="og:published_time"]',
)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The readable core of an article page; text is plain (no markup, no entities)."""

    title: str
    text: str
    published_at: datetime | None
    lang: str | None
    author: str | None = None
    canonical: str | None = None  # as the page states it (may be relative or elsewhere)
    description: str = ""


def extract_article(html: str, url: str) -> Extracted:
    """Extract an article's main text and metadata, favouring precision over recall.

    Args:
        html: The page, decoded.
        url: The page's URL (helps trafilatura with site-specific boilerplate).

    Returns:
        The extraction; `text` is empty when the page has no recognisable article.
    """
    html = html[:MAX_HTML_CHARS]
    head = page_metadata(html)
    # Imported here: trafilatura takes ~0.2 s to import and only article sources need it.
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = clean_text(getattr(document, "text", None) or "")[:MAX_TEXT_CHARS]
    title = head.title or clean_text(getattr(document, "title", None) or "")
    published = head.published_at or parse_iso_date(getattr(document, "date", None))
    lang = head.lang or lang_code(getattr(document, "language", None))
    return Extracted(
        title=title,
        text=text,
        published_at=published,
        lang=lang,
        author=clean_text(getattr(document, "author", None) or "") or None,
        canonical=head.canonical,
        description=head.description,
    )


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page's `<head>` says about it."""

    title: str
    published_at: datetime | None
    lang: str | None
    canonical: str | None
    description: str


def page_metadata(html: str) -> PageMetadata:
    """Read title (og:title first), publish time, language, canonical URL and description.

    Only the part before `<body>` is parsed: that is where these live, and it keeps a huge or
    hostile body from costing anything here.
    """
    body_at = _BODY.search(html)
    try:
        tree = parse_html(html[: body_at.start()] if body_at else html)
    except HtmlTooDeep:
        tree = parse_html("")

    def meta(*selectors: str) -> str:
        for selector in selectors:
            node = tree.css_first(selector)
            value = node.attributes.get("content") if node is not None else None
            if value and value.strip():
                return clean_text(value)
        return ""

    title_node = tree.css_first("title")
    title = meta('meta[property="og:title"]', 'meta[name="twitter:title"]') or (
        clean_text(title_node.text()) if title_node is not None else ""
    )
    published = next(
        (d for d in (parse_iso_date(meta(s)) for s in _DATE_META) if d is not None), None
    )
    root = tree.css_first("html")
    lang = lang_code(root.attributes.get("lang") if root is not None else None) or lang_code(
        meta('meta[property="og:locale"]', 'meta[http-equiv="content-language"]')
    )
    canonical = tree.css_first('link[rel="canonical"][href]')
    return PageMetadata(
        title=title,
        published_at=published,
        lang=lang,
        canonical=canonical.attributes.get("href") if canonical is not None else None,
        description=meta('meta[name="description"]', 'meta[property="og:description"]'),
    )

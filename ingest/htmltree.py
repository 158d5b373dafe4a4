"""Parse untrusted HTML with lexbor, refusing pages nested deep enough to stall the parser."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from ingest.errors import FeedParseError

# Each of these start tags makes an HTML5 parser scan its stack of open elements, so a page
# that nests thousands of them costs quadratic time (50,000 nested divs: ~5 s in lexbor).
_BLOCK_TAG = re.compile(
    r"<(/?)(?:div|section|article|aside|nav|header|footer|main|blockquote|center|details"
    r"|dialog|dir|dl|fieldset|figcaption|figure|hgroup|menu|ol|ul|address|summary|form"
    r"|h[1-6]|pre|listing)[\s/>]",
    re.IGNORECASE,
)
# Real pages nest a few dozen blocks deep; this leaves room and bounds parse time (~5 ms).
MAX_BLOCK_DEPTH = 1000


class HtmlTooDeep(FeedParseError):
    """The page nests block elements too deep to parse safely."""


def block_depth(html: str) -> int:
    """Return the deepest nesting of block elements, counting tags as written."""
    depth = deepest = 0
    for match in _BLOCK_TAG.finditer(html):
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def parse_html(html: str, limit: int = MAX_BLOCK_DEPTH) -> LexborHTMLParser:
    """Parse `html`, after checking that it is not nested deep enough to stall the parser.

    Raises:
        HtmlTooDeep: Block elements nest more than `limit` deep.
    """
    depth = block_depth(html)
    if depth > limit:
        raise HtmlTooDeep(f"refused a page that nests {depth} blocks deep (limit {limit})")
    return LexborHTMLParser(html)

"""Read and write OPML subscription lists (newsboat, Miniflux, FreshRSS style), safely.

Our own fields travel as attributes in the namespace `https://frontwatch.invalid/opml`,
written with the prefix `frontwatch`: `frontwatch:kind` (rss, telegram, html),
`frontwatch:side`, `frontwatch:type`, `frontwatch:lang` and `frontwatch:selector` (the
article-link CSS selector of an html source). Other readers ignore them; without them a
`t.me` URL reads as a Telegram source and anything else as a feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

import defusedxml
import defusedxml.ElementTree as SafeET

from ingest.errors import one_line
from ingest.itemfields import web_url, without_fragment
from ingest.telegram import preview_url, telegram_channel
from ingest.textclean import clean_text

NAMESPACE = "https://frontwatch.invalid/opml"
MAX_BYTES = 20 * 1024 * 1024
Kind = Literal["rss", "telegram", "html"]
KINDS: tuple[Kind, ...] = ("rss", "telegram", "html")
CATEGORY_SEPARATOR = " / "

ET.register_namespace("frontwatch", NAMESPACE)


class OpmlError(ValueError):
    """The OPML document is refused or unreadable; the message is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


@dataclass(frozen=True, slots=True)
class OpmlSource:
    """One subscription from (or for) an OPML file."""

    url: str
    title: str
    kind: Kind = "rss"
    side: str | None = None
    type: str | None = None
    html_url: str | None = None
    category: str | None = None  # nested folders joined with " / "
    lang: str | None = None
    selector: str | None = None


class SourceLike(Protocol):
    """What `write_opml` needs: an OpmlSource, or any record with these (storage's Source).

    The other OpmlSource fields are read when the record has them.
    """

    @property
    def url(self) -> str: ...

    @property
    def kind(self) -> str: ...


def read_opml(data: bytes) -> list[OpmlSource]:
    """Read the subscriptions of an OPML document, folders flattened into `category`.

    Outlines without an http(s) `xmlUrl` are skipped; a URL listed twice is kept once.

    Raises:
        OpmlError: Too large, not XML, not OPML, or it carries a DTD, entity declarations
            or external references (refused outright: OPML needs none of them).
    """
    if len(data) > MAX_BYTES:
        raise OpmlError(f"OPML file too large: {len(data)} bytes (limit {MAX_BYTES})")
    root = _parse(data)
    if _local(root.tag) != "opml":
        raise OpmlError(f"not OPML: the root element is <{_local(root.tag)}>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: no <body> element")
    sources: dict[str, OpmlSource] = {}
    for outline, folders in _outlines(body):
        source = _source(outline, folders)
        if source is not None and source.url not in sources:
            sources[source.url] = source
    return list(sources.values())


def _parse(data: bytes) -> ET.Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise OpmlError("OPML refused: it contains a DTD (<!DOCTYPE>)") from None
    except defusedxml.EntitiesForbidden:
        raise OpmlError("OPML refused: it declares XML entities") from None
    except defusedxml.ExternalReferenceForbidden:
        raise OpmlError("OPML refused: it refers to external resources") from None
    except ET.ParseError as error:
        raise OpmlError(f"not OPML: broken XML ({error})") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _outlines(body: ET.Element) -> Iterator[tuple[ET.Element, tuple[str, ...]]]:
    """Every outline with the folder titles above it, in document order.

    An explicit stack, not recursion: a hostile file may nest outlines thousands deep.
    """
    stack = [(child, ()) for child in reversed(list(body))]
    while stack:
        node, folders = stack.pop()
        if _local(node.tag) != "outline":
            continue
        yield node, folders
        title = _title(node)
        inner = folders if node.get("xmlUrl") or not title else (*folders, title)
        stack.extend((child, inner) for child in reversed(list(node)))


def _title(outline: ET.Element) -> str:
    return clean_text(outline.get("text") or outline.get("title") or "").replace("\n", " ")


def _ours(outline: ET.Element, name: str, *, lower: bool = True) -> str | None:
    value = clean_text(outline.get(f"{{{NAMESPACE}}}{name}") or "")
    return (value.lower() if lower else value) or None


def _source(outline: ET.Element, folders: tuple[str, ...]) -> OpmlSource | None:
    url = web_url(outline.get("xmlUrl"))
    if url is None:
        return None
    # Fragments never reach a server; FreshRSS uses them for its own flags ("#force_feed").
    url = without_fragment(url)
    channel = telegram_channel(url)
    stated = _ours(outline, "kind")
    if stated in KINDS:
        kind: Kind = stated  # type: ignore[assignment]
    elif channel:
        kind = "telegram"
    else:
        # FreshRSS marks scraped pages "HTML+XPath"; every reader marks feeds "rss".
        kind = "html" if "html" in (outline.get("type") or "").lower() else "rss"
    if kind == "telegram" and channel:
        url = preview_url(channel)
    category = CATEGORY_SEPARATOR.join(folders) or _category_attribute(outline)
    return OpmlSource(
        url=url,
        title=_title(outline) or url,
        kind=kind,
        side=_ours(outline, "side"),
        type=_ours(outline, "type"),
        html_url=web_url(outline.get("htmlUrl")),
        category=category,
        lang=_ours(outline, "lang"),
        selector=_ours(outline, "selector", lower=False),
    )


def _category_attribute(outline: ET.Element) -> str | None:
    """OPML 2.0's `category` attribute: comma-separated, slash-delimited paths; first wins."""
    first = (outline.get("category") or "").split(",", 1)[0]
    path = [clean_text(part) for part in first.split("/") if part.strip()]
    return CATEGORY_SEPARATOR.join(path) or None


def write_opml(sources: Iterable[SourceLike], title: str) -> str:
    """Return an OPML 2.0 document listing `sources`, one folder per category.

    `read_opml` gives the same sources back (in category order).
    """
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = clean_text(title)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for source in sources:
        parent = body
        category = _field(source, "category")
        if category:
            if category not in folders:
                folders[category] = ET.SubElement(body, "outline", text=category, title=category)
            parent = folders[category]
        ET.SubElement(parent, "outline", _attributes(source))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


def _field(source: SourceLike, name: str) -> str:
    """A text field of `source` as one clean line, or '' when it has none."""
    return clean_text(str(getattr(source, name, None) or "")).replace("\n", " ")


def _attributes(source: SourceLike) -> dict[str, str]:
    url = source.url
    name = _field(source, "title") or url
    attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": url}
    html_url = _field(source, "html_url")
    if html_url:
        attributes["htmlUrl"] = html_url
    for field in ("kind", "side", "type", "lang", "selector"):
        value = _field(source, field)
        if value:
            attributes[f"{{{NAMESPACE}}}{field}"] = value
    return attributes

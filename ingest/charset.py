"""Work out the real character set of fetched bytes, mending mislabelled Cyrillic text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([\w.:-]+)[\"']?", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*([\"'])([\w.:-]+)\1", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# Labels under which Cyrillic single-byte text is commonly served by mistake (or rightly).
_SINGLE_BYTE = {"ascii", "iso8859-1", "cp1252", "cp1251", "koi8-r", "koi8-u", "utf-8"}
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]{3,}")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_IN_WORD_LOWER = re.compile("(?<=[\u0400-\u04ff])[\u0430-\u045f]")
_IN_WORD_UPPER = re.compile("(?<=[\u0400-\u04ff])[\u0400-\u042f]")
# Below this many Cyrillic letters there is too little evidence to overrule a label.
_MIN_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Decision:
    """Which codec the bytes are in and whether that contradicts what they were labelled."""

    codec: str | None  # None: no opinion, leave the bytes to the parser
    declared: str | None
    overridden: bool


def codec_name(label: str | None) -> str | None:
    """Return Python's canonical codec name for a charset label, or None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type value, if any."""
    match = _CHARSET_PARAM.search(content_type or "")
    return match.group(1) if match else None


def _bom_codec(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def _cyrillic_codec(body: bytes, prefer: str | None) -> str | None:
    """Return cp1251 or koi8-r if `body` reads as Cyrillic text in one of them, else None.

    Both put Cyrillic letters in 0xC0-0xFF with opposite cases, so the wrong one reads as
    words of capitals after a small letter; the right one has small letters inside words.
    """
    as_1251 = body.decode("cp1251", "replace")
    letters = len(_CYRILLIC.findall(as_1251))
    if letters < _MIN_LETTERS:
        return None
    # Western text read as cp1251 shows lone Cyrillic letters amid Latin ones ("cafй").
    in_runs = sum(len(m) for m in _CYRILLIC_RUN.findall(as_1251))
    if in_runs < letters / 2:
        return None
    as_koi8 = body.decode(prefer if prefer in {"koi8-r", "koi8-u"} else "koi8-r", "replace")

    def score(text: str) -> int:
        return len(_IN_WORD_LOWER.findall(text)) - len(_IN_WORD_UPPER.findall(text))

    if score(as_koi8) > score(as_1251):
        return prefer if prefer in {"koi8-r", "koi8-u"} else "koi8-r"
    return "cp1251"


def decide(body: bytes, declared: str | None) -> Decision:
    """Decide the codec of `body` given the charset it was labelled with (HTTP or in-document).

    A BOM wins. Otherwise valid UTF-8 with non-ASCII bytes is UTF-8 whatever the label says,
    and text that is not UTF-8 but reads as Russian/Ukrainian in cp1251 or koi8-r is taken as
    such when the label is missing, Latin, UTF-8 or another Cyrillic single-byte set.
    """
    label = codec_name(declared)
    bom = _bom_codec(body)
    if bom:
        return Decision(bom, declared, overridden=False)
    if body.isascii():
        return Decision(None, declared, overridden=False)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decision("utf-8", declared, overridden=label not in {None, "utf-8"})
    if label is not None and label not in _SINGLE_BYTE:
        return Decision(None, declared, overridden=False)
    found = _cyrillic_codec(body, label)
    if found is None:
        return Decision(None, declared, overridden=False)
    return Decision(found, declared, overridden=label not in {None, found})


def declared_xml_charset(body: bytes) -> str | None:
    """Return the encoding named by an XML declaration at the top of `body`."""
    match = _XML_DECL.match(body[:512])
    return match.group(2).decode("ascii") if match else None


def as_utf8_xml(body: bytes, codec: str) -> bytes:
    """Re-encode an XML document to UTF-8, rewriting its declaration to say so."""
    text = body.decode(codec, "replace").lstrip("\ufeff").encode("utf-8")
    match = _XML_DECL.match(text)
    if match:
        text = text[: match.start(2)] + b"utf-8" + text[match.end(2) :]
    return text


def with_utf8_charset(content_type: str | None) -> str | None:
    """Return a Content-Type value whose charset parameter says utf-8."""
    if not content_type:
        return None
    base = _CHARSET_PARAM.sub("", content_type).strip().rstrip(";")
    return f"{base}; charset=utf-8"


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page: BOM, then the HTTP charset, then `<meta charset>`, then sniffing.

    Mislabelled Cyrillic pages are mended as for feeds; unknown labels fall back to UTF-8.
    Undecodable bytes become U+FFFD, never an error.
    """
    declared = http_charset(content_type)
    if declared is None:
        meta = _META_CHARSET.search(body[:4096])
        declared = meta.group(1).decode("ascii") if meta else None
    decision = decide(body, declared)
    codec = decision.codec or codec_name(declared) or "utf-8"
    if codec == "utf-8" and body.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    return body.decode(codec, "replace")

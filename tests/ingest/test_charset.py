"""Charset decisions for fetched bytes, and decoding of HTML pages with wrong labels."""

from __future__ import annotations

import codecs

import pytest

from ingest.charset import decide, decode_html, http_charset

RUSSIAN = "Бои за Красноармейск: штурмовые группы продвинулись в центре города"
UKRAINIAN = "Сили оборони відбили штурм біля Гришиного; ґанок, їжак, Єнакієве"


@pytest.mark.parametrize(
    ("text", "codec", "declared", "expected", "overridden"),
    [
        (RUSSIAN, "cp1251", None, "cp1251", False),
        (RUSSIAN, "cp1251", "windows-1251", "cp1251", False),
        (RUSSIAN, "cp1251", "utf-8", "cp1251", True),
        (RUSSIAN, "cp1251", "iso-8859-1", "cp1251", True),
        (RUSSIAN, "koi8-r", None, "koi8-r", False),
        (RUSSIAN, "koi8-r", "windows-1251", "koi8-r", True),
        (RUSSIAN, "koi8-r", "KOI8-R", "koi8-r", False),
        (UKRAINIAN, "cp1251", "utf-8", "cp1251", True),
        (UKRAINIAN, "koi8-u", "koi8-u", "koi8-u", False),
        (RUSSIAN, "utf-8", "windows-1251", "utf-8", True),
        (RUSSIAN, "utf-8", None, "utf-8", False),
    ],
)
def test_decide(
    text: str, codec: str, declared: str | None, expected: str, overridden: bool
) -> None:
    decision = decide(text.encode(codec), declared)
    assert (decision.codec, decision.overridden) == (expected, overridden)
    assert text.encode(codec).decode(decision.codec) == text


@pytest.mark.parametrize(
    ("body", "declared"),
    [
        (b"plain ascii", "utf-8"),
        ("café crème à côté".encode("cp1252"), "utf-8"),  # Western text: no opinion
        ("日本語のテキスト".encode("shift_jis"), "shift_jis"),  # other multi-byte sets: trusted
        (RUSSIAN.encode("iso8859-5"), "iso-8859-5"),  # rare but correctly labelled
    ],
)
def test_decide_leaves_other_bytes_alone(body: bytes, declared: str) -> None:
    assert decide(body, declared).codec is None


def test_a_bom_wins() -> None:
    assert decide(codecs.BOM_UTF8 + RUSSIAN.encode(), "windows-1251").codec == "utf-8-sig"
    assert decide(RUSSIAN.encode("utf-16"), None).codec == "utf-16"


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html; charset=windows-1251", "windows-1251"),
        ('text/xml;charset="KOI8-R"', "KOI8-R"),
        ("application/rss+xml", None),
        (None, None),
    ],
)
def test_http_charset(content_type: str | None, charset: str | None) -> None:
    assert http_charset(content_type) == charset


def test_decode_html_mislabelled_and_meta() -> None:
    page = f"<html><head><meta charset='utf-8'></head><body>{RUSSIAN}</body></html>"
    assert RUSSIAN in decode_html(page.encode("cp1251"))
    assert RUSSIAN in decode_html(page.encode("koi8-r"), "text/html; charset=windows-1251")
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">{RUSSIAN}'
    assert RUSSIAN in decode_html(meta.encode("koi8-r"))
    assert decode_html(b"caf\xe9", "text/html; charset=iso-8859-1") == "café"
    assert (
        decode_html(b"\x81\x82\x83 junk", "text/html; charset=nonsense")
        == "\ufffd\ufffd\ufffd junk"
    )

"""HTML fragments to plain text, whitespace, control characters and untitled headlines."""

from __future__ import annotations

import pytest

from ingest.textclean import clean_text, headline, html_to_text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("a<br>b<br/><br />c", "a\nb\n\nc"),
        ("<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter"),
        ("<div><div>nested</div></div><div>next</div>", "nested\nnext"),
        ("Tom&nbsp;&amp;&nbsp;Jerry &laquo;x&raquo; &#8212; &#x2026;", "Tom & Jerry «x» — …"),
        ("<script>alert(1)</script><style>p{}</style>visible", "visible"),
        ("a <!-- hidden <b>comment</b> --> b", "a b"),
        ("<![CDATA[raw]]> text", "raw text"),
        ("3 < 4 and 5 > 2", "3 < 4 and 5 > 2"),
        ("&lt;b&gt;escaped&lt;/b&gt;", "<b>escaped</b>"),
        ("<i>line</i>\nbreaks in\r\nsource   are   spaces", "line breaks in source are spaces"),
        ("plain\ntext keeps\r\nits lines", "plain\ntext keeps\nits lines"),
        ("<p>  padded  </p>\n\n\n<p>  text </p>", "padded\n\ntext"),
        ("<a href='x'>link text</a> kept", "link text kept"),
        ("<P CLASS=x>Upper</P><BR>case", "Upper\n\ncase"),
        ("zero\u200bwidth and bidi \u202eoverride\u202c", "zerowidth and bidi override"),
        ("bell\x07 and \x1b[31mred\x1b[0m", "bell and red"),
        ("", ""),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


def test_html_to_text_of_none() -> None:
    assert html_to_text(None) == ""


def test_clean_text_keeps_lines_and_folds_spaces() -> None:
    assert clean_text(" a\u00a0\u00a0b \t c \n\n\n\n d\r\ne ") == "a b c\n\nd\ne"
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short line\nsecond line", "Short line"),
        ("\n\n  First real line  \nmore", "First real line"),
        ("", ""),
        (
            "Sentence one is here. " + "Then a very long second sentence " * 5,
            "Sentence one is here.",
        ),
    ],
)
def test_headline(text: str, title: str) -> None:
    assert headline(text) == title


def test_headline_cuts_long_lines_at_a_word() -> None:
    text = "word " * 60
    title = headline(text, limit=50)
    assert title.endswith("…") and len(title) <= 51
    assert title[:-1].split() == ["word"] * len(title[:-1].split())


def test_headline_cuts_unbroken_text() -> None:
    title = headline("x" * 300, limit=120)
    assert title == "x" * 119 + "…"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>" * 5000 + "x" * 50_000,
        "<a" * 20_000 + " text",
        "<p" * 20_000,
        "<br" * 20_000,
        "<b>" + " \t" * 40_000 + "x",
    ],
)
def test_unclosed_tags_cost_linear_time(hostile: str) -> None:
    import time

    started = time.perf_counter()
    html_to_text(hostile)
    assert time.perf_counter() - started < 0.5  # quadratic scanning took seconds


def test_unclosed_script_hides_the_rest() -> None:
    assert html_to_text("before <script>var a = '<p>x</p>'") == "before"

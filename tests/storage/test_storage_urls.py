"""Canonical URLs: one article reached through tracking links is one URL."""

from __future__ import annotations

import pytest

from storage.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://news.example/a/b?utm_source=tg&utm_medium=x&id=5&fbclid=AbC&gclid=9",
            "https://news.example/a/b?id=5",
        ),
        ("HTTPS://News.Example.COM/Path/Kept", "https://news.example.com/Path/Kept"),
        ("https://news.example/a#comments", "https://news.example/a"),
        ("https://news.example:443/a", "https://news.example/a"),
        ("http://news.example:80/a", "http://news.example/a"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("https://news.example", "https://news.example/"),
        ("https://news.example/a?UTM_Campaign=x&b=2&a=1", "https://news.example/a?b=2&a=1"),
        ("  https://news.example/a?q=  ", "https://news.example/a?q="),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_tracking_variants_agree() -> None:
    plain = canonical_url("https://news.example/story/42")
    assert plain == canonical_url("https://NEWS.example/story/42?utm_source=rss#top")
    assert plain == canonical_url("https://news.example/story/42?fbclid=x&gclid=y")


@pytest.mark.parametrize("url", [None, ""])
def test_no_url(url: str | None) -> None:
    assert canonical_url(url) is None


def test_text_without_a_host_is_kept() -> None:
    assert canonical_url("not a url") == "not a url"


def test_ipv6_host_keeps_its_brackets() -> None:
    assert canonical_url("http://[::1]:8080/feed?utm_source=x") == "http://[::1]:8080/feed"

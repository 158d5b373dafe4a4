"""Exceptions the parsers raise for documents that hold no usable items."""

from __future__ import annotations

from tagging.text import strip_controls


class FeedParseError(ValueError):
    """The document is not a feed (or not the page kind expected); the message is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


def one_line(message: object, limit: int = 300) -> str:
    """Return `message` as a single line of at most `limit` characters, controls removed.

    Messages quote what servers and documents said, and end up in the log, the fetch log
    and on screen.
    """
    text = " ".join(strip_controls(str(message)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Small edits to a query string: the theme filter the `t` key cycles through."""

from __future__ import annotations

import re
from collections.abc import Sequence

_THEME = re.compile(r"(?<!\S)theme:(\S+)")


def current_theme(query: str) -> str | None:
    """The theme a query filters by (the last one given), if any."""
    found = _THEME.findall(query)
    return found[-1].lower() if found else None


def cycle_theme(query: str, themes: Sequence[str]) -> str:
    """The query filtered by the next of `themes`; after the last one, without a theme filter."""
    base = " ".join(_THEME.sub(" ", query).split())
    if not themes:
        return query
    current = current_theme(query)
    if current in themes:
        index = list(themes).index(current) + 1
        if index >= len(themes):
            return base
    else:
        index = 0
    return f"{base} theme:{themes[index]}".strip()

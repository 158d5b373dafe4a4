"""Pure text tagging: settlements and themes out of news text, no I/O but its data files.

The public names load lazily, so importing `tagging.text` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tagging.types import Evidence, PlaceTag, TagResult, ThemeTag

if TYPE_CHECKING:
    from tagging.gazetteer import Gazetteer, GazetteerError, Place, load_gazetteer
    from tagging.lang import detect_lang
    from tagging.tagger import Tagger, default_tagger
    from tagging.themes import Theme, ThemeError

_LAZY = {
    "Gazetteer": "tagging.gazetteer",
    "GazetteerError": "tagging.gazetteer",
    "Place": "tagging.gazetteer",
    "load_gazetteer": "tagging.gazetteer",
    "detect_lang": "tagging.lang",
    "Tagger": "tagging.tagger",
    "default_tagger": "tagging.tagger",
    "Theme": "tagging.themes",
    "ThemeError": "tagging.themes",
}

__all__ = [
    "Evidence",
    "Gazetteer",
    "GazetteerError",
    "Place",
    "PlaceTag",
    "TagResult",
    "Tagger",
    "Theme",
    "ThemeError",
    "ThemeTag",
    "default_tagger",
    "detect_lang",
    "load_gazetteer",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tagging' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

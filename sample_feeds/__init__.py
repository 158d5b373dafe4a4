"""The bundled offline sample sources, served on loopback for the demo and the tests."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class SampleSource:
    """One bundled source: where its file is and how to add it."""

    id: str
    kind: str
    path: str  # relative to ROOT, also the URL path it is served at
    title: str
    lang: str
    side: str
    type: str
    selector: str | None = None


def sample_sources() -> list[SampleSource]:
    """The bundled sources listed in sources.toml."""
    data = tomllib.loads((ROOT / "sources.toml").read_text(encoding="utf-8"))
    return [SampleSource(**entry) for entry in data["sources"]]

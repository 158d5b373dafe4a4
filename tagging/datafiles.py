"""Where the tagger's packaged data files live, and their content hash."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    """Path of one of the tagger's packaged data files (tagging/data/<name>)."""
    return Path(str(resources.files("tagging") / "data" / name))


def content_hash(text: str) -> str:
    """Short content hash of a data file, for versions and forms.tsv freshness."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

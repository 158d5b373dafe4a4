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


# The length of each part of a tagger version (see tagging.tagger): short enough to read,
# long enough that two different data sets never share one in practice.
_VERSION_PART = 8


def version_part(text: str) -> str:
    """A short digest of some data, as a part of a tagger version."""
    return content_hash(text)[:_VERSION_PART]

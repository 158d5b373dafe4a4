"""The exceptions that mean "the user asked for something that cannot be done"."""

from __future__ import annotations

from frontwatch.config import ConfigError
from frontwatch.durations import DurationError
from storage.errors import QueryError, StorageError
from storage.sources import SourceError
from storage.watch import WatchError


class UserError(Exception):
    """A command-level problem with a one-line message."""


USER_ERRORS: tuple[type[BaseException], ...] = (
    UserError,
    ConfigError,
    DurationError,
    QueryError,
    StorageError,
    SourceError,
    WatchError,
)

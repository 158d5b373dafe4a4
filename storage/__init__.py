"""The only layer that speaks SQL: a typed façade over one SQLite database."""

from storage.db import Database, open_database
from storage.errors import QueryError, StorageError

__all__ = ["Database", "QueryError", "StorageError", "open_database"]

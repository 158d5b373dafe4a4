"""Where frontwatch keeps its config, database and logs (platformdirs, env overrides)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "frontwatch"


def default_config_path() -> Path:
    """The user's config file (which may not exist)."""
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def default_db_path() -> Path:
    """FRONTWATCH_DB, else the database in the user data dir."""
    env = os.environ.get("FRONTWATCH_DB")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP)) / "frontwatch.db"


def log_dir() -> Path:
    """The folder of the rotating log."""
    return Path(platformdirs.user_log_dir(APP))

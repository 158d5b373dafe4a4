"""Fixtures every test gets: no test may read or write the user's home, config or data."""

from __future__ import annotations

from pathlib import Path

import pytest

_XDG_DIRS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and the XDG folders at fresh temporary folders; forget frontwatch's env vars.

    platformdirs and the config loader read these, so a test run can never touch (or be
    steered by) the real user's files.
    """
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in _XDG_DIRS:
        folder = home / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("FRONTWATCH_DB", raising=False)
    monkeypatch.delenv("FRONTWATCH_CONFIG", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database lives (the storage, TUI and CLI tests open it)."""
    return tmp_path / "fw.db"

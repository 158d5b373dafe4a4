"""The rotating log: control characters escaped, failures kept, --verbose mirrors it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontwatch.logs import setup_logging
from storage import open_database
from storage.sources import add_source
from storage.types import Source


@pytest.fixture(autouse=True)
def own_handlers_removed() -> Iterator[None]:
    """The log handlers a test installs point into its temporary folder: drop them after."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_frontwatch", False):
            root.removeHandler(handler)
            handler.close()


def test_the_log_file_shows_control_characters_escaped(tmp_path: Path) -> None:
    path = setup_logging(directory=tmp_path)
    logging.getLogger("frontwatch.test").warning("title \x1b[31mred\x07 \x9b2J\tkept")
    text = path.read_text(encoding="utf-8")
    assert "title \\x1b[31mred\\x07 \\x9b2J\tkept" in text
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_poll_verbose_mirrors_each_failure_to_stderr_and_the_log(
    tmp_path: Path,
    db_path: Path,
    cli,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert cli("stats").exit_code == 0
    db = open_database(db_path)
    # Port 9 (discard) is closed on loopback: the fetch fails at once.
    add_source(db, Source(id="closed", kind="rss", url="http://127.0.0.1:9/feed.xml"))
    db.close()

    quiet = cli("poll", "--once")
    loud = cli("poll", "--once", "--verbose")

    assert "source closed:" not in quiet.stderr
    assert "source closed: error:" in loud.stderr
    log = next((tmp_path / "state").rglob("frontwatch.log")).read_text(encoding="utf-8")
    assert log.count("source closed: error:") == 2

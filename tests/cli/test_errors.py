"""User errors end in one line on stderr and exit 1; usage errors exit 2; --debug shows more."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def one_error_line(result) -> str:  # noqa: ANN001 - click Result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("frontwatch: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_help_lists_commands(cli) -> None:  # noqa: ANN001
    result = cli("--help", db=None)
    assert result.exit_code == 0
    for command in ("search", "stats", "sources", "poll", "watch"):
        assert command in result.stdout


def test_version(cli) -> None:  # noqa: ANN001
    result = cli("--version", db=None)
    assert result.exit_code == 0
    assert "frontwatch" in result.stdout


def test_unknown_option_is_a_usage_error(cli) -> None:  # noqa: ANN001
    assert cli("stats", "--bogus").exit_code == 2


def test_not_a_database(cli, tmp_path: Path) -> None:  # noqa: ANN001
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    result = cli("stats", db=junk)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(junk) in line and "not a frontwatch database" in line
    assert junk.read_bytes() == b"this is not sqlite at all" * 100


def test_other_apps_database(cli, tmp_path: Path) -> None:  # noqa: ANN001
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('keep me')")
    result = cli("stats", db=other)
    assert result.exit_code == 1
    assert "not a frontwatch database" in one_error_line(result)
    with sqlite3.connect(other) as conn:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("keep me",)]


def test_newer_schema(cli, db_path: Path) -> None:  # noqa: ANN001
    assert cli("stats").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    result = cli("stats")
    assert result.exit_code == 1
    assert "newer frontwatch" in one_error_line(result)


def test_malformed_query_is_one_line(cli) -> None:  # noqa: ANN001
    result = cli("search", "since:yesterdayish")
    assert result.exit_code == 1
    assert "since:" in one_error_line(result)


def test_unknown_place_is_one_line(cli) -> None:  # noqa: ANN001
    result = cli("search", "place:Atlantis")
    assert result.exit_code == 1
    assert "unknown place" in one_error_line(result)


def test_debug_shows_the_traceback(cli) -> None:  # noqa: ANN001
    from storage.errors import QueryError

    with pytest.raises(QueryError):
        cli("--debug", "search", "since:nonsense")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("[poll]\nconcurency = 3\n", "unknown key 'poll.concurency'"),
        ("[poll]\nconcurrency = 'many'\n", "poll.concurrency must be an integer"),
        ("timezone = 'Mars/Olympus'\n", "not an IANA zone"),
        ("[poll\n", "not valid TOML"),
    ],
)
def test_bad_config_names_key_and_file(cli, tmp_path: Path, config: str, expected: str) -> None:  # noqa: ANN001
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    result = cli("--config", str(path), "stats")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert expected in line
    assert str(path) in line


def test_bad_config_line_number(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "config.toml"
    path.write_text("# comment\ntimezone = 'UTC'\n\n[alerts]\nbel = true\n", encoding="utf-8")
    line = one_error_line(cli("--config", str(path), "stats"))
    assert f"{path}:5" in line and "did you mean 'alerts.bell'" in line


def test_env_config_path(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    path = tmp_path / "env.toml"
    path.write_text("[ui]\nnope = 1\n", encoding="utf-8")
    monkeypatch.setenv("FRONTWATCH_CONFIG", str(path))
    assert str(path) in one_error_line(cli("stats"))


def test_env_db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:  # noqa: ANN001
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("FRONTWATCH_DB", str(target))
    result = cli("stats", "--format", "json", db=None)
    assert result.exit_code == 0
    assert target.exists()

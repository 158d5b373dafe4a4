"""Database files frontwatch cannot use: one line naming the file, exit 1, nothing damaged."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hardening_kit import (
    bound_by_file_modes,
    consistent,
    digest,
    file_size_limit,
    one_error_line,
    sandbox,
)

from bench.child import ROOT, Sandbox
from bench.live_feeds import FeedShape, LiveFeeds
from frontwatch.cli import main
from storage.schema import SCHEMA_VERSION

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and limits")

# Reads, writes, polling: every way in must fail the same way on a file it cannot use.
COMMANDS = [
    ("stats",),
    ("search", "Pokrovsk"),
    ("poll", "--once"),
    ("sources", "add", "https://t.me/s/example", "--id", "tg"),
    ("watch", "add", "Kramatorsk"),
]


def _refused_everywhere(path: Path, expected: str) -> None:
    before = digest(path)
    runner = CliRunner()
    for args in COMMANDS:
        result = runner.invoke(main, ["--db", str(path), *args], catch_exceptions=False)
        assert result.exit_code == 1, (args, result.output)
        assert expected in one_error_line(result.stderr, path), args
        assert result.stdout == ""
    # The monitor itself (`--no-poll` so nothing else starts) refuses before drawing anything.
    box = Sandbox(path.parent / "box").prepare()
    tui = box.run(argv=[*box.argv()[:3], "--db", str(path), "--no-poll"])
    assert tui.returncode == 1 and tui.stdout == ""
    assert expected in one_error_line(tui.stderr, path)
    assert digest(path) == before


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"SQLite format 3? no: my notes.\n" * 500)
    _refused_everywhere(path, "is not a frontwatch database")


def test_a_hostile_file_name_is_shown_not_obeyed(tmp_path: Path) -> None:
    path = tmp_path / "notes\x1b]0;owned\x07\x1b[2J.db"
    path.write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(main, ["--db", str(path), "stats"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "notes\\x1b]0;owned\\x07\\x1b[2J.db" in result.stderr


def test_a_frontwatch_database_from_a_newer_version(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "newer.db"
    shutil.copyfile(template_db, path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    _refused_everywhere(path, "was written by a newer frontwatch")


@pytest.fixture
def read_only_db(tmp_path: Path, template_db: Path) -> Iterator[Sandbox]:
    """A database with places and a source; its mode bits are the test's to change."""
    box = sandbox(tmp_path, None, template_db)
    runner = CliRunner()
    added = runner.invoke(
        main, ["--db", str(box.db), "sources", "add", "https://t.me/s/channel_one"]
    )
    assert added.exit_code == 0, added.output
    yield box
    box.db.parent.chmod(0o755)
    box.db.chmod(0o644)


def _as_user(box: Sandbox, *commands: tuple[str, ...]) -> list[tuple[int, str]]:
    """Run the commands at once, as a user file modes bind; (exit status, stderr) each."""
    children = [box.start(*args, text=True, preexec_fn=bound_by_file_modes()) for args in commands]
    errors = [child.communicate(timeout=60)[1] for child in children]
    return [(child.returncode, err) for child, err in zip(children, errors, strict=True)]


@posix
@pytest.mark.parametrize("folder_too", [False, True], ids=["file-0444", "folder-0555"])
def test_a_read_only_database_refuses_writes_in_one_line(
    read_only_db: Sandbox, folder_too: bool
) -> None:
    box = read_only_db
    box.db.chmod(0o444)
    if folder_too:
        box.db.parent.chmod(0o555)
    before = digest(box.db)
    (paused, pause_err), (found, find_err), *writes = _as_user(
        box,
        ("sources", "pause", "channel_one"),
        ("search", "anything"),
        ("poll", "--once"),
        ("sources", "add", "https://t.me/s/channel_two"),
    )
    if paused == 0:
        pytest.skip("file modes do not bind this user")
    # In a read-only folder SQLite cannot even read a WAL database (no -shm can be made).
    refusal = "is in a read-only folder" if folder_too else "is read-only"
    if folder_too:
        assert found == 1 and refusal in one_error_line(find_err, box.db)
    else:
        assert found == 0, find_err  # reading a read-only file works
    for status, stderr in [(paused, pause_err), *writes]:
        assert status == 1
        assert refusal in one_error_line(stderr, box.db)
    assert digest(box.db) == before


# Ten feeds that gain 200 entries each between two polls: far more than the room left.
GROWTH = FeedShape(feeds=10, base=5, per_step=200)


@pytest.fixture(scope="module")
def grown_feeds(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> Iterator[tuple[LiveFeeds, Path]]:
    """The GROWTH feeds, grown since a database (returned) stored their first poll."""
    with LiveFeeds(GROWTH, hosts=1) as server:
        box = sandbox(tmp_path_factory.mktemp("grown"), server, template_db)
        first = box.run("poll", "--once")
        assert first.returncode == 0, first.stderr
        server.step = 1
        yield server, box.db


@pytest.fixture
def polled_once(tmp_path: Path, grown_feeds: tuple[LiveFeeds, Path]) -> Sandbox:
    """A sandbox holding a copy of the database that stored the first poll."""
    _, polled = grown_feeds
    box = Sandbox(tmp_path / "box").prepare()
    shutil.copyfile(polled, box.db)
    return box


def _stored(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT source_id, guid FROM items"))
    finally:
        conn.close()


@posix
def test_a_full_disk_fails_the_poll_in_one_line_keeping_what_was_stored(
    polled_once: Sandbox,
) -> None:
    box = polled_once
    before = _stored(box.db)
    # No file may grow more than 64 KiB past the database's size: writes then fail (EFBIG).
    full = box.run(
        "poll",
        "--once",
        timeout=120,
        preexec_fn=file_size_limit(box.db.stat().st_size + 65536),
    )
    assert full.returncode == 1
    assert "disk" in one_error_line(full.stderr, box.db)
    consistent(box.db)
    assert before <= _stored(box.db)


def _user_namespaces() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    try:
        probe = subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True, timeout=10, check=False
        )
    except OSError:
        return False
    return probe.returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="needs `unshare -rm` to mount a small tmpfs")
def test_a_really_full_tmpfs_fails_the_poll_in_one_line_keeping_what_was_stored(
    polled_once: Sandbox, tmp_path: Path
) -> None:
    box = polled_once
    before = _stored(box.db)
    mount, out = tmp_path / "mnt", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    target = mount / "frontwatch.db"
    poll = shlex.join([*box.argv()[:3], "--db", str(target), "--config", str(box.config)])
    # In a private mount namespace: a tmpfs with 300 KiB to spare holds a copy of the
    # database; the poll runs there, and what it leaves is copied out to be checked.
    script = (
        f"mount -t tmpfs -o size={box.db.stat().st_size + 300 * 1024} tmpfs {mount} && "
        f"cp {shlex.quote(str(box.db))} {target} && "
        f"{{ {poll} poll --once > {out}/stdout 2> {out}/stderr; echo $? > {out}/rc; }} && "
        f"cp {mount}/frontwatch.db* {out}/"
    )
    ran = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        env=box.env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert (out / "rc").read_text().strip() == "1"
    line = one_error_line((out / "stderr").read_text(), target)
    assert "cannot grow: the disk is full" in line
    consistent(out / "frontwatch.db")
    assert before <= _stored(out / "frontwatch.db")

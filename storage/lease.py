"""One poller per database: a lease row with a heartbeat that others can see and respect."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from storage.db import LEASE_STALE_SECONDS, Database
from storage.schema import SCHEMA_VERSION
from storage.timeutil import now_epoch

POLLER = "poller"


@dataclass(frozen=True, slots=True)
class LeaseHolder:
    """Who polls this database now."""

    holder: str
    pid: int
    heartbeat_at: int


def holder_name(role: str) -> str:
    """A readable id for this process: role@host:pid."""
    return f"{role}@{socket.gethostname()}:{os.getpid()}"


def _gone(holder: str, pid: int) -> bool:
    """Whether the holder ran on this host and its process has ended.

    A poller killed outright (SIGKILL, the OOM killer) leaves a fresh heartbeat behind;
    without this a restart would wait for it to go stale.
    """
    host = holder.partition("@")[2].rpartition(":")[0]
    # On Windows os.kill(pid, 0) would end the process, not probe it.
    if os.name != "posix" or host != socket.gethostname() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # another user's process, say: it runs
    return False


def current_poller(db: Database, now: int | None = None) -> LeaseHolder | None:
    """The live poller, if any (a heartbeat within the last 30 s, its process running)."""
    now = now if now is not None else now_epoch()
    with db.reading() as conn:
        row = conn.execute(
            "SELECT holder, pid, heartbeat_at FROM lease WHERE name = ? AND heartbeat_at >= ?",
            (POLLER, now - LEASE_STALE_SECONDS),
        ).fetchone()
    return LeaseHolder(*row) if row and not _gone(row[0], row[1]) else None


def acquire(db: Database, holder: str, *, force: bool = False) -> LeaseHolder | None:
    """Take the poller lease; returns the live other holder instead when there is one.

    With `force`, takes it even from a live holder (which sees it lost the lease at its
    next heartbeat and stops polling).
    """
    now = now_epoch()
    with db.write() as conn:
        row = conn.execute(
            "SELECT holder, pid, heartbeat_at FROM lease WHERE name = ?", (POLLER,)
        ).fetchone()
        live = row and row[2] >= now - LEASE_STALE_SECONDS and not _gone(row[0], row[1])
        if live and row[0] != holder and not force:
            return LeaseHolder(*row)
        conn.execute(
            "INSERT INTO lease (name, holder, pid, schema_version, heartbeat_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "pid = excluded.pid, schema_version = excluded.schema_version, "
            "heartbeat_at = excluded.heartbeat_at",
            (POLLER, holder, os.getpid(), SCHEMA_VERSION, now),
        )
    return None


def heartbeat(db: Database, holder: str) -> bool:
    """Refresh the lease; False when another process has taken it over."""
    with db.write() as conn:
        return bool(
            conn.execute(
                "UPDATE lease SET heartbeat_at = ? WHERE name = ? AND holder = ?",
                (now_epoch(), POLLER, holder),
            ).rowcount
        )


def release(db: Database, holder: str) -> None:
    """Give the lease up (on a clean exit)."""
    with db.write() as conn:
        conn.execute("DELETE FROM lease WHERE name = ? AND holder = ?", (POLLER, holder))

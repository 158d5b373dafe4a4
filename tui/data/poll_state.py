"""What the header says about polling: the child or followed poller, next round, failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.data.format import countdown
from tui.data.loaders import PollSnapshot


@dataclass(frozen=True)
class ChildState:
    """The poller child this app started (state: none, running or stopped)."""

    state: str = "none"
    pid: int | None = None
    exit_code: int | None = None


@dataclass(frozen=True)
class StatusPart:
    """One piece of the header's poll status; `kind` picks its style (ok, warn, error, muted)."""

    text: str
    kind: str = "muted"


def _next_round(snapshot: PollSnapshot, now: datetime) -> StatusPart:
    due = snapshot.next_due
    if due is None or due <= now:
        return StatusPart("⟳ polling", "ok")
    return StatusPart(f"next round in {countdown((due - now).total_seconds())}", "muted")


def describe_polling(
    child: ChildState, snapshot: PollSnapshot | None, now: datetime
) -> list[StatusPart]:
    """The header's poll status, most important first."""
    if snapshot is None:
        return [StatusPart("starting…")]
    lease = snapshot.lease
    parts: list[StatusPart] = []
    own = child.state == "running" and (lease is None or lease.pid == child.pid)
    if own:
        parts.append(_next_round(snapshot, now))
    elif lease is not None:
        parts.append(StatusPart(f"following poller pid {lease.pid}", "ok"))
        parts.append(_next_round(snapshot, now))
    elif child.state == "stopped":
        code = "" if child.exit_code is None else f" (exit {child.exit_code})"
        parts.append(StatusPart(f"✗ poller stopped{code}", "error"))
    else:
        parts.append(StatusPart("✗ poller stopped (follow only)", "warn"))
    if snapshot.sources == 0:
        parts.append(StatusPart("no sources: press S", "warn"))
    if snapshot.offline:
        parts.append(StatusPart("⌁ offline", "warn"))
    if snapshot.failing:
        noun = "source" if snapshot.failing == 1 else "sources"
        parts.append(StatusPart(f"✗ {snapshot.failing} {noun} failing", "error"))
    return parts

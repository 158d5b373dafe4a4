"""SIGKILL at random moments of `poll --once`, then a full run: nothing lost, doubled or broken."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import crash

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="kill moments and workers are read from /proc"
)


def test_killed_polls_lose_and_double_nothing(tmp_path: Path) -> None:
    report = crash.run(feeds=20, kills=4, seed=7, hosts=1, folder=tmp_path)
    summary = "\n".join(report.lines())
    assert len(report.kills) == 4, summary
    assert not report.failed_runs, summary  # a restart after a kill is never refused
    assert report.final_exit == 0, summary
    assert report.integrity == "ok" and report.fts_integrity == "ok", summary
    assert report.served > 20 * 10 and report.missing == 0 and report.unexpected == 0, summary
    assert report.duplicate_guids == 0 and report.duplicate_urls == 0, summary
    assert report.fts_rows == report.stored, summary
    assert report.interrupted > 0 and report.polled_again == report.interrupted, summary
    assert report.orphans == 0, summary  # no worker outlives its killed parent
    assert report.lease_rows == 0, summary
    assert report.ok and summary.endswith("PASS")

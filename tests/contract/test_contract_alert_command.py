"""The alert command: an argv list, no shell, 10 s timeout, the item as JSON on stdin."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import ingest.alerting
from ingest.alerting import AlertPolicy
from storage.watch import add_place
from tests.contract.contract_kit import Entry, Feed, alert_recorder, now, recorded
from tests.ingest.poll_kit import add, make_db, poll_round


async def test_the_poll_loop_runs_the_command_as_argv_with_a_ten_second_timeout(
    tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], dict]] = []
    real_run = subprocess.run

    def spy(argv, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append((argv, kwargs))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(ingest.alerting.subprocess, "run", spy)
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    argv, out = alert_recorder(tmp_path)
    marker = tmp_path / "x"
    feed.entries = [Entry("seed", "Quiet", now())]
    await poll_round(db)
    title = f"Pokrovsk $(touch {marker}) `touch {marker}` | touch {marker}"
    feed.entries.append(Entry("n", title, now(), "https://news.example/n"))
    await poll_round(db, monitor_kwargs={"alert_policy": AlertPolicy(command=tuple(argv))})

    ((called, kwargs),) = calls
    assert called == argv  # the list as configured: nothing joined into a command line
    assert not kwargs.get("shell") and kwargs["timeout"] == 10
    payload = json.loads(kwargs["input"])
    assert payload["kind"] == "item" and payload["title"] == title
    assert payload["url"] == "https://news.example/n" and payload["places"] == ["Pokrovsk"]
    assert recorded(out)[0]["title"] == title  # the command read the JSON from stdin
    assert not marker.exists()  # and nothing in the title ran

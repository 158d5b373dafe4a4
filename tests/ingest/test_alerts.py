"""Alerts: never from a first poll or stale news, once per (item, rule), grouped, no shell."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from ingest.alerting import AlertPolicy, evaluate
from storage.watch import add_place, add_query
from tests.ingest.poll_kit import add, count, make_db, poll_round


def rss(items: list[tuple[str, str, datetime]]) -> str:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for guid, title, when in items
    )
    return f'<rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


class Feed:
    """A feed whose items the test changes between polls."""

    def __init__(self, server: HTTPServer) -> None:
        self.items: list[tuple[str, str, datetime]] = []
        server.expect_request("/feed").respond_with_handler(self._respond)
        self.url = server.url_for("/feed")

    def _respond(self, request):  # noqa: ANN001, ANN202
        from werkzeug import Response

        return Response(rss(self.items), content_type="application/rss+xml")


def now() -> datetime:
    return datetime.now(UTC)


def recorder(tmp_path: Path) -> tuple[list[str], Path]:
    """An alert command (argv, no shell) that appends its stdin to a file."""
    out = tmp_path / "alerts.jsonl"
    script = "import sys; open(sys.argv[1], 'a').write(sys.stdin.read() + '\\n')"
    return [sys.executable, "-c", script, str(out)], out


async def test_first_poll_is_quiet_then_new_items_alert_once(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    argv, out = recorder(tmp_path)
    policy = {"alert_policy": AlertPolicy(command=tuple(argv))}
    feed.items = [("old1", "Assault on Pokrovsk", now() - timedelta(minutes=5))]
    first = await poll_round(db, monitor_kwargs=policy)
    assert first.new_items == 1 and first.alerts == []
    feed.items.append(("new1", "Drones over Pokrovsk", now()))
    second = await poll_round(db, monitor_kwargs=policy)
    assert [a.item.title for a in second.alerts] == ["Drones over Pokrovsk"]
    payload = json.loads(out.read_text().splitlines()[0])
    assert payload["title"] == "Drones over Pokrovsk" and payload["places"] == ["Pokrovsk"]
    # Evaluating the same item again (another process, a restart) fires nothing.
    new_id = second.alerts[0].item.id
    assert evaluate(db, [new_id], now(), AlertPolicy()) == []
    assert count(db, "SELECT count(*) FROM alerts_fired") == 1


async def test_stale_items_never_alert(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.items = [("a", "Pokrovsk yesterday", now() - timedelta(hours=30))]
    await poll_round(db)
    feed.items.append(("b", "Pokrovsk report from 7 hours ago", now() - timedelta(hours=7)))
    second = await poll_round(db)
    assert second.new_items == 1 and second.alerts == []


async def test_theme_rules_and_saved_queries(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    add_place(db, "myrnohrad", themes=["drones"])
    add_query(db, '"47th brigade"')
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    feed.items = [("seed", "Quiet day", now())]
    await poll_round(db)
    feed.items += [
        ("m1", "Shelling of Myrnohrad", now()),
        ("m2", "Drone strike on Myrnohrad", now()),
        ("q1", "The 47th Brigade holds the line", now()),
    ]
    summary = await poll_round(db)
    fired = sorted((a.item.title, a.rule.label) for a in summary.alerts)
    assert fired == [
        ("Drone strike on Myrnohrad", "Myrnohrad"),
        ("The 47th Brigade holds the line", '"47th brigade"'),
    ]


async def test_five_matches_make_one_grouped_notice(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    argv, out = recorder(tmp_path)
    feed.items = [("seed", "Quiet", now())]
    await poll_round(db)
    feed.items += [(f"n{i}", f"Pokrovsk update {i}", now()) for i in range(6)]
    summary = await poll_round(
        db, monitor_kwargs={"alert_policy": AlertPolicy(command=tuple(argv))}
    )
    assert len(summary.alerts) == 6
    notices = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(notices) == 1 and notices[0]["kind"] == "group" and notices[0]["count"] == 6


async def test_hostile_title_runs_nothing(tmp_path: Path, httpserver: HTTPServer) -> None:
    db = make_db(tmp_path)
    add_place(db, "pokrovsk")
    feed = Feed(httpserver)
    add(db, "s", feed.url)
    marker = tmp_path / "pwned"
    argv, out = recorder(tmp_path)
    feed.items = [("seed", "Quiet", now())]
    await poll_round(db)
    feed.items.append(
        ("evil", f"Pokrovsk $(touch {marker}) `touch {marker}`; touch {marker}", now())
    )
    await poll_round(db, monitor_kwargs={"alert_policy": AlertPolicy(command=tuple(argv))})
    assert out.exists() and "touch" in out.read_text()
    assert not marker.exists()


def test_alert_command_timeout_and_missing_binary() -> None:
    from ingest.alerting import run_command

    assert run_command([sys.executable, "-c", "import time; time.sleep(5)"], {}, timeout=0.3) == (
        "alert command timed out after 0.3 s"
    )
    assert "not found" in (run_command(["/nonexistent/notify"], {}) or "")

"""Deciding which newly stored items alert which watch rules, and running the alert command."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from storage import Database
from storage.alerts import claim_alerts
from storage.errors import QueryError
from storage.rows import load_rows
from storage.search import match_ids
from storage.types import ItemRow, WatchRule
from storage.watch import list_rules

log = logging.getLogger(__name__)
COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Alert:
    """One item that matched one rule, fired for the first time."""

    item: ItemRow
    rule: WatchRule


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """When an alert may fire and how it is delivered."""

    max_age: timedelta = timedelta(hours=6)
    group_at: int = 5
    command: tuple[str, ...] = ()
    # The zone a saved query's since:/until: dates mean, as in the user's searches.
    zone: tzinfo = UTC


def evaluate(
    db: Database, item_ids: Sequence[int], now: datetime, policy: AlertPolicy
) -> list[Alert]:
    """Alerts for new items, each (item, rule) claimed once in the DB.

    Items of a source's first poll (quiet), later copies of a story, and items published
    long before they were first seen never alert.
    """
    with db.reading() as conn:
        marks = ",".join("?" * len(item_ids))
        eligible = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM items WHERE id IN ({marks}) AND quiet = 0 AND dup_of IS NULL",
                list(item_ids),
            )
        ]
        rows = [
            row
            for row in load_rows(conn, eligible)
            if (row.published_at or row.fetched_at) >= row.fetched_at - policy.max_age
        ]
    if not rows:
        return []
    by_id = {row.id: row for row in rows}
    candidates: list[tuple[int, int]] = []
    rules = {rule.id: rule for rule in list_rules(db)}
    for rule in rules.values():
        if rule.place_id is not None:
            matched = {r.id for r in rows if rule.place_id in r.places}
        else:
            try:
                matched = match_ids(db, rule.query or "", list(by_id), now=now, tz=policy.zone)
            except QueryError as exc:
                log.warning("saved query %r cannot run: %s", rule.query, exc)
                continue
        if rule.themes:
            matched = {i for i in matched if set(by_id[i].themes) & set(rule.themes)}
        candidates += [(item_id, rule.id) for item_id in sorted(matched)]
    fresh = claim_alerts(db, candidates)
    return [Alert(by_id[item_id], rules[rule_id]) for item_id, rule_id in fresh]


def alert_payload(alerts: Sequence[Alert], place_names: Callable[[str], str]) -> dict:
    """The JSON an alert command reads: one item, or a group of them."""

    def item_json(alert: Alert) -> dict:
        item = alert.item
        return {
            "id": item.id,
            "title": item.title,
            "url": item.url,
            "source": item.source_id,
            "published_at": (item.published_at or item.fetched_at).isoformat(),
            "places": [place_names(p) for p in item.places],
            "themes": list(item.themes),
            "rule": alert.rule.label,
        }

    if len(alerts) == 1:
        return {"kind": "item", **item_json(alerts[0])}
    return {"kind": "group", "count": len(alerts), "items": [item_json(a) for a in alerts]}


def run_command(argv: Sequence[str], payload: dict, timeout: float = COMMAND_TIMEOUT) -> str | None:
    """Run the user's alert command without a shell, the payload as JSON on stdin.

    Returns a one-line problem description, or None when it ran fine.
    """
    if not argv:
        return None
    try:
        completed = subprocess.run(  # noqa: S603 - argv list, no shell: titles cannot inject
            list(argv),
            input=json.dumps(payload, ensure_ascii=False).encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        return f"alert command not found: {argv[0]}"
    except subprocess.TimeoutExpired:
        return f"alert command timed out after {timeout:g} s"
    except OSError as exc:
        return f"alert command failed: {exc}"
    if completed.returncode:
        return f"alert command exited {completed.returncode}"
    return None


def notices(alerts: Sequence[Alert], group_at: int) -> list[list[Alert]]:
    """One notice per alert, or one grouped notice when a round brings `group_at` or more."""
    if len(alerts) >= group_at:
        return [list(alerts)]
    return [[a] for a in alerts]

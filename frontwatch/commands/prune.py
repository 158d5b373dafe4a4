"""`frontwatch prune`: forget items older than a cutoff (starred ones stay) and old fetch logs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import click

from frontwatch.commands.backup import existing_db
from frontwatch.context import AppContext
from frontwatch.durations import parse_duration
from frontwatch.errors import UserError
from frontwatch.render import local_time
from storage.prune import plan_prune, prune_fetch_log, prune_items, set_fetch_log_days

MIN_AGE = 86400
_BARE_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$")


def _age(text: str) -> int:
    # A bare number means minutes elsewhere; here that slip would delete almost everything.
    if _BARE_NUMBER.match(text):
        raise UserError(f"--older-than needs a unit, e.g. {text.strip()}d or {text.strip()}w")
    seconds = parse_duration(text)
    if seconds < MIN_AGE:
        raise UserError(f"--older-than must be at least 1d, got {text!r}")
    return seconds


@click.command("prune")
@click.option(
    "--older-than",
    "older_than",
    required=True,
    help="Delete items first seen longer ago than this, e.g. 180d or 26w.",
)
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
@click.pass_obj
def prune_command(app: AppContext, older_than: str, dry_run: bool) -> None:
    """Delete old items (starred ones stay) and old fetch-log rows.

    Search index rows, tags, hourly counts and fired alerts go with the items; the
    fetch log keeps retention.fetch_log_days days.
    """
    age = _age(older_than)
    db = existing_db(app)
    now = datetime.now(UTC)
    cutoff = now - timedelta(seconds=age)
    days = max(1, app.settings["retention.fetch_log_days"])
    log_cutoff = now - timedelta(days=days)
    plan = plan_prune(db, cutoff, log_cutoff)
    when = local_time(cutoff, app.zone)
    kept = f"{plan.starred_kept:,} starred kept"
    logs = f"fetch-log rows older than {days} days"
    if dry_run:
        click.echo(
            f"would delete {plan.items:,} items first seen before {when} ({kept}) "
            f"and {plan.fetch_log_rows:,} {logs}"
        )
        width = max((len(sid) for sid, _ in plan.by_source), default=0)
        for source_id, count in plan.by_source:
            click.echo(f"  {source_id:<{width}}  {count:>9,}")
        return
    set_fetch_log_days(db, days)
    items = prune_items(db, cutoff)
    rows = prune_fetch_log(db, log_cutoff)
    click.echo(f"deleted {items:,} items first seen before {when} ({kept}) and {rows:,} {logs}")

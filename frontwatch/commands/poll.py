"""`frontwatch poll`: one round with a progress bar, or the daemon until a signal."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from datetime import UTC, datetime

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from frontwatch.context import AppContext
from frontwatch.errors import UserError
from frontwatch.logs import setup_logging
from frontwatch.wiring import build_cpu_pool, build_fetcher, build_monitor
from ingest.monitor import Monitor, RoundSummary, until_stopped, use_poll_threads
from storage import lease
from storage.sources import due_sources, poll_now, require_source

log = logging.getLogger(__name__)
# Full-text fetching after a --once round stops after this many items.
ONCE_ENRICH_LIMIT = 200


@click.command("poll")
@click.option("--once", is_flag=True, help="Poll every source once, then exit.")
@click.option("--source", "source_id", help="Poll only this source.")
@click.option("--force", is_flag=True, help="Run even while another poller holds the database.")
@click.option("--verbose", is_flag=True, help="Mirror the log to stderr.")
@click.pass_obj
def poll_command(
    app: AppContext, once: bool, source_id: str | None, force: bool, verbose: bool
) -> None:
    """Fetch sources, store and tag new items, fire alerts."""
    log_path = setup_logging(verbose=verbose)
    db = app.open_db(poller=True)
    if source_id:
        require_source(db, source_id)
    holder = lease.holder_name("poll")
    other = lease.acquire(db, holder, force=force)
    if other is not None:
        raise UserError(
            f"another poller is running on this database ({other.holder}); use --force to take over"
        )
    try:
        if once:
            summary, due = asyncio.run(_once(app, source_id))
            click.echo(summary.line())
            # Nothing could run: no source to poll, or every poll failed. Sources another
            # poller (--force) took between marking and polling them were polled all the same.
            if due == 0 or summary.failed == summary.polled > 0:
                raise SystemExit(1)
        else:
            click.echo(f"polling; log: {log_path}; stop with Ctrl-C", err=True)
            asyncio.run(_forever(app, holder))
    finally:
        lease.release(db, holder)


def _install_stop(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)


async def _once(app: AppContext, source_id: str | None) -> tuple[RoundSummary, int]:
    """One round over every source (or one); with how many were due when it began."""
    use_poll_threads()
    db = app.open_db()
    if source_id is None:
        await asyncio.to_thread(poll_now, db)
    total = len(await asyncio.to_thread(due_sources, db, _now(), source_id))
    stop = asyncio.Event()
    _install_stop(stop)
    show = sys.stderr.isatty()
    with Progress(
        TextColumn("polling"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        disable=not show,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(outcome) -> None:  # noqa: ANN001 - SourceOutcome
            progress.update(task, advance=1, description=f"{outcome.source.id}: {outcome.status}")

        with build_cpu_pool(app.settings) as cpu:
            async with build_fetcher(app.settings) as fetcher:
                monitor = build_monitor(db, app.settings, fetcher, cpu, on_progress=advance)
                summary = await until_stopped(monitor.run_round(source_id), stop)
                if summary is None:
                    raise UserError("interrupted; what was stored so far is kept")
                if not stop.is_set():
                    await until_stopped(_drain_enrichment(monitor), stop)
    return summary, total


async def _drain_enrichment(monitor: Monitor) -> None:
    done = 0
    while done < ONCE_ENRICH_LIMIT:
        batch = await monitor.enrich(limit=50)
        if not batch:
            return
        done += batch


async def _forever(app: AppContext, holder: str) -> None:
    use_poll_threads()
    db = app.open_db()
    stop = asyncio.Event()
    _install_stop(stop)
    with build_cpu_pool(app.settings) as cpu:
        async with build_fetcher(app.settings) as fetcher:
            monitor = build_monitor(db, app.settings, fetcher, cpu)

            def report(summary: RoundSummary) -> None:
                log.info("%s", summary.line())

            await monitor.run_forever(
                stop, on_round=report, heartbeat=lambda: lease.heartbeat(db, holder)
            )


def _now() -> datetime:
    return datetime.now(UTC)

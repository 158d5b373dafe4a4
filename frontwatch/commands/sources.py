"""`frontwatch sources`: add, list with health, pause, resume, remove, OPML import and export."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click
from rich.table import Table

from frontwatch.context import AppContext
from frontwatch.durations import format_duration, parse_duration
from frontwatch.errors import UserError
from frontwatch.render import console, iso_time, local_time, safe, safe_text
from frontwatch.wiring import check_source_url
from storage.search_sql import SIDES, TYPES
from storage.sources import (
    add_source,
    list_health,
    remove_source,
    set_enabled,
    slug_for,
)
from storage.types import Source, SourceHealth

KINDS = ("rss", "telegram", "html")
STATUS_GLYPHS = {
    "ok": "✓",
    "not_modified": "=",
    "error": "✗",
    "offline": "⌁",
    "paused": "‖",
    "never": "·",
    "gap": "!",
    "parse_empty": "∅",
    "no_preview": "∅",
}


@click.group("sources")
def sources_group() -> None:
    """Manage the sources that are polled."""


@sources_group.command("add")
@click.argument("url")
@click.option("--kind", type=click.Choice(KINDS), help="Detected when not given.")
@click.option("--id", "source_id", help="Short id (default: from the URL).")
@click.option("--title")
@click.option("--lang", type=click.Choice(["en", "uk", "ru", "other"]))
@click.option("--interval", default=None, help="How often to poll: 90s, 15m, 1h (min 1m).")
@click.option("--selector", help="html sources: CSS selector of article links.")
@click.option("--side", type=click.Choice(SIDES), default="other", show_default=True)
@click.option("--type", "type_", type=click.Choice(TYPES), default="media", show_default=True)
@click.option("--no-extract", is_flag=True, help="Never fetch article pages for full text.")
@click.option("--user-agent", help="User-Agent for this source only.")
@click.option("--proxy", help="Proxy for this source only (http://, socks5://).")
@click.option("--allow-file", is_flag=True, help="Allow a file:// URL (local archives).")
@click.pass_obj
def add_command(
    app: AppContext,
    url: str,
    kind: str | None,
    source_id: str | None,
    title: str | None,
    lang: str | None,
    interval: str | None,
    selector: str | None,
    side: str,
    type_: str,
    no_extract: bool,
    user_agent: str | None,
    proxy: str | None,
    allow_file: bool,
) -> None:
    """Add a source by URL: a feed, a t.me channel, or a news site's index page."""
    seconds = parse_duration(interval or app.settings["poll.interval"])
    if kind is None or kind == "rss":
        check = check_source_url(
            app.settings, url, kind, allow_file=allow_file, user_agent=user_agent, proxy=proxy
        )
        kind, url = asyncio.run(check)
    db = app.open_db(places=False)
    source = add_source(
        db,
        Source(
            id=source_id or slug_for(url),
            kind=kind,
            url=url,
            title=title,
            lang=lang,
            interval=seconds,
            side=side,
            type=type_,
            selector=selector,
            extract=not no_extract,
            user_agent=user_agent,
            proxy=proxy,
            allow_file=allow_file,
        ),
    )
    click.echo(f"added {source.id} ({source.kind}, every {format_duration(seconds)}): {url}")


@sources_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def list_command(app: AppContext, fmt: str) -> None:
    """Sources with their health: status, last success, error streak, items, next poll."""
    health = list_health(app.open_db(places=False))
    if fmt == "json":
        click.echo(json.dumps([_health_json(app, h) for h in health], ensure_ascii=False, indent=2))
        return
    if not health:
        click.echo("no sources yet: add one with `frontwatch sources add URL`")
        return
    table = Table(header_style="bold")
    for heading in (
        "id",
        "kind",
        "side/type",
        "status",
        "last success",
        "errors",
        "items",
        "24h",
        "next poll",
        "last error",
    ):
        table.add_column(heading, overflow="fold")
    for h in health:
        s = h.source
        table.add_row(
            safe_text(s.id),
            s.kind,
            f"{s.side}/{s.type}",
            f"{STATUS_GLYPHS.get(h.status, '?')} {h.status}",
            local_time(s.last_success_at, app.zone),
            str(s.error_count or ""),
            str(h.items_total),
            str(h.items_24h),
            local_time(s.next_poll_at, app.zone) if s.enabled else "",
            safe_text((s.last_error or "")[:80]),
        )
    console().print(table)


def _health_json(app: AppContext, h: SourceHealth) -> dict[str, object]:
    s = h.source
    return {
        "id": s.id,
        "kind": s.kind,
        "url": s.url,
        "title": safe(s.title) or None,
        "lang": s.lang,
        "side": s.side,
        "type": s.type,
        "interval": s.interval,
        "status": h.status,
        "last_success_at": iso_time(s.last_success_at, app.zone),
        "last_polled_at": iso_time(s.last_polled_at, app.zone),
        "next_poll_at": iso_time(s.next_poll_at, app.zone),
        "error_streak": s.error_count,
        "last_error": s.last_error,
        "items_total": h.items_total,
        "items_24h": h.items_24h,
    }


@sources_group.command("remove")
@click.argument("source_id")
@click.pass_obj
def remove_command(app: AppContext, source_id: str) -> None:
    """Remove a source and its items."""
    count = remove_source(app.open_db(places=False), source_id)
    click.echo(f"removed {source_id} and {count} items")


def _set_enabled_command(name: str, enabled: bool, summary: str) -> click.Command:
    @sources_group.command(name, help=summary)
    @click.argument("source_id")
    @click.pass_obj
    def command(app: AppContext, source_id: str) -> None:
        set_enabled(app.open_db(places=False), source_id, enabled)
        click.echo(f"{'resumed' if enabled else 'paused'} {source_id}")

    return command


pause_command = _set_enabled_command("pause", False, "Stop polling a source (its items stay).")
resume_command = _set_enabled_command("resume", True, "Poll a paused source again, from now.")


@sources_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_command(app: AppContext, file: Path) -> None:
    """Add the sources of an OPML file (newsboat, Miniflux, FreshRSS, frontwatch)."""
    from ingest.opml import OpmlError, read_opml

    try:
        entries = read_opml(file.read_bytes())
    except OpmlError as exc:
        raise UserError(f"{file}: {exc}") from None
    db = app.open_db(places=False)
    interval = parse_duration(app.settings["poll.interval"])
    added = skipped = 0
    for entry in entries:
        source = Source(
            id=slug_for(entry.url),
            kind=entry.kind or "rss",
            url=entry.url,
            title=entry.title,
            lang=entry.lang,
            interval=interval,
            side=entry.side or "other",
            type=entry.type or "media",
            selector=entry.selector,
        )
        try:
            add_source(db, source)
            added += 1
        except ValueError:
            skipped += 1
    click.echo(
        f"imported {added} sources from {file}"
        + (f"; {skipped} already present or invalid" if skipped else "")
    )


@sources_group.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def export_command(app: AppContext, file: Path | None) -> None:
    """Write the sources as OPML 2.0 (to FILE, or to standard output)."""
    from ingest.opml import write_opml

    text = write_opml([h.source for h in list_health(app.open_db(places=False))], "frontwatch")
    if file is None:
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"wrote {file}")

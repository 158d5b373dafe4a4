"""`frontwatch search`: the query language from the shell, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys

import click
from rich.table import Table

from frontwatch.context import AppContext
from frontwatch.errors import UserError
from frontwatch.render import console, highlighted, iso_time, local_time, safe, safe_text
from storage.places import get_places
from storage.query import parse_query
from storage.search import search, title_spans
from storage.types import SearchHit, SearchResult

COLUMNS = ("id", "published_at", "source", "title", "url", "lang", "places", "themes", "snippet")


# Unknown "-word" arguments are query negations, not options.
@click.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--sort", type=click.Choice(["newest", "rank"]), default="newest", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_obj
def search_command(
    app: AppContext, query: tuple[str, ...], limit: int, sort: str, fmt: str
) -> None:
    """Search stored items.

    Words are ANDed; "exact phrase"; a OR b; -word excludes; prefix*. Filters:
    place:NAME (any spelling), near:NAME/25km, theme:ID, source:ID, lang:uk,
    side:ua|ru|intl|other, type:media|analyst|…, since:24h|7d|2026-01-15, until:…,
    is:unread|read|starred.
    """
    text = " ".join(query)
    parsed = parse_query(text)
    if parsed.is_empty:
        raise UserError(f"nothing to search for in {text!r}")
    db = app.open_db()
    result = search(db, parsed, limit=limit, sort=sort, tz=app.zone, known_themes=app.known_themes)
    names = {
        pid: p.name
        for pid, p in get_places(db, {p for h in result.hits for p in h.item.places}).items()
    }
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "table":
        _print_table(app, result, names)
        return
    records = [_record(app, hit, names) for hit in result.hits]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {**record, "places": "; ".join(record["places"]), "themes": "; ".join(record["themes"])}
        )


def _record(app: AppContext, hit: SearchHit, names: dict[str, str]) -> dict[str, object]:
    item = hit.item
    return {
        "id": item.id,
        "published_at": iso_time(item.published_at or item.fetched_at, app.zone),
        "source": item.source_id,
        "title": safe(item.title),
        "url": safe(item.url),
        "lang": item.lang,
        "places": [names.get(p, p) for p in item.places],
        "themes": list(item.themes),
        "snippet": safe(hit.snippet),
    }


def _print_table(app: AppContext, result: SearchResult, names: dict[str, str]) -> None:
    out = console()
    if not result.hits:
        out.print("no matches")
        return
    table = Table(show_lines=False, expand=False, header_style="bold")
    for heading in ("id", "published", "source", "title / snippet", "places", "themes"):
        table.add_column(heading, overflow="fold")
    for hit in result.hits:
        item = hit.item
        title = safe(item.title)
        cell = highlighted(title, tuple(title_spans(title, result)))
        if hit.snippet:
            cell.append("\n")
            cell.append_text(highlighted(safe(hit.snippet), hit.highlights, style="bold"))
        table.add_row(
            str(item.id),
            local_time(item.published_at or item.fetched_at, app.zone),
            safe_text(item.source_id),
            cell,
            safe_text(", ".join(names.get(p, p) for p in item.places)),
            safe_text(", ".join(item.themes)),
        )
    out.print(table)

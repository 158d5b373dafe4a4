"""`frontwatch stats`: what the database holds."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from rich.table import Table

from frontwatch.context import AppContext
from frontwatch.render import console
from storage.stats import database_stats


@click.command("stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def stats_command(app: AppContext, fmt: str) -> None:
    """Items, sources, places tagged, items in the last 24 h, size and schema version."""
    stats = database_stats(app.open_db(places=False))
    if fmt == "json":
        click.echo(json.dumps({"db": str(app.db_path), **asdict(stats)}, indent=2))
        return
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("database", str(app.db_path)),
        ("items", f"{stats.items:,}"),
        ("items, last 24 h", f"{stats.items_24h:,}"),
        ("sources", f"{stats.sources:,}"),
        ("places tagged", f"{stats.places_tagged:,}"),
        ("size", f"{stats.db_bytes / 1_048_576:.1f} MiB"),
        ("schema version", str(stats.schema_version)),
    ]
    for label, value in rows:
        table.add_row(label, value)
    console().print(table)

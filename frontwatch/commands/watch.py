"""`frontwatch watch`: the watchlist from the shell (places and saved queries)."""

from __future__ import annotations

import json

import click
from rich.table import Table

from frontwatch.context import AppContext
from frontwatch.errors import UserError
from frontwatch.render import console, local_time, safe_text
from storage.places import resolve_place
from storage.watch import add_place, add_query, list_rules, remove_place, remove_rule, watch_stats


def _themes(value: str | None, known: tuple[str, ...]) -> tuple[str, ...]:
    themes = tuple(t.strip().lower() for t in (value or "").split(",") if t.strip())
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise UserError(f"unknown theme {unknown[0]!r} (known: {', '.join(known)})")
    return themes


@click.group("watch")
def watch_group() -> None:
    """The watchlist: places and saved queries that count, spark and alert."""


@watch_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def list_command(app: AppContext, fmt: str) -> None:
    """Watched places and queries with their counts."""
    stats = watch_stats(app.open_db(), tz=app.zone)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": s.rule.id,
                        "label": s.rule.label,
                        "place": s.rule.place_id,
                        "query": s.rule.query,
                        "themes": list(s.rule.themes),
                        "mentions_24h": s.mentions_24h,
                        "mentions_prev_24h": s.mentions_prev_24h,
                        "last_mention_at": s.last_mention_at.isoformat()
                        if s.last_mention_at
                        else None,
                        "unread": s.unread,
                    }
                    for s in stats
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not stats:
        click.echo("the watchlist is empty: `frontwatch watch add PLACE`")
        return
    table = Table(header_style="bold")
    for heading in ("#", "watching", "alert themes", "24h", "prev 24h", "last mention", "unread"):
        table.add_column(heading)
    for s in stats:
        table.add_row(
            str(s.rule.id),
            safe_text(s.rule.label if s.rule.place_id else f"query: {s.rule.query}"),
            ", ".join(s.rule.themes) or "all",
            str(s.mentions_24h),
            str(s.mentions_prev_24h),
            local_time(s.last_mention_at, app.zone),
            str(s.unread),
        )
    console().print(table)


@watch_group.command("add")
@click.argument("place", nargs=-1, required=True)
@click.option("--themes", help="Only alert for these themes, e.g. assault,capture.")
@click.option("--query", "is_query", is_flag=True, help="Watch PLACE as a saved search query.")
@click.pass_obj
def add_command(
    app: AppContext, place: tuple[str, ...], themes: str | None, is_query: bool
) -> None:
    """Watch a place (any spelling, en/uk/ru) or, with --query, a saved search."""
    text = " ".join(place)
    db = app.open_db()
    wanted = _themes(themes, app.known_themes)
    if is_query:
        rule = add_query(db, text, wanted)
        click.echo(f"watching query {rule.query!r}")
        return
    candidates = resolve_place(db, text)
    if not candidates:
        raise UserError(f"unknown place: {text!r}")
    chosen = candidates[0]
    rule = add_place(db, chosen.id, wanted)
    others = ", ".join(f"{p.id} ({p.oblast})" for p in candidates[1:4])
    click.echo(
        f"watching {chosen.name} ({chosen.id}, {chosen.oblast} oblast)"
        + (f" for {', '.join(rule.themes)}" if rule.themes else "")
        + (f"; other places of that name: {others}" if others else "")
    )


@watch_group.command("remove")
@click.argument("place", nargs=-1, required=True)
@click.pass_obj
def remove_command(app: AppContext, place: tuple[str, ...]) -> None:
    """Stop watching a place (name or id) or a row by its number from `watch list`."""
    text = " ".join(place)
    db = app.open_db()
    if text.isdigit():
        remove_rule(db, int(text))
        click.echo(f"removed watchlist row {text}")
        return
    for rule in list_rules(db):
        if rule.query == text:
            remove_rule(db, rule.id)
            click.echo(f"stopped watching query {text!r}")
            return
    for candidate in resolve_place(db, text):
        if remove_place(db, candidate.id):
            click.echo(f"stopped watching {candidate.name}")
            return
    raise UserError(f"{text!r} is not on the watchlist")

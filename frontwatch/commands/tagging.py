"""`frontwatch tag` and `frontwatch retag`: the tagger from the shell, and over stored items."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

import click
from rich.table import Table

from frontwatch.context import AppContext
from frontwatch.render import console, safe
from frontwatch.wiring import build_cpu_pool, tagger_factory
from tagging.types import TagResult


def result_json(result: TagResult, tagger, *, explain: bool) -> dict[str, object]:  # noqa: ANN001
    """The JSON shape of a tag result (places with names and coordinates)."""
    places = []
    for tag in result.places:
        place = tagger.gazetteer.get(tag.place_id)
        entry: dict[str, object] = {
            "id": tag.place_id,
            "name": place.name if place else tag.place_id,
            "mentions": tag.mentions,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
        }
        if explain:
            entry["evidence"] = [_evidence(e) for e in tag.evidence]
            entry["runners_up"] = list(tag.runners_up)
        places.append(entry)
    themes = []
    for theme in result.themes:
        item: dict[str, object] = {"id": theme.theme_id, "score": round(theme.score, 3)}
        if explain:
            item["evidence"] = [_evidence(e) for e in theme.evidence]
        themes.append(item)
    out: dict[str, object] = {"lang": result.lang, "places": places, "themes": themes}
    if explain:
        out["rejected"] = [_evidence(e) for e in result.rejected]
        out["tagger_version"] = result.version
    return out


def _evidence(e) -> dict[str, object]:  # noqa: ANN001 - tagging.types.Evidence
    return {"field": e.field, "start": e.start, "end": e.end, "form": e.form, "rule": e.rule}


@click.command("tag")
@click.argument("file", required=False, type=click.File("r", encoding="utf-8"))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--explain", is_flag=True, help="Show every match: span, form, rule, runners-up.")
@click.option("--jsonl", is_flag=True, help='Stream: stdin lines {"id", "text"} → JSON lines.')
@click.pass_obj
def tag_command(app: AppContext, file: TextIO | None, fmt: str, explain: bool, jsonl: bool) -> None:
    """Tag text (FILE, or standard input) by settlement and theme."""
    tagger = tagger_factory(app.settings)()
    if jsonl:
        _stream(tagger, file or sys.stdin, explain)
        return
    text = (file or sys.stdin).read()
    title, _, body = text.partition("\n")
    result = tagger.tag(title, body, explain=explain)
    if fmt == "json":
        click.echo(json.dumps(result_json(result, tagger, explain=explain), ensure_ascii=False))
        return
    _print_text(result, tagger, text_fields={"title": title, "body": body}, explain=explain)


def _stream(tagger, lines: TextIO, explain: bool) -> None:  # noqa: ANN001
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            out = {"id": None, "error": f'line {number}: expected {{"id", "text"}} JSON'}
        else:
            title, _, body = text.partition("\n")
            out = {
                "id": record.get("id"),
                **result_json(tagger.tag(title, body, explain=explain), tagger, explain=explain),
            }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _print_text(result: TagResult, tagger, text_fields: dict[str, str], explain: bool) -> None:  # noqa: ANN001
    out = console()
    out.print(f"language: {result.lang}")
    if not result.places and not result.themes:
        out.print("no places or themes found")
    for tag in result.places:
        place = tagger.gazetteer.get(tag.place_id)
        where = f"{place.name} ({place.oblast}, {place.raion})" if place else tag.place_id
        out.print(f"place: {where} ×{tag.mentions}")
        if explain:
            for e in tag.evidence:
                snippet = safe(text_fields.get(e.field, "")[e.start : e.end])
                out.print(
                    f"    {e.field}[{e.start}:{e.end}] {snippet!r} form={e.form!r} rule={e.rule}"
                )
            if tag.runners_up:
                out.print(f"    also possible: {', '.join(tag.runners_up)}")
    for theme in result.themes:
        out.print(f"theme: {theme.theme_id} ({theme.score:.2f})")
        if explain:
            for e in theme.evidence:
                out.print(f"    {e.field}[{e.start}:{e.end}] cue={e.form!r} rule={e.rule}")
    if explain and result.rejected:
        table = Table(title="considered and rejected", header_style="bold")
        for heading in ("field", "span", "form", "why"):
            table.add_column(heading)
        for e in result.rejected:
            table.add_row(e.field, f"{e.start}:{e.end}", safe(e.form), e.rule)
        out.print(table)


@click.command("retag")
@click.option("--since", help="Only items published since: 7d, 24h or a date (2026-01-15).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: every core).")
@click.option("--force", is_flag=True, help="Re-tag items this version already tagged, too.")
@click.pass_obj
def retag_command(app: AppContext, since: str | None, workers: int | None, force: bool) -> None:
    """Re-tag stored items after the gazetteer, themes or your config changed.

    Items the current tagger already tagged are skipped. After a change to places alone,
    only places are found again; after a change to some themes, only those themes are
    scored again.
    """
    from datetime import UTC, datetime

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from frontwatch.retag import retag
    from storage.stats import database_stats
    from storage.timespec import parse_moment

    db = app.open_db()
    moment = None
    if since:
        now = datetime.now(UTC)
        moment = datetime.fromtimestamp(parse_moment(since, now=now, tz=app.zone, key="since"), UTC)
    total = database_stats(db).items
    with Progress(
        TextColumn("retagging"),
        BarColumn(),
        MofNCompleteColumn(),
        disable=not sys.stderr.isatty(),
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)
        with build_cpu_pool(app.settings, workers) as cpu:
            summary = retag(
                db,
                cpu,
                since=moment,
                workers=workers or os.cpu_count() or 2,
                force=force,
                on_batch=lambda n: progress.update(task, advance=n),
            )
    current = summary.items - summary.tagged
    halves = [f", {count} of them for {half} only" for count, half in summary.halves()]
    click.echo(
        f"retagged {summary.tagged} items{''.join(halves)} ({summary.megabytes:.1f} MB in "
        f"{summary.seconds:.1f} s, {summary.rate:.1f} MB/s); tags changed on {summary.changed}"
        + (f"; {current} already current (--force re-tags them)" if current else "")
    )

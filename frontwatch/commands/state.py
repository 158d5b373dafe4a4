"""`frontwatch state export|import`: watchlist, stars and read marks as a versioned JSON file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

import click

from frontwatch.commands.backup import existing_db
from frontwatch.context import AppContext
from frontwatch.errors import UserError
from storage.state import ItemMark, RuleState, export_marks, export_rules, import_state

FORMAT = "frontwatch-state"
VERSION = 1
STDIO = "-"


class StateFileError(ValueError):
    """A state file that cannot be read (one-line reason, without the file's name)."""


@dataclass
class _Tally:
    marks: int = 0
    stars: int = 0
    reads: int = 0


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def write_state(out: TextIO, rules: list[RuleState], marks: Iterable[ItemMark]) -> _Tally:
    """Write the state file: a header, the rules, then one item mark per line (streamed)."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(datetime.now(UTC)),
        "watch": [
            {
                "place": r.place_id,
                "query": r.query,
                "themes": list(r.themes),
                "label": r.label,
                "added_at": _iso(r.added_at),
            }
            for r in rules
        ],
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=2).removesuffix("\n}"))
    out.write(',\n  "items": [')
    tally = _Tally()
    for mark in marks:
        record = {
            "source": mark.source_id,
            "guid": mark.guid,
            "url": mark.url,
            "starred": mark.starred,
            "read_at": _iso(mark.read_at),
        }
        separator = ",\n    " if tally.marks else "\n    "
        out.write(separator + json.dumps(record, ensure_ascii=False))
        tally.marks += 1
        tally.stars += mark.starred
        tally.reads += mark.read_at is not None
    out.write("\n  ]\n}\n")
    return tally


def read_state(data: object) -> tuple[list[RuleState], list[ItemMark]]:
    """The rules and marks of a decoded state file.

    Raises:
        StateFileError: not a state file, a newer version, or a malformed entry.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateFileError(f'not a frontwatch state file (no "format": "{FORMAT}")')
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise StateFileError('"version" must be a whole number from 1')
    if version > VERSION:
        raise StateFileError(
            f"written by a newer frontwatch (state version {version}; this one reads {VERSION})"
        )
    rules = [_rule(entry, f"watch[{i}]") for i, entry in enumerate(_list(data, "watch"))]
    marks = [_mark(entry, f"items[{i}]") for i, entry in enumerate(_list(data, "items"))]
    return rules, marks


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise StateFileError(f'"{key}" must be a list')
    return value


def _get(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if value is not None and not isinstance(value, kind):
        raise StateFileError(f'{where}: "{key}" has the wrong type ({type(value).__name__})')
    return value


def _time(entry: dict[str, Any], key: str, where: str) -> datetime | None:
    text = _get(entry, key, str, where)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise StateFileError(f'{where}: "{key}" is not an ISO 8601 time: {text!r}') from None
    if moment.tzinfo is None:
        raise StateFileError(f'{where}: "{key}" has no UTC offset: {text!r}')
    return moment.astimezone(UTC)


def _rule(entry: object, where: str) -> RuleState:
    if not isinstance(entry, dict):
        raise StateFileError(f"{where}: expected an object")
    place, query = _get(entry, "place", str, where), _get(entry, "query", str, where)
    if bool(place) == bool(query):
        raise StateFileError(f'{where}: needs exactly one of "place" and "query"')
    themes = _get(entry, "themes", list, where) or []
    if not all(isinstance(t, str) and t and "," not in t for t in themes):
        raise StateFileError(f'{where}: "themes" must be a list of theme ids')
    return RuleState(
        place_id=place or None,
        query=query or None,
        themes=tuple(themes),
        label=_get(entry, "label", str, where) or place or query,
        added_at=_time(entry, "added_at", where) or datetime.now(UTC),
    )


def _mark(entry: object, where: str) -> ItemMark:
    if not isinstance(entry, dict):
        raise StateFileError(f"{where}: expected an object")
    source, guid = _get(entry, "source", str, where), _get(entry, "guid", str, where)
    if not source or guid is None:
        raise StateFileError(f'{where}: needs "source" and "guid"')
    return ItemMark(
        source_id=source,
        guid=guid,
        url=_get(entry, "url", str, where) or None,
        starred=bool(_get(entry, "starred", bool, where)),
        read_at=_time(entry, "read_at", where),
    )


def _name(file: str) -> str:
    return "standard input" if file == STDIO else file


def _load(file: str) -> tuple[list[RuleState], list[ItemMark]]:
    name = _name(file)
    try:
        with click.open_file(file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise UserError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"{name}: not UTF-8 text, so not a state file") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return read_state(data)
    except StateFileError as exc:
        raise UserError(f"{name}: {exc}") from None


@click.group("state")
def state_group() -> None:
    """Watchlist, stars and read marks as a file.

    To carry them over to a new or rebuilt database: items are matched by source and
    guid, else by canonical URL, never by row number.
    """


@state_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.pass_obj
def export_command(app: AppContext, file: str) -> None:
    """Write the state as JSON to FILE (`-`: standard output)."""
    db = existing_db(app)
    rules = export_rules(db)
    try:
        # atomic: written beside FILE and renamed over it only when complete.
        with click.open_file(file, "w", encoding="utf-8", atomic=file != STDIO) as out:
            tally = write_state(out, rules, export_marks(db))
    except OSError as exc:
        raise UserError(f"{file}: cannot write it ({exc.strerror or exc})") from None
    if file != STDIO:
        click.echo(
            f"wrote {len(rules)} watch rules and {tally.marks:,} item marks "
            f"({tally.stars:,} starred, {tally.reads:,} read) to {file}"
        )


@state_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.pass_obj
def import_command(app: AppContext, file: str) -> None:
    """Merge a state file (`-`: standard input) into the database.

    Nothing is removed or un-marked; importing the same file twice changes nothing more.
    """
    rules, marks = _load(file)
    report = import_state(app.open_db(), rules, marks)
    click.echo(
        f"imported {_name(file)}: applied {report.rules_applied} watch rules, "
        f"{report.stars_applied:,} stars, {report.reads_applied:,} read marks; "
        f"{report.rules_present + report.marks_present:,} already so; not found: "
        f"{report.items_unmatched:,} items, {report.rules_unmatched} watched places"
    )

"""`frontwatch config`: where the file is, the effective values, validation, and editing."""

from __future__ import annotations

import json
import os
import shlex
import subprocess

import click
from rich.table import Table

from frontwatch.config import load_settings
from frontwatch.config_keys import KEYS
from frontwatch.context import AppContext
from frontwatch.errors import UserError
from frontwatch.render import console


@click.group("config")
def config_group() -> None:
    """Show, check and edit the configuration."""


@config_group.command("path")
@click.pass_obj
def path_command(app: AppContext) -> None:
    """Print the config file's path (it may not exist yet)."""
    click.echo(str(app.settings.path))


@config_group.command("show")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_obj
def show_command(app: AppContext, fmt: str) -> None:
    """Every key's effective value and where it came from (default / file / env)."""
    settings = app.settings
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    k.name: {"value": settings[k.name], "from": settings.origins[k.name]}
                    for k in KEYS
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(header_style="bold")
    for heading in ("key", "value", "from", "meaning"):
        table.add_column(heading, overflow="fold")
    for key in KEYS:
        table.add_row(
            key.name,
            json.dumps(settings[key.name], ensure_ascii=False),
            settings.origins[key.name],
            key.doc,
        )
    console().print(table)
    click.echo(f"file: {settings.path}" + ("" if settings.file_exists else " (not created yet)"))


@config_group.command("check")
@click.pass_obj
def check_command(app: AppContext) -> None:
    """Validate the file (errors name the line and the key)."""
    # Loading already validated it (a bad file never reaches here); say what was read.
    settings = app.settings
    if not settings.file_exists:
        click.echo(f"{settings.path}: no file; every key has its default")
        return
    changed = sum(1 for origin in settings.origins.values() if origin == "file")
    click.echo(f"{settings.path}: ok ({changed} keys set)")


@config_group.command("edit")
@click.pass_obj
def edit_command(app: AppContext) -> None:
    """Open the file in $EDITOR (created if missing), then check it."""
    path = app.settings.path
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UserError(f"set $EDITOR to edit {path}")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# frontwatch settings: see `frontwatch config show`\n", encoding="utf-8")
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)  # noqa: S603 - user's editor
    except OSError as exc:
        raise UserError(f"cannot run the editor {editor!r}: {exc}") from None
    load_settings(path)
    click.echo(f"{path}: ok")

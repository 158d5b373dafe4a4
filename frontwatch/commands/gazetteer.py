"""`frontwatch gazetteer`: import more settlements from a GeoNames dump, or drop them."""

from __future__ import annotations

from pathlib import Path

import click

from frontwatch.context import AppContext
from frontwatch.errors import UserError
from frontwatch.gazetteer_user import import_geonames, user_gazetteer_path


@click.group("gazetteer")
def gazetteer_group() -> None:
    """The settlements the tagger knows."""


@gazetteer_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_command(app: AppContext, file: Path) -> None:
    """Add the Ukrainian settlements of a GeoNames dump (UA.txt) that the gazetteer lacks."""
    from tagging.gazetteer import load_gazetteer

    target = user_gazetteer_path()
    try:
        with file.open(encoding="utf-8") as lines:
            summary = import_geonames(lines, load_gazetteer(), target)
    except UnicodeDecodeError:
        raise UserError(f"{file}: not a UTF-8 GeoNames dump") from None
    if summary.kept == 0 and summary.known == 0:
        target.unlink(missing_ok=True)
        raise UserError(f"{file}: no populated places of Ukraine found (is it a GeoNames dump?)")
    click.echo(
        f"imported {summary.kept} settlements into {target}; {summary.known} already known, "
        f"{summary.outside} outside Ukraine, {summary.stats.malformed} malformed lines skipped. "
        "Run `frontwatch retag` to tag stored items with them."
    )


@gazetteer_group.command("reset")
@click.pass_obj
def reset_command(app: AppContext) -> None:
    """Forget imported settlements (the packaged gazetteer stays)."""
    target = user_gazetteer_path()
    if not target.exists():
        click.echo("nothing imported")
        return
    target.unlink()
    click.echo(f"removed {target}")

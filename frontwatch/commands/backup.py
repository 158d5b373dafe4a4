"""`frontwatch backup`: a consistent, checked copy of the database while it is in use."""

from __future__ import annotations

from pathlib import Path

import click

from frontwatch.context import AppContext
from frontwatch.errors import UserError
from storage import Database
from storage.backup import backup_database


def existing_db(app: AppContext) -> Database:
    """The database, which must already exist (these commands never create an empty one)."""
    if not app.db_path.exists():
        raise UserError(f"no database at {app.db_path}")
    return app.open_db(places=False, seed_sources=False)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.pass_obj
def backup_command(app: AppContext, path: Path, force: bool) -> None:
    """Back up the database to PATH, even while it is in use.

    The copy is a snapshot of one commit, taken while the poller keeps writing, and is
    checked with PRAGMA integrity_check before it replaces anything.
    """
    db = existing_db(app)
    if path.exists():
        if path.resolve() == app.db_path.resolve():
            raise UserError(f"{path} is the database itself: back up to another file")
        if not force:
            raise UserError(f"{path} exists: use --force to replace it")
    if not path.parent.is_dir():
        raise UserError(f"cannot write {path}: {path.parent} is not a folder")
    result = backup_database(db, path)
    click.echo(
        f"backed up {result.items:,} items to {path} "
        f"({result.bytes / 1_048_576:.1f} MiB, integrity check ok)"
    )

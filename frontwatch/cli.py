"""The `frontwatch` command: global options, one-line errors, and the subcommands."""

from __future__ import annotations

from pathlib import Path

import click

from frontwatch import __version__
from frontwatch.commands import register
from frontwatch.config import load_settings
from frontwatch.context import AppContext
from frontwatch.errors import USER_ERRORS
from frontwatch.logs import escape_controls
from frontwatch.paths import default_db_path


class FrontwatchGroup(click.Group):
    """A group that turns user errors into one line on stderr (a traceback only with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            if ctx.find_root().params.get("debug"):
                raise
            message = " ".join(str(exc).split()) or type(exc).__name__
            # Messages quote paths, URLs and queries: their control characters are shown,
            # never sent to the terminal.
            message = escape_controls(message)
            click.echo(f"frontwatch: error: {message}", err=True)
            ctx.exit(1)
        finally:
            app = ctx.obj
            if isinstance(app, AppContext):
                app.close()


@click.group(cls=FrontwatchGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Database file (default: $FRONTWATCH_DB or the user data dir).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: $FRONTWATCH_CONFIG or the user config dir).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option("--demo", is_flag=True, help="Monitor the bundled sample feeds (temporary DB).")
@click.option("--no-poll", is_flag=True, help="The monitor only follows a poller already running.")
@click.version_option(__version__, prog_name="frontwatch")
@click.pass_context
def main(
    ctx: click.Context,
    db_path: Path | None,
    config_path: Path | None,
    debug: bool,
    demo: bool,
    no_poll: bool,
) -> None:
    """A terminal monitor for front-line news: feeds, places, themes and alerts.

    Without a command, opens the live monitor (and starts a poller unless one runs).
    """
    settings = load_settings(config_path)
    ctx.obj = AppContext(settings=settings, db_path=db_path or default_db_path(), debug=debug)
    if ctx.invoked_subcommand is None:
        from frontwatch.monitor_app import run_monitor

        run_monitor(ctx.obj, follow_only=no_poll, demo=demo)


register(main)

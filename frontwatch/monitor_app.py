"""Starting the TUI from the command line: the real database, or the demo on loopback."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from frontwatch.config_file import save_theme
from frontwatch.context import AppContext
from frontwatch.zones import zone_name


def poll_argv(app: AppContext, db_path: Path) -> list[str]:
    """The command that starts this installation's poller on a database."""
    argv = [sys.executable, "-m", "frontwatch", "--db", str(db_path)]
    if app.settings.file_exists:
        argv += ["--config", str(app.settings.path)]
    return [*argv, "poll"]


def run_monitor(app: AppContext, *, follow_only: bool, demo: bool) -> None:
    """Open the live monitor (blocking until the user quits)."""
    from tui.app import FrontwatchApp
    from tui.options import TuiOptions

    server = None
    workdir = None
    if demo:
        from frontwatch.demo import DemoServer, add_demo_sources
        from frontwatch.starter import skip_starter_sources

        workdir = tempfile.TemporaryDirectory(prefix="frontwatch-demo-")
        app.db_path = Path(workdir.name) / "demo.db"
        server = DemoServer()
        base_url = server.start()
        db = app.open_db(seed_sources=False)
        skip_starter_sources(db)
        add_demo_sources(db, base_url)
    else:
        db = app.open_db()
    options = TuiOptions(
        db_path=app.db_path,
        poll_argv=None if follow_only else poll_argv(app, app.db_path),
        zone=app.zone,
        zone_name=zone_name(app.zone),
        bell=app.settings["alerts.bell"],
        theme=app.settings["ui.theme"],
        open_command=list(app.settings["ui.open_command"]),
        stream_page=app.settings["ui.stream_page"],
        on_theme_change=None if demo else lambda name: save_theme(app.settings, name),
        known_themes=app.known_themes,
        demo=demo,
    )
    app.close()
    try:
        FrontwatchApp(options).run()
    finally:
        if server is not None:
            server.stop()
        if workdir is not None:
            workdir.cleanup()

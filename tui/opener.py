"""Opening a link: the configured command, OSC 52 over SSH, or the system browser."""

from __future__ import annotations

import asyncio
import os
import subprocess
import webbrowser
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.jobs import run_in_thread
from tui.messages import Done

if TYPE_CHECKING:
    from tui.app import FrontwatchApp


def command_argv(command: Sequence[str], url: str) -> list[str]:
    """The open command with `{url}` filled in, or the URL appended."""
    if any("{url}" in part for part in command):
        return [part.replace("{url}", url) for part in command]
    return [*command, url]


def open_link(app: FrontwatchApp, url: str) -> None:
    """Open `url` the way this session can, telling the user what happened."""
    if app.options.open_command:
        argv = command_argv(app.options.open_command, url)
        app.run_worker(_run(app, argv), name="open-link", group="open-link", exclusive=False)
    elif os.environ.get("SSH_CONNECTION"):
        app.copy_to_clipboard(url)
        app.notify("Over SSH: link copied to your clipboard (OSC 52)", markup=False)
    else:

        def work() -> Done:
            if webbrowser.open(url):
                return Done("opened in the browser")
            return Done("no browser found: press c to copy the link", "warning")

        run_in_thread(app, work, name="open-link", group="open-link", exclusive=False)


async def _run(app: FrontwatchApp, argv: list[str]) -> None:
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        app.notify(f"cannot run {argv[0]}: {exc.strerror}", severity="error", markup=False)
        return
    code = await process.wait()
    if code != 0:
        app.notify(f"{argv[0]} exited with {code}", severity="warning", markup=False)

"""Subcommands of `frontwatch`, one module each."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Attach every subcommand to the main group."""
    from frontwatch.commands.backup import backup_command
    from frontwatch.commands.config import config_group
    from frontwatch.commands.gazetteer import gazetteer_group
    from frontwatch.commands.poll import poll_command
    from frontwatch.commands.prune import prune_command
    from frontwatch.commands.search import search_command
    from frontwatch.commands.sources import sources_group
    from frontwatch.commands.state import state_group
    from frontwatch.commands.stats import stats_command
    from frontwatch.commands.tagging import retag_command, tag_command
    from frontwatch.commands.watch import watch_group

    for command in (
        search_command,
        stats_command,
        sources_group,
        poll_command,
        watch_group,
        config_group,
        tag_command,
        retag_command,
        gazetteer_group,
        state_group,
        prune_command,
        backup_command,
    ):
        group.add_command(command)

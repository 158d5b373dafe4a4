"""`python -m frontwatch`: the same as the `frontwatch` command (the TUI starts its poller so)."""

from frontwatch.cli import main

main()

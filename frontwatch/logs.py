"""One rotating log for the TUI, the daemon and the CLI; control characters escaped."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from frontwatch.paths import log_dir

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LOG_FILE = "frontwatch.log"


def escape_controls(text: str) -> str:
    """`text` with each control character but tab and newline shown as \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class EscapingFormatter(logging.Formatter):
    """Shows control characters as \\xNN so a log viewer's terminal never runs them."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return escape_controls(text)


def setup_logging(*, verbose: bool = False, directory: Path | None = None) -> Path:
    """Log to the rotating file (and stderr when verbose); returns the file's path."""
    directory = directory or log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    formatter = EscapingFormatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_frontwatch", False):
            root.removeHandler(handler)
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [file_handler]
    if verbose:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._frontwatch = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    # httpx logs every request at INFO: too much for a log kept for weeks.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return path

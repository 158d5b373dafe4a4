"""frontwatch: a terminal monitor for front-line news (the command line wires the layers)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("frontwatch")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.1.0"

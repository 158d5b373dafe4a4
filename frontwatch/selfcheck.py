"""`python -m frontwatch.selfcheck`: import every installed module and check the bundled data."""

from __future__ import annotations

import importlib
import pkgutil
import sys

PACKAGES = ("frontwatch", "storage", "tagging", "ingest", "tui", "sample_feeds")


def main() -> int:
    """Import everything; report the first failure in one line."""
    count = 0
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if info.name.endswith(("__main__", ".selfcheck")):
                continue
            importlib.import_module(info.name)
            count += 1
    from sample_feeds import ROOT, sample_sources

    missing = [s.path for s in sample_sources() if not (ROOT / s.path).is_file()]
    if missing:
        print(f"selfcheck: sample feeds missing from the install: {missing}", file=sys.stderr)
        return 1
    from tagging.gazetteer import load_gazetteer

    places = len(load_gazetteer())
    print(
        f"selfcheck: imported {count} modules; {len(sample_sources())} sample sources; "
        f"{places} places"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

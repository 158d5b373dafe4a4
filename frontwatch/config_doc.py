"""The README's configuration table, generated from the key registry (`python -m ...`)."""

from __future__ import annotations

import json

from frontwatch.config_keys import KEYS


def config_table() -> str:
    """A Markdown table of every key: name, default, environment variable, meaning."""
    lines = ["| key | default | environment | meaning |", "| --- | --- | --- | --- |"]
    for key in KEYS:
        default = json.dumps(key.default, ensure_ascii=False)
        lines.append(f"| `{key.name}` | `{default}` | `{key.env}` | {key.doc} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(config_table())

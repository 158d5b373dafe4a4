"""The README documents every configuration key (its table is generated from the registry)."""

from __future__ import annotations

from pathlib import Path

from frontwatch.config_doc import config_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_config_table_is_current() -> None:
    assert config_table() in README.read_text(encoding="utf-8"), (
        "regenerate the table with `python -m frontwatch.config_doc` and paste it in README.md"
    )


def test_readme_quick_start_has_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quick.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert commands[0].endswith("frontwatch --demo")
    assert "pytest" in commands[1]
    ci = (README.parent / ".ci/run").read_text(encoding="utf-8")
    assert commands[1].replace(".venv/", ".ci/venv/").split("&& ", 1)[1] in ci

"""Small edits to the user's config file that the app makes itself (the saved theme)."""

from __future__ import annotations

import re

from frontwatch.config import Settings

_UI_TABLE = re.compile(r"^\s*\[ui\]\s*$", re.M)
_THEME_LINE = re.compile(r'^(\s*theme\s*=\s*)"[^"\n]*"', re.M)


def save_theme(settings: Settings, theme: str) -> None:
    """Record the chosen Textual theme under [ui] theme, keeping the rest of the file."""
    path = settings.path
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    value = theme.replace("\\", "").replace('"', "")
    table = _UI_TABLE.search(text)
    if table:
        section_end = text.find("\n[", table.end())
        section_end = len(text) if section_end < 0 else section_end
        section = text[table.end() : section_end]
        if _THEME_LINE.search(section):
            section = _THEME_LINE.sub(lambda m: f'{m.group(1)}"{value}"', section, count=1)
        else:
            section = f'\ntheme = "{value}"' + section
        text = text[: table.end()] + section + text[section_end:]
    else:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + f'[ui]\ntheme = "{value}"\n'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

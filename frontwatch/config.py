"""Loading settings: defaults, then the TOML file, then FRONTWATCH_* environment variables."""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontwatch.config_keys import KEYS, KEYS_BY_NAME, Key
from frontwatch.paths import default_config_path


class ConfigError(ValueError):
    """A configuration problem, said in one line naming the file (and line) and the key."""


@dataclass(frozen=True)
class Settings:
    """Effective settings with where each value came from (default / file / env)."""

    values: dict[str, Any]
    origins: dict[str, str]
    path: Path
    file_exists: bool = False
    lines: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def zone(self) -> ZoneInfo | None:
        """The configured zone, or None for the system's local zone."""
        name = self.values["timezone"]
        return ZoneInfo(name) if name else None


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the config file (if any) and the environment over the defaults.

    Raises:
        ConfigError: unreadable TOML, an unknown key, or a value of the wrong type.
    """
    env = dict(os.environ) if env is None else env
    if path is None:
        path = Path(env["FRONTWATCH_CONFIG"]) if env.get("FRONTWATCH_CONFIG") else None
    path = path or default_config_path()
    values = {key.name: key.default for key in KEYS}
    origins = {key.name: "default" for key in KEYS}
    lines: dict[str, int] = {}
    exists = path.is_file()
    if exists:
        text = _read(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        lines = _key_lines(text)
        for name, value in _flatten(data):
            key = KEYS_BY_NAME.get(name)
            where = f"{path}:{lines[name]}" if name in lines else str(path)
            if key is None:
                raise ConfigError(f"{where}: unknown key {name!r}{_suggest(name)}")
            values[name] = _check(key, value, where)
            origins[name] = "file"
    for key in KEYS:
        if key.env in env:
            values[key.name] = _from_env(key, env[key.env])
            origins[key.name] = "env"
    _validate(values, path)
    return Settings(values=values, origins=origins, path=path, file_exists=exists, lines=lines)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for name, value in data.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, dict) and KEYS_BY_NAME.get(dotted, None) is None:
            out.extend(_flatten(value, dotted + "."))
        else:
            out.append((dotted, value))
    return out


_TABLE = re.compile(r"^\s*\[([A-Za-z0-9_.\s]+)\]\s*(#.*)?$")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers of top-level and table keys, for error messages."""
    table = ""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1).strip() + "."
            continue
        assign = _ASSIGN.match(line)
        if assign:
            found.setdefault(table + assign.group(1), number)
    return found


def _check(key: Key, value: Any, where: str) -> Any:
    kind = key.kind
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if ok and kind is list and key.item_kind is not None:
        ok = all(isinstance(v, key.item_kind) for v in value)
    if not ok:
        raise ConfigError(
            f"{where}: {key.name} must be {_kind_name(key)}, got {type(value).__name__}"
        )
    return value


def _from_env(key: Key, raw: str) -> Any:
    try:
        if key.kind is bool:
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes")
        if key.kind in (int, float):
            return key.kind(raw)
        if key.kind in (list, dict):
            return _check(key, json.loads(raw), key.env)
        return raw
    except (ValueError, json.JSONDecodeError):
        raise ConfigError(
            f"environment {key.env}: expected {_kind_name(key)}, got {raw!r}"
        ) from None


def _kind_name(key: Key) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    if key.kind is list:
        return "a list of strings"
    if key.kind is dict:
        return "a table"
    return names[key.kind]


def _validate(values: dict[str, Any], path: Path) -> None:
    zone = values["timezone"]
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{path}: timezone {zone!r} is not an IANA zone name") from None
    from frontwatch.durations import DurationError, parse_duration

    for name in ("poll.interval", "poll.max_backoff", "alerts.max_age"):
        try:
            parse_duration(values[name])
        except DurationError as exc:
            raise ConfigError(f"{path}: {name}: {exc}") from None
    for name in ("poll.concurrency", "poll.per_host", "extract.concurrency", "ui.stream_page"):
        if values[name] < 1:
            raise ConfigError(f"{path}: {name} must be at least 1")


def _suggest(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, KEYS_BY_NAME, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""

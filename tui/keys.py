"""Key bindings that also work under Ukrainian and Russian keyboard layouts."""

from __future__ import annotations

from textual.binding import Binding

_LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,./"
# The letter each physical key gives under the Ukrainian and the Russian ЙЦУКЕН layouts.
_UKRAINIAN = "йцукенгшщзхїфівапролджєячсмитьбю."
_RUSSIAN = "йцукенгшщзхъфывапролджэячсмитьбю."
# Shifted symbols: what those layouts give on the same keys.
_SHIFTED = {"?": ",", "/": "."}
# Textual's names for the symbol keys we bind.
_KEY_NAMES = {"?": "question_mark", "/": "slash", ",": "comma", ".": "full_stop"}


def _name(char: str) -> str:
    return _KEY_NAMES.get(char, char)


def layout_aliases(key: str) -> list[str]:
    """The key itself, then the keys that the same physical key gives in uk/ru layouts.

    Only single characters get aliases; named keys (`enter`, `ctrl+r`) are returned as is.
    """
    if len(key) != 1:
        return [key]
    found = [key]
    if key in _SHIFTED:
        found.append(_SHIFTED[key])
    lower = key.lower()
    if lower in _LATIN:
        index = _LATIN.index(lower)
        for layout in (_UKRAINIAN, _RUSSIAN):
            char = layout[index]
            char = char.upper() if key.isupper() else char
            if char not in found:
                found.append(char)
    return [_name(k) for k in found]


def bind(
    key: str,
    action: str,
    description: str = "",
    *,
    show: bool = True,
    priority: bool = False,
    extra: tuple[str, ...] = (),
) -> Binding:
    """A Binding for `key` (plus `extra` keys) and its Cyrillic twins, shown as `key`."""
    keys = layout_aliases(key) + [k for e in extra for k in layout_aliases(e)]
    display = {"?": "?", "/": "/"}.get(key)
    return Binding(
        ",".join(dict.fromkeys(keys)),
        action,
        description,
        show=show and bool(description),
        priority=priority,
        key_display=display,
    )

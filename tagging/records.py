"""Quick constructors for the frozen records the tagger makes by the dozen per item."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen record: maker(cls)(*values) == cls(*values).

    For a frozen slots dataclass: its generated __init__ stores each field through
    object.__setattr__(self, "name", value), which looks the name up every time; storing
    through the slot descriptors directly takes about half as long. For a named tuple:
    tuple.__new__ with the values, without the class call around its own __new__. The
    tagger makes a few dozen evidence and tag records per item. Every field must be
    passed, in order.

    Raises:
        TypeError: `cls` is neither a named tuple nor a slots dataclass whose fields all
            come from __init__ arguments with no __post_init__ (the quick path would skip
            part of its work).
    """
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return _generated(cls, list(cls._fields), tuple_class=True)
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slots dataclass")
    if hasattr(cls, "__post_init__") or not all(f.init for f in dataclasses.fields(cls)):
        raise TypeError(f"{cls.__name__} sets fields outside its arguments")
    return _generated(cls, [f.name for f in dataclasses.fields(cls)], tuple_class=False)


def _generated(cls: type[T], names: list[str], *, tuple_class: bool) -> Callable[..., T]:
    # The function is generated, as dataclasses and namedtuple generate theirs, so that each
    # store is a direct call to a local descriptor method rather than a loop over fields.
    namespace: dict[str, object] = {"new_": object.__new__, "cls_": cls}
    lines = [f"def make({', '.join(names)}):"]
    if tuple_class:
        namespace["new_"] = tuple.__new__
        lines.append(f"    return new_(cls_, ({', '.join(names)},))")
    else:
        lines.append("    self_ = new_(cls_)")
        for n, name in enumerate(names):
            namespace[f"set{n}_"] = cls.__dict__[name].__set__
            lines.append(f"    set{n}_(self_, {name})")
        lines.append("    return self_")
    exec("\n".join(lines), namespace)  # the source holds field names only
    make = namespace["make"]
    make.__doc__ = f"{cls.__name__}({', '.join(names)}), built quickly."  # type: ignore[attr-defined]
    return make  # type: ignore[return-value]

"""Pure decisions of the poll loop: which parsed items are new, changed or the same; gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.items import content_hash
from storage.types import NewItem


@dataclass(frozen=True, slots=True)
class Decision:
    """Parsed items sorted by what storing them would do."""

    new: tuple[NewItem, ...]
    changed: tuple[NewItem, ...]
    same: int
    # The source was polled before, yet nothing it sent now was known: items may be missed.
    gap: bool


def decide(
    stored: Mapping[str, str], parsed: Sequence[NewItem], *, polled_before: bool
) -> Decision:
    """Compare parsed items (untagged) with stored content hashes by guid.

    Duplicate guids within one document keep the first occurrence.
    """
    new: list[NewItem] = []
    changed: list[NewItem] = []
    same = 0
    seen: set[str] = set()
    for item in parsed:
        if item.guid in seen:
            continue
        seen.add(item.guid)
        known = stored.get(item.guid)
        if known is None:
            new.append(item)
        elif known != content_hash(item):
            changed.append(item)
        else:
            same += 1
    gap = polled_before and bool(parsed) and not stored
    return Decision(tuple(new), tuple(changed), same, gap)

"""The sources' health table: updated in place, keyed by source id, cursor kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from storage.types import SourceHealth
from tui.data.format import (
    TYPE_MARKERS,
    ago,
    one_line,
    safe,
    side_marker,
    status_glyph,
    until,
)

COLUMNS = (
    ("id", "Source"),
    ("kind", "Kind"),
    ("side", "Side/type"),
    ("status", "Status"),
    ("success", "Last ok"),
    ("errors", "Errors"),
    ("items", "Items"),
    ("day", "24h"),
    ("next", "Next poll"),
    ("error", "Last error"),
)
# Status -> component class giving its colour (the glyph says the same without colour).
_STATUS_CLASS = {"ok": "ok", "not_modified": "ok", "error": "error", "paused": "warn"}


def health_cells(
    health: SourceHealth, now: datetime, styles: Mapping[str, Style] | None = None
) -> list[Text]:
    """The table's cells for one source (untrusted text made safe)."""
    source = health.source
    status = health.status
    error = one_line(source.last_error or "")
    side = f"{side_marker(source.side)} {TYPE_MARKERS.get(source.type, one_line(source.type))}"
    return [
        safe(source.id),
        safe(source.kind),
        Text(side),
        Text(
            f"{status_glyph(status)} {status}",
            style=(styles or {}).get(_STATUS_CLASS.get(status, "warn"), ""),
        ),
        Text(ago(source.last_success_at, now)),
        Text(str(source.error_count), justify="right"),
        Text(str(health.items_total), justify="right"),
        Text(str(health.items_24h), justify="right"),
        Text("—" if not source.enabled else until(source.next_poll_at, now)),
        safe(error[:80] + ("…" if len(error) > 80 else "")),
    ]


class SourcesTable(DataTable):
    """One row per source, by id."""

    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "sources--ok",
        "sources--warn",
        "sources--error",
    }
    DEFAULT_CSS = """
    SourcesTable {
        & > .sources--ok { color: $success; }
        & > .sources--warn { color: $warning; text-style: bold; }
        & > .sources--error { color: $error; text-style: bold; }
    }
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    @property
    def current_id(self) -> str | None:
        """The source under the cursor."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, rows: Sequence[SourceHealth], now: datetime) -> None:
        """Update the table in place: changed cells, new rows, removed rows."""
        wanted = {h.source.id: h for h in rows}
        styles = {
            name: self.get_component_rich_style(f"sources--{name}")
            for name in ("ok", "warn", "error")
        }
        for key in [k.value for k in self.rows if k.value not in wanted]:
            self.remove_row(key)
        for source_id, health in wanted.items():
            cells = health_cells(health, now, styles)
            try:
                self.get_row_index(source_id)
            except RowDoesNotExist:
                self.add_row(*cells, key=source_id)
                continue
            for (column, _), cell in zip(COLUMNS, cells, strict=True):
                self.update_cell(source_id, column, cell)

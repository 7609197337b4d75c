"""A list of record entries: a DataTable of literal Text cells, one row per entry.

Cells are always `rich.text.Text` (a plain `str` cell would be parsed as Rich markup by
DataTable). Group header rows ("Aktuel medicin (4)") and sub-rows (panel members) have keys
starting with "~" so selection handlers can ignore them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from sjtui.i18n import t
from sjtui.ui.render import literal

Cell = Text | str


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    cells: tuple[Cell, ...]
    style: str = ""


def header_row(key: str, label: str, width: int) -> Row:
    return Row(f"~{key}", (Text(label, style="bold", end=""),) + ("",) * (width - 1), style="bold")


class EntryList(DataTable[Text]):
    """Rows of entries. `show_rows` keeps the cursor on the same key when possible."""

    def __init__(self, columns: Sequence[str], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self._column_keys = list(columns)

    def on_mount(self) -> None:
        for key in self._column_keys:
            self.add_column(t(key) if key else "", key=key or "new")

    def show_rows(self, rows: Sequence[Row]) -> None:
        current = self.current_key()
        self.clear()
        for row in rows:
            cells = [c if isinstance(c, Text) else literal(c, row.style) for c in row.cells]
            self.add_row(*cells, key=row.key)
        if current is not None:
            try:
                self.move_cursor(row=self.get_row_index(current), animate=False, scroll=True)
            except Exception:  # noqa: BLE001 - the row is gone (filtered); keep the top
                pass

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - empty table or stale cursor
            return None
        return key

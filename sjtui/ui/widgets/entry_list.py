"""A list of record entries: a DataTable of literal Text cells, one row per entry.

Cells are always `rich.text.Text` (a plain `str` cell would be parsed as Rich markup by
DataTable). Group header rows ("Aktuel medicin (4)") and sub-rows (panel members) have keys
starting with "~" so selection handlers can ignore them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from sjtui.i18n import t
from sjtui.ui.render import literal

Cell = Text | str


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    cells: tuple[Cell, ...]
    style: str = ""


def header_row(key: str, label: str, width: int) -> Row:
    """A group heading ("Aktuel medicin (4)") in the second column (the first is the narrow
    "NY" marker column)."""
    cells: list[Cell] = [""] * width
    cells[min(1, width - 1)] = Text(label, style="bold underline", end="")
    return Row(f"~{key}", tuple(cells), style="bold")


class EntryList(DataTable[Text]):
    """Rows of entries. `show_rows` keeps the cursor on the same key when possible."""

    # A list of rows: Home/End go to the first/last entry (DataTable's own Home/End scroll
    # sideways, which a list that fits the width never needs).
    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, columns: Sequence[str], flex: Sequence[tuple[str, int]] = (), **kwargs: Any) -> None:
        """`flex`: (column key, minimum width) of the columns that may be cut with "…" so the
        table fits without sideways scrolling, in the order they give way. Columns not named
        (dates, values, flags) are never cut. By default only the last column gives way."""
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._column_keys = list(columns)
        self._last_rows: list[Row] = []
        self._flex = list(flex) or ([(self._column_keys[-1], 8)] if self._column_keys else [])

    def on_mount(self) -> None:
        for key in self._column_keys:
            self.add_column(t(key) if key else "", key=key or "new")

    def on_resize(self) -> None:
        if self._last_rows:
            self.show_rows(self._last_rows)

    def show_rows(self, rows: Sequence[Row]) -> None:
        self._last_rows = list(rows)
        current = self.current_key()
        self.clear()
        for column in self.columns.values():  # widths follow the (cut) content, not history
            column.content_width = column.label.cell_len
        table = [[c.copy() if isinstance(c, Text) else literal(c, row.style) for c in row.cells] for row in rows]
        self._fit_last_column(table)
        for row, cells in zip(rows, table, strict=True):
            self.add_row(*cells, key=row.key)
        if current is not None:
            try:
                self.move_cursor(row=self.get_row_index(current), animate=False, scroll=True)
            except RowDoesNotExist:  # the row is gone (filtered); keep the top
                pass

    def _fit_last_column(self, table: list[list[Text]]) -> None:
        """Cut the flexible columns (see `flex`) until the table fits the width."""
        available = self.size.width - 2  # room for the vertical scrollbar
        if available <= 0 or not table:
            return
        headers = [t(k) if k else "" for k in self._column_keys]
        widths = [len(h) for h in headers]
        for cells in table:
            for n, cell in enumerate(cells[: len(widths)]):
                widths[n] = max(widths[n], cell.cell_len)
        excess = sum(w + 2 for w in widths) - available
        for key, minimum in self._flex:
            if excess <= 0:
                break
            if key not in self._column_keys:
                continue
            n = self._column_keys.index(key)
            room = max(minimum, len(headers[n]), widths[n] - excess)
            if room >= widths[n]:
                continue
            excess -= widths[n] - room
            widths[n] = room
            for cells in table:
                if len(cells) > n and cells[n].cell_len > room:
                    cells[n].truncate(room, overflow="ellipsis")

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:  # a stale cursor
            return None
        return key

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
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from sjtui.i18n import t
from sjtui.ui.render import literal
from sjtui.ui.widgets.one_line_table import OneLineTable

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


def header_label(key: str, short: bool = False) -> str:
    """A column's heading; `short`: its abbreviation ("col.reference.short") where it has one."""
    if not key:
        return ""
    if short:
        abbreviated = t(f"{key}.short")
        if abbreviated != f"{key}.short":
            return abbreviated
    return t(key)


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    keys: list[str]  # the columns shown, in order
    labels: list[str]  # their headings


@dataclass(slots=True)
class _Fitting:
    """The state of one `fit_columns` run: the columns still shown and the headings in use."""

    keys: Sequence[str]
    content: list[int]  # the widest cell of each column
    available: int
    flex: Sequence[tuple[str, int]]
    shown: list[str]
    short: bool = False

    def natural(self) -> dict[str, int]:
        return {
            key: max(self.content[n], len(header_label(key, self.short)))
            for n, key in enumerate(self.keys)
            if key in self.shown
        }

    def excess(self, widths: dict[str, int]) -> int:
        return sum(v + 2 for v in widths.values()) - self.available

    def cut(self, floor: bool) -> dict[str, int]:
        """Widths with the flexible columns given up only as needed: to their minimum in
        their order; with `floor`, what is still missing comes from the one with the most
        to spare, down to their headings."""
        out = self.natural()
        over = self.excess(out)
        for key, minimum in self.flex:
            if over <= 0 or key not in out:
                continue
            least = max(minimum, len(header_label(key, self.short)))
            room = min(out[key], max(least, out[key] - over))
            over -= out[key] - room
            out[key] = room
        if floor and over > 0:
            self._floor(out, over)
        return out

    def _floor(self, out: dict[str, int], over: int) -> None:
        """What is still missing comes from the flexible column with the most to spare, one
        cell at a time (the longest names give way first)."""
        headings = {key: len(header_label(key, self.short)) for key, _ in self.flex if key in out}
        while over > 0:
            spare = max(headings, key=lambda k: out[k] - headings[k], default=None)
            if spare is None or out[spare] <= headings[spare]:
                break
            out[spare] -= 1
            over -= 1

    def widths(self, drop: Sequence[str]) -> dict[str, int]:
        """Steps 1-4 of `fit_columns`, then the room left over given back."""
        final = self.cut(False)
        if self.excess(final) > 0:
            self.short = True
            final = self.cut(False)
        for key in drop:
            if self.excess(final) <= 0:
                break
            self.shown.remove(key)
            final = self.cut(False)
        if self.short:  # with columns left out, the full headings may fit again
            self.short = False
            if self.excess(self.cut(False)) > 0:
                self.short = True
            final = self.cut(False)
        if self.excess(final) > 0:
            final = self.cut(True)
        full = self.natural()
        for key, _ in reversed(self.flex):  # room left over goes back to what was cut, last cut first
            if key in final and self.excess(final) < 0:
                final[key] = min(full[key], final[key] - self.excess(final))
        return final


def fit_columns(
    keys: Sequence[str], table: list[list[Text]], available: int, flex: Sequence[tuple[str, int]], drop: Sequence[str]
) -> ColumnLayout:
    """Make the table fit `available` cells, in steps, each only when still needed:
    1. cut the flexible columns to their minimum width, in their order;
    2. use the short headings ("Ref." for "Referenceinterval");
    3. leave out the droppable columns, in their order (then the full headings again, if
       they fit now);
    4. cut what is still missing from the flexible column with the most to spare, down to
       its heading's width.
    Room left over goes back to what was cut. Columns not named flexible (dates, reference
    ranges, flags) are never cut. Cells in `table` are truncated in place with "…"; what
    still does not fit is the last column, cut by the edge."""
    if available <= 0:
        return ColumnLayout(list(keys), [header_label(k) for k in keys])
    content = [0] * len(keys)
    for cells in table:
        for n, cell in enumerate(cells[: len(keys)]):
            content[n] = max(content[n], cell.cell_len)
    fitting = _Fitting(keys, content, available, flex, list(keys))
    final = fitting.widths(drop)
    for n, key in enumerate(keys):
        room = final.get(key)
        if room is None:
            continue
        for cells in table:
            if len(cells) > n and cells[n].cell_len > room:
                cells[n].truncate(room, overflow="ellipsis")
    return ColumnLayout(fitting.shown, [header_label(k, fitting.short) for k in fitting.shown])


class EntryList(OneLineTable):
    """Rows of entries. `show_rows` keeps the cursor on the same key when possible."""

    # A list of rows: Home/End go to the first/last entry (DataTable's own Home/End scroll
    # sideways, which a list that fits the width never needs).
    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(
        self, columns: Sequence[str], flex: Sequence[tuple[str, int]] = (), drop: Sequence[str] = (), **kwargs: Any
    ) -> None:
        """`flex`: (column key, minimum width) of the columns that may be cut with "…" so the
        table fits without sideways scrolling, in the order they give way. Columns not named
        (dates, values, units, reference ranges, flags) are never cut. By default only the
        last column gives way. `drop`: columns left out, in this order, when the table does
        not fit even so (a thin client's 80 columns); the selected entry is shown in full
        elsewhere. See `fit_columns` for the whole rule."""
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._column_keys = list(columns)
        self._last_rows: list[Row] = []
        self._flex = list(flex) or ([(self._column_keys[-1], 8)] if self._column_keys else [])
        self._drop = [key for key in drop if key in self._column_keys]
        self._shown_keys: list[str] = list(self._column_keys)

    def on_mount(self) -> None:
        self._set_columns(self._column_keys, [header_label(k) for k in self._column_keys])

    def _set_columns(self, keys: list[str], labels: list[str]) -> None:
        self.clear(columns=True)
        for key, label in zip(keys, labels, strict=False):
            self.add_column(label, key=key or "new")
        self._shown_keys = list(keys)

    def on_resize(self) -> None:
        if self._last_rows:
            self.show_rows(self._last_rows)

    def show_rows(self, rows: Sequence[Row]) -> None:
        self._last_rows = list(rows)
        current = self.current_key()
        table = [[c.copy() if isinstance(c, Text) else literal(c, row.style) for c in row.cells] for row in rows]
        layout = fit_columns(self._column_keys, table, self.size.width - 2, self._flex, self._drop)
        if layout.keys != self._shown_keys or layout.labels != [str(c.label) for c in self.ordered_columns]:
            self._set_columns(layout.keys, layout.labels)
        else:
            self.clear()
        for column in self.columns.values():  # widths follow the (cut) content, not history
            column.content_width = column.label.cell_len
        shown = [self._column_keys.index(k) for k in layout.keys]
        for row, cells in zip(rows, table, strict=False):
            self.add_row(*[cells[n] if n < len(cells) else Text("", end="") for n in shown], key=row.key)
        if current is not None:
            try:
                self.move_cursor(row=self.get_row_index(current), animate=False, scroll=True)
            except RowDoesNotExist:  # the row is gone (filtered); keep the top
                pass

    def release(self) -> None:
        """Drop every row (the record is closing)."""
        self._last_rows = []
        self.clear()

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:  # a stale cursor
            return None
        return key

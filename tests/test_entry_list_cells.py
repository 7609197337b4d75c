"""The entry lists render their one-line cells the fast way (`one_line_cells`) with exactly
the segments DataTable's own way gives: text, styles (spans, a row style, the cursor, a
hover), padding and the click metadata of every cell."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from sjtui.ui.widgets import entry_list
from sjtui.ui.widgets.entry_list import EntryList, Row, header_row
from sjtui.ui.widgets.one_line_cells import one_line_cell

_COLUMNS = ["", "col.a", "col.b", "col.c"]


def _rows() -> list[Row]:
    flagged = Text("7,9 H", end="")
    flagged.stylize("bold red", 4, 5)
    return [
        header_row("group", "Aktuel medicin (4)", 4),
        Row("a", ("NY", "Hæmoglobin", flagged, Text("mmol/l", style="italic", end=""))),
        Row("b", ("", "Kreatinin", "", "µmol/l"), style="dim"),
        Row("c", ("", "Glukose – faste", Text("", end=""), Text("12,5 L", style="bold", end=""))),
        Row("d", ("", "A long name that the table cuts to fit the column width here", "1", "x")),
        Row("e", ("", "Tab\tand", Text("right", justify="right", end=""), "y")),
    ]


class _Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield EntryList(_COLUMNS, id="list")


async def test_one_line_cells_render_as_datatable_renders_them(monkeypatch) -> None:
    fast_ones = []

    def counted(*args, **kwargs):
        lines = one_line_cell(*args, **kwargs)
        fast_ones.append(lines is not None)
        return lines

    monkeypatch.setattr(entry_list, "one_line_cell", counted)
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows(_rows())
        table.move_cursor(row=2)
        await pilot.pause()
        compared = 0
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        base = table.rich_style
        for row_index in range(table.row_count):
            for column_index, width in enumerate(widths):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    table._cell_render_cache.clear()
                    fast = table._render_cell(row_index, column_index, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    slow = DataTable._render_cell(table, row_index, column_index, base, width, cursor, hover)
                    assert fast == slow, (row_index, column_index, cursor, hover)
                    compared += 1
        assert compared == table.row_count * len(widths) * 3
        assert sum(fast_ones) >= compared * 2 // 3  # most went the fast way (not the right-justified one)
        assert not all(fast_ones)  # and what cannot, DataTable's way

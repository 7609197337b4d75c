"""The entry lists render their one-line cells and rows the short way (`one_line_cells`,
`one_line_table`) with exactly the segments DataTable's own way gives (neighbours of one
style joined, as the drawn line joins them): text, styles (spans, a row style, the cursor, a
hover), padding, the filler to the edge and the click metadata of every cell, also where
rows share a cell's text."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from sjtui.ui.widgets import one_line_table
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


def _joined(segments: Iterable[Segment]) -> list[Segment]:
    """Neighbours of one style as one segment, as the drawn line (`Strip.simplify`) has them."""
    return list(Segment.simplify(segments))


class _Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield EntryList(_COLUMNS, id="list")


async def test_one_line_cells_render_as_datatable_renders_them(monkeypatch) -> None:
    fast_ones = []

    def counted(*args, **kwargs):
        lines = one_line_cell(*args, **kwargs)
        fast_ones.append(lines is not None)
        return lines

    monkeypatch.setattr(one_line_table, "one_line_cell", counted)
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
                    table._plain_cells.clear()
                    fast = table._render_cell(row_index, column_index, base, width, cursor, hover)
                    table._cell_render_cache.clear()
                    slow = DataTable._render_cell(table, row_index, column_index, base, width, cursor, hover)
                    assert _joined(fast[0]) == _joined(slow[0]), (row_index, column_index, cursor, hover)
                    compared += 1
        assert compared == table.row_count * len(widths) * 3
        assert sum(fast_ones) >= compared * 2 // 3  # most went the fast way (not the right-justified one)
        assert not all(fast_ones)  # and what cannot, DataTable's way


def _shared_rows(n: int) -> list[Row]:
    """Rows whose cells repeat (a unit, a source), as a lab list's do; nothing new, so the
    first column is no wider than its padding."""
    flagged = Text("H", end="")
    flagged.stylize("bold red")
    return [Row(f"r{i}", ("", f"P-Kalium {i % 2}", flagged if i % 2 else "", "mmol/l")) for i in range(n)]


async def test_rows_render_as_datatable_renders_them_with_each_rows_own_click_metadata() -> None:
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows([header_row("group", "Aktuel medicin (4)", 4), *_shared_rows(8)])
        table.move_cursor(row=3)
        await pilot.pause()
        base = table.rich_style
        assert table.ordered_columns[0].get_render_width(table) == 2 * table.cell_padding
        compared = 0
        for row_index in range(table.row_count):
            row_key = table._row_locations.get_key(row_index)
            for cursor_row, hover_row in ((3, 0), (row_index, 0), (3, row_index)):
                cursor, hover = Coordinate(cursor_row, 0), Coordinate(hover_row, 0)
                table._row_render_cache.clear()
                table._cell_render_cache.clear()
                fast = table._render_line_in_row(row_key, 0, base, cursor, hover)
                table._row_render_cache.clear()
                table._cell_render_cache.clear()
                slow = DataTable._render_line_in_row(table, row_key, 0, base, cursor, hover)
                assert fast[0] == slow[0] == []
                assert _joined(chain(*fast[1])) == _joined(chain(*slow[1])), (row_index, cursor_row, hover_row)
                metas = {(s.style.meta["row"], s.style.meta["column"]) for cell in fast[1][:-1] for s in cell}
                assert metas == {(row_index, n) for n in range(len(fast[1]) - 1)}  # a click hits this row
                compared += 1
        assert compared == table.row_count * 3
        # The header goes DataTable's way; what is on screen is the same either way.
        table.refresh()
        await pilot.pause()
        shown = [table.render_line(y).text for y in range(table.size.height)]
        assert "P-Kalium 1" in "".join(shown) and "Aktuel medicin (4)" in "".join(shown)


async def test_a_released_list_keeps_no_cell_text() -> None:
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows(_shared_rows(8))
        await pilot.pause()
        kept = table._plain_cells.keys()  # an LRUCache: its keys, then its values
        assert any("Kalium" in text for text, _ in chain(*[table._plain_cells[key] for key in kept]))
        table.release()  # the record closes
        await pilot.pause()
        assert len(table._plain_cells) == 0
        drawn = table._cell_render_cache.keys()  # only the header's cells are drawn again
        cached = [table._cell_render_cache[key] for key in drawn]
        assert "Kalium" not in "".join(s.text for lines in cached for line in lines for s in line)

"""The entry lists keep each drawn line under what it shows (its row, whether the cursor or the
mouse is on it), not under the cursor's position (`one_line_table.OneLineTable._render_line`):
a cursor move draws again only the rows whose look changes, every line is still what
DataTable's own way draws, and paging through a long list keeps a bounded number of lines."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from sjtui.ui.widgets.entry_list import EntryList, Row, header_row
from sjtui.ui.widgets.one_line_table import KEPT_LINES

_COLUMNS = ["", "col.a", "col.b", "col.c"]


def _rows(n: int) -> list[Row]:
    flagged = Text("H", end="")
    flagged.stylize("bold red")
    return [
        Row(f"r{i}", ("NY" if i % 7 == 0 else "", f"P-Kalium {i}", flagged if i % 3 else "", "mmol/l"))
        for i in range(n)
    ]


class _Lists(App[None]):
    def compose(self) -> ComposeResult:
        yield EntryList(_COLUMNS, id="list")


def _screen(table: EntryList) -> list:
    return [table.render_line(y) for y in range(table.size.height)]


async def test_every_line_is_what_datatable_draws_under_the_cursor_and_the_mouse() -> None:
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows([header_row("group", "Aktuel medicin (4)", 4), *_rows(30)])
        await pilot.pause()
        width, base = table.size.width, table.rich_style
        compared = 0
        for cursor_row, hover_row in ((3, 0), (5, 5), (4, 6), (0, 2)):
            table.move_cursor(row=cursor_row, animate=False)
            table.hover_coordinate = Coordinate(hover_row, 0)
            await pilot.pause()
            for y in range(table.virtual_size.height):
                table._line_cache.clear()
                ours = table._render_line(y, 0, width, base)
                table._line_cache.clear()
                theirs = DataTable._render_line(table, y, 0, width, base)
                assert list(ours) == list(theirs), (y, cursor_row, hover_row)
                compared += 1
        assert compared == 4 * 31 + 4  # every row and the header, in each case


async def test_a_cursor_move_draws_again_only_the_two_rows_whose_look_changes() -> None:
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows(_rows(30))
        table.move_cursor(row=2, animate=False)
        await pilot.pause()
        before = _screen(table)
        await pilot.press("down")
        after = _screen(table)
        # Line 0 is the header (DataTable's way); of the body, the row left and the row reached.
        changed = [y for y, (a, b) in enumerate(zip(before, after, strict=True)) if y and a is not b]
        assert changed == [3, 4]
        assert "P-Kalium 3" in after[4].text
        assert {s.style.meta["row"] for s in after[4] if s.style and s.style.meta} == {3}  # a click hits it
        assert list(after[4]) != list(before[4])  # drawn with the cursor now
        await pilot.press("up")
        back = _screen(table)
        assert [list(line) for line in back] == [list(line) for line in before]


async def test_paging_through_a_long_list_keeps_a_bounded_number_of_drawn_lines() -> None:
    app = _Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(EntryList)
        table.show_rows(_rows(600))
        await pilot.pause()
        table.focus()
        for _ in range(60):
            await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row > 500  # it paged down the list
        assert f"P-Kalium {table.cursor_row}" in "".join(line.text for line in _screen(table))
        assert 0 < len(table._line_cache) <= KEPT_LINES
        # Body rows are not kept apart from their lines (only the header goes DataTable's way).
        rows_kept = table._row_render_cache.keys()  # an LRUCache: its keys, then its values
        assert {key[0] for key in rows_kept} <= {table._header_row_key}
        cells_kept = table._cell_render_cache.keys()
        drawn = [table._cell_render_cache[key] for key in cells_kept]
        # Only the header's cells go DataTable's way (and into its cell cache).
        assert "Kalium" not in "".join(s.text for lines in drawn for line in lines for s in line)

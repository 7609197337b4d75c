"""A DataTable whose body rows of one-line cells are drawn the short way (issue 14, scale).

Paging down a long entry list draws a screenful of rows never drawn before. DataTable draws
each row line through general code that, per line, looks up the header and background
styles by walking the widget's ancestors (needed only for row labels, fixed columns and the
cell cursor) and renders each cell through Rich's layout. For a row cursor over one-line
cells (every entry list) `OneLineTable` makes the same segments directly:
- a cell's segments without its click metadata depend only on its text, its width and the
  row's styles, so they are kept per content (`_plain_cells`: "mmol/L", a date, a source
  shared by many rows is laid out once), neighbours of one style joined as the line joins
  them anyway (`Strip.simplify`), and the cell's own metadata (row, column) is added;
- the row line is assembled without the style look-ups the row cursor does not use.
Anything else (the header, row labels, fixed rows or columns, a cell Rich must lay out) goes
DataTable's way. `tests/test_entry_list_cells.py` compares both ways segment by segment
(neighbours of one style joined, as the drawn line joins them).
"""

from __future__ import annotations

from itertools import chain
from typing import Any, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_crop
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from sjtui.ui.widgets.one_line_cells import one_line_cell

SegmentLines = list[list[Segment]]
# Marks the lines `OneLineTable` keeps in DataTable's line cache (cleared with it).
_SHORT_LINE = "one-line"
# Drawn lines kept per table: five screens of 40 lines, two of 100.
KEPT_LINES = 200
# A cell's segments without its metadata: (text, style) pairs.
_Plain = tuple[tuple[str, Style | None], ...]
_PlainKey = tuple[str, object, tuple[object, ...], object, int, int, Style, Style]


class OneLineTable(DataTable[Text]):
    """DataTable with the short way for body rows of one-line `Text` cells (see above)."""

    def __init__(self, **kwargs: Any) -> None:
        self._plain_cells: LRUCache[_PlainKey, _Plain | None] = LRUCache(4096)
        super().__init__(**kwargs)
        # DataTable keeps 1,000 drawn lines; a list needs the lines on screen and a few
        # screens to page back to. Every kept line holds its strip, segments and styles, so
        # a longer cache is only more long-lived objects for the collector to walk.
        self._line_cache.maxsize = KEPT_LINES

    def _clear_caches(self) -> None:
        """With DataTable's caches (`clear`, a closing record's `release`), the cells kept
        per content: no entry's text stays in the widget."""
        super()._clear_caches()
        self._plain_cells.clear()

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A body cell of one line of text the short way, not kept (the line drawn from it
        is, and its layout without the metadata is, per content); headers, fixed cells and
        anything else as DataTable does (kept in its cell cache)."""
        if row_index < max(0, self.fixed_rows) or column_index < max(0, self.fixed_columns):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        if row_key is None or self._column_locations.get_key(column_index) is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row = self.rows.get(row_key)
        cells = self._get_row_renderables(row_index).cells
        cell = cells[column_index] if column_index < len(cells) else None
        plain = None
        if row is not None and row.height == 1 and isinstance(cell, Text):
            plain = self._plain_cell(cell, width, base_style, cursor, hover)
        if plain is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        meta = Style.from_meta({"row": row_index, "column": column_index})
        return [[Segment(text, meta if style is None else style + meta) for text, style in plain]]

    def _plain_cell(self, cell: Text, width: int, base_style: Style, cursor: bool, hover: bool) -> _Plain | None:
        """The cell's segments without its metadata (None: Rich must lay it out), kept per
        content and styles: many rows share a unit, a date or a source."""
        component, post = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + component
        key: _PlainKey = (
            cell.plain,
            cell.style,
            tuple(cell.spans),
            cell.justify,
            width,
            self.cell_padding,
            pre,
            post,
        )
        if key in self._plain_cells:
            return self._plain_cells[key]
        # DataTable renders with `app.console_options`, which set no justification.
        lines = one_line_cell(self.app.console, None, cell, width, self.cell_padding, pre, post)
        # Neighbours of the same style as one segment (the padding and the text of an unstyled
        # cell): fewer to give the metadata to; DataTable joins them in the line anyway.
        plain = None if lines is None else tuple((s.text, s.style) for s in Segment.simplify(lines[0]))
        if plain is not None and any(style is not None and style._meta for _, style in plain):
            plain = None  # a cell's own metadata (none in an entry list): DataTable's way
        self._plain_cells[key] = plain
        return plain

    def _short_row_index(self, row_key: RowKey, line_no: int) -> int | None:
        """The index of a body row the short way draws (a row cursor, no row labels, no
        fixed rows or columns, its first line), else None."""
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else None
        if (
            row_index is None
            or line_no
            or self.cursor_type != "row"
            or self.fixed_columns
            or row_index < self.fixed_rows
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return None
        return row_index

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A body line, kept under what it shows: its row, whether the cursor or the mouse
        is on that row, and the table's state. DataTable keeps a line under the cursor's
        coordinate, so every cursor move drew every visible line again (new strips each
        time, kept until they fell out of its cache); now a Down draws the two rows whose
        cursor state changed and any row scrolled into view, and the other lines on screen
        are the same strips as before."""
        try:
            row_key, line_no = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row_index = self._short_row_index(row_key, line_no)
        if row_index is None:
            return super()._render_line(y, x1, x2, base_style)
        width = self.size.width
        cursor, hover = self.cursor_coordinate, self.hover_coordinate
        cache_key = (
            _SHORT_LINE,
            y,
            x1,
            x2,
            width,
            cursor.row == row_index,
            hover.row == row_index,
            base_style,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = cast("LRUCache[object, Strip]", self._line_cache)
        cached = lines.get(cache_key)
        if cached is not None:
            return cached
        _, scrollable = self._render_line_in_row(row_key, line_no, base_style, cursor, hover)
        segments = line_crop(list(chain.from_iterable(scrollable)), x1, x2, width)
        strip = Strip(segments).adjust_cell_length(width, base_style).simplify()
        lines[cache_key] = strip
        return strip

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """A body row under a row cursor, without row labels or fixed columns: its cells and
        the filler to the edge as DataTable assembles them, without the look-ups of the
        header and background styles that only labels, fixed columns and a cell cursor use.
        Not kept: the line drawn from it is (`_render_line`)."""
        row_index = self._short_row_index(row_key, line_no)
        if row_index is None:
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location, hover_location)
        row_style = self._get_row_style(row_index, base_style)
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        scrollable: SegmentLines = []
        table_width = self._row_label_column_width
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            scrollable.append(self._render_cell(row_index, column_index, row_style, width, cursor, hover)[0])
        extend, _ = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor, False, False
        )
        extend = row_style + extend + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable.append([Segment(" " * max(0, self.size.width - table_width), extend)])
        return [], scrollable

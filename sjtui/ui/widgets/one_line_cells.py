"""A faster rendering of the entry lists' cells: one line of plain `Text` that fits its column.

Textual's DataTable renders every cell through Rich's general layout (a `Styled` around a
`Padding` around the cell, each rendered to lines and cut to size), about a third of a
millisecond a cell. Paging down a list of eight columns renders some 250 new cells, so
PageDown in a long list took 75-100 ms. An entry list's cells are one line of literal text
already cut to fit (`fit_columns`), and for those the same segments can be made directly:
the text's own segments (as `Text.__rich_console__` makes them), padded to the column, the
cell padding either side, the pre- and post-styles applied. Anything else (a line break, a
tab, justification, a cell wider than its column) returns None and goes Rich's way.
`tests/test_entry_list_cells.py` checks that both ways give the same segments.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_LINE_JOIN = Text("\n")  # as Text.__rich_console__ joins its (here: one) wrapped line


def one_line_cell(
    console: Console, justify: str | None, cell: Text, width: int, padding: int, pre: Style, post: Style
) -> list[list[Segment]] | None:
    """The cell's one line of segments, `width` cells wide, or None when Rich must lay it out.
    `justify`: the console options' (DataTable renders cells with the app's)."""
    inner = width - 2 * padding
    plain = cell.plain
    if inner < 0 or "\n" in plain or "\t" in plain or cell.cell_len > inner:
        return None
    if (cell.justify or justify or "default") != "default":
        return None
    blank = console.get_style("none")  # what Padding and the line padding use
    segments = list(_LINE_JOIN.join([cell]).render(console))
    line = Segment.adjust_line_length(segments, inner, style=blank, pad=True)
    if padding:
        line = [Segment(" " * padding, blank), *line, Segment(" " * padding, blank)]
    return [list(Segment.apply_style(line, style=pre, post_style=post))]

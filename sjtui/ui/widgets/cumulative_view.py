"""The labs' cumulative table: analyses down, sampling times across (newest first).

The analysis, unit and reference columns stay put while the times scroll sideways with the
arrow keys (a cell cursor; Home/End go to the first and last time). H/L flags are text
beside the value; a value that cannot be right is marked, never formatted as if fine.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from sjtui.i18n import t
from sjtui.record.cumulative import CumulativeCell, CumulativeRow, CumulativeTable
from sjtui.record.entries import ReferenceRange
from sjtui.record.plausibility import inverted_range
from sjtui.ui.formatting import fmt_date, fmt_range, fmt_time, is_date_only
from sjtui.ui.honest import suspect
from sjtui.ui.numbers import measure, ucum_display
from sjtui.ui.render import literal, short

NAME_WIDTH = 24
FIXED = 3  # analysis, unit, reference


def range_text(reference: ReferenceRange | None) -> Text:
    """The reference range; one with low above high ("10–2") is marked."""
    if reference is None:
        return Text("", end="")
    text = fmt_range(reference.low, reference.high, reference.text)
    return suspect(text) if inverted_range(reference.low, reference.high) else literal(text)


def value_text(cell: CumulativeCell | None, row: CumulativeRow) -> Text:
    if cell is None:
        return Text("", end="")
    shown = measure(cell.text, cell.numeric, row.unit, row.code)
    if shown.suspect:
        return Text(f"{shown.text} {t('value.check_source')}", style="bold reverse", end="")
    text = literal(shown.text, "bold" if cell.flag else "")
    if cell.flag:
        text.append(" " + cell.flag.strip().upper(), "bold")
    return text


class CumulativeView(DataTable[Text]):
    BINDINGS = [
        Binding("home", "scroll_home", "First", show=False),
        Binding("end", "scroll_end", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            cursor_type="cell", zebra_stripes=False, header_height=2, fixed_columns=FIXED, id=id, classes=classes
        )

    def show_table(self, table: CumulativeTable) -> None:
        self.clear(columns=True)
        self.add_column(t("col.analysis"), key="analysis")
        self.add_column(t("col.unit"), key="unit")
        self.add_column(t("col.reference"), key="reference")
        for n, moment in enumerate(table.times):
            label = fmt_date(moment) + ("" if is_date_only(moment) else "\n" + fmt_time(moment))
            self.add_column(Text(label, end=""), key=f"t{n}")
        blank = [Text("", end="")] * (FIXED - 1 + len(table.times))
        for group in table.groups:
            heading = Text(t(f"cumulative.panel.{group.panel}"), style="bold underline", end="")
            self.add_row(heading, *blank, key=f"~{group.panel}")
            for row in group.rows:
                cells = [short(row.name, NAME_WIDTH), literal(ucum_display(row.unit)), range_text(row.reference)]
                cells += [value_text(cell, row) for cell in row.cells]
                self.add_row(*cells, key=row.key)

    def action_scroll_home(self) -> None:
        self.move_cursor(column=FIXED, animate=False)

    def action_scroll_end(self) -> None:
        self.move_cursor(column=len(self.columns) - 1, animate=False)

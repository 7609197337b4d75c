"""Home measurements (KIH): value against the citizen's thresholds, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.record.model import HomeMeasurement, Pane, PaneData, Record
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.panes.base import ListPane
from sjtui.ui.panes.cells import flag_cell, range_cell, value_cell
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


class HomePane(ListPane):
    PANE = Pane.HOME
    HELP_KEY = "help.home"
    COLUMNS = ("col.new", "col.time", "col.measurement", "col.value", "col.unit", "col.reference",
               "col.flag", "col.device")
    FLEX = (("col.device", 12), ("col.measurement", 20))
    DROP = ("col.device",)
    COURSE_FILTER = False
    COURSE_FILTER_WHEN_LINKED = True  # a drug / measurement of an admission

    def rows(self, items: Sequence[HomeMeasurement], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(m.resource_key, (self.new_cell(m, data), fmt_datetime(m.date), literal(m.name),
                                 value_cell(m.value, m.flag), literal(m.unit), range_cell(m.reference),
                                 flag_cell(m.flag), literal(m.device or m.source.label())))
            for m in items
        ]

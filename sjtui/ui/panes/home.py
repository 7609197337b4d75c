"""Home measurements (KIH): value against the citizen's thresholds, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.record.entries import HomeMeasurement
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.honest import date_cell
from sjtui.ui.panes.base import ListPane
from sjtui.ui.panes.cells import flag_cell, measured_cell, range_cell, unit_cell
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


class HomePane(ListPane):
    PANE = Pane.HOME
    HELP_KEY = "help.home"
    COLUMNS = (
        "col.new",
        "col.time",
        "col.measurement",
        "col.value",
        "col.unit",
        "col.reference",
        "col.flag",
        "col.device",
    )
    FLEX = (("col.device", 12), ("col.measurement", 20))
    DROP = ("col.device",)
    COURSE_FILTER = False
    TEXT_FILTER = True  # filter by type: "spo2", "vægt", "blodtryk"
    COURSE_FILTER_WHEN_LINKED = True  # a drug / measurement of an admission

    def rows(self, items: Sequence[HomeMeasurement], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(
                m.resource_key,
                (
                    self.new_cell(m, data),
                    date_cell(m.date, self.today),
                    literal(m.name),
                    measured_cell(m),
                    unit_cell(m.unit),
                    range_cell(m.reference),
                    flag_cell(m.flag),
                    literal(m.device or m.source.label()),
                ),
            )
            for m in items
        ]

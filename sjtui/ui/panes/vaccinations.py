"""Vaccinations, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.record.entries import Vaccination
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.panes.base import ListPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


class VaccinationsPane(ListPane):
    PANE = Pane.VACCINATIONS
    HELP_KEY = "help.vaccinations"
    COLUMNS = ("col.new", "col.date", "col.vaccine", "col.dose", "col.source")
    FLEX = (("col.source", 14), ("col.vaccine", 24))
    COURSE_FILTER = False
    COURSE_FILTER_WHEN_LINKED = True  # a drug / measurement of an admission

    def rows(self, items: Sequence[Vaccination], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(
                v.resource_key,
                (
                    self.new_cell(v, data),
                    fmt_date(v.date),
                    literal(v.name, "bold"),
                    literal(v.dose),
                    literal(v.source.label()),
                ),
            )
            for v in items
        ]

"""Imaging reports: conclusion in the list, the full description below."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from sjtui.record.entries import ImagingReport
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.honest import date_cell
from sjtui.ui.panes.detail import DetailPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


class ImagingPane(DetailPane):
    PANE = Pane.IMAGING
    HELP_KEY = "help.imaging"
    COLUMNS = ("col.new", "col.date", "col.examination", "col.conclusion", "col.source")
    FLEX = (("col.source", 14), ("col.conclusion", 30), ("col.examination", 20))
    TEXT_FILTER = True

    def rows(self, items: Sequence[ImagingReport], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(
                r.resource_key,
                (
                    self.new_cell(r, data),
                    date_cell(r.date, self.today),
                    literal(r.title, "bold"),
                    literal(r.conclusion),
                    literal(r.source.label()),
                ),
            )
            for r in items
        ]

    def head(self, report: ImagingReport) -> Text:
        head = literal(report.title, "bold")
        head.append("   " + fmt_datetime(report.date))
        head.append("\n")
        head.append_text(literal(report.source.label()))
        if report.conclusion:
            head.append("\n")
            head.append_text(literal(report.conclusion, "bold"))
        head.append("\n")
        return head

"""Medication (FMK): current, paused and stopped, grouped, each with dosage text.

The line under the list shows the highlighted drug in full (the name with strength and form
is never cut there) with its last change and course; Enter opens its change history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from textual import on
from textual.widgets import DataTable

from sjtui.i18n import t
from sjtui.record.entries import MedicationEntry
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.honest import long_text
from sjtui.ui.panes.base import ListPane
from sjtui.ui.panes.medication_text import detail_lines, first_start, history_text
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row, header_row
from sjtui.ui.widgets.medication_history import MedicationHistoryScreen

GROUPS = ("active", "paused", "stopped", "other")


class MedicationPane(ListPane):
    PANE = Pane.MEDICATION
    HELP_KEY = "help.medication"
    TITLE_COLUMN = 1
    COLUMNS = ("col.new", "col.drug", "col.dosage", "col.start", "col.end", "col.reason", "col.source")
    # Cut in this order: reason, source, dosage; the source is left out before the drug name
    # is cut below NAME_CELLS, so at 120 columns a name keeps its strength and form (the
    # source is in the line under the list). At 80 columns the name gives way last, and the
    # highlighted entry is shown in full under the list.
    NAME_CELLS = 46  # 'Calcium + D-vitamin "Orifarm" 400 mg/19 mikrog'
    FLEX = (("col.reason", 8), ("col.source", 14), ("col.dosage", 24), ("col.drug", NAME_CELLS))
    DROP = ("col.source", "col.reason")
    TEXT_FILTER = True
    COURSE_FILTER = False
    COURSE_FILTER_WHEN_LINKED = True  # a drug / measurement of an admission

    def rows(self, items: Sequence[MedicationEntry], data: PaneData[Any], record: Record) -> list[Row]:
        rows: list[Row] = []
        for group in GROUPS:
            members = [m for m in items if (m.status if m.status in GROUPS else "other") == group]
            if not members:
                continue
            rows.append(header_row(f"group-{group}", t(f"med.group.{group}", n=len(members)), len(self.COLUMNS)))
            for m in members:
                rows.append(
                    Row(
                        m.resource_key,
                        (
                            self.new_cell(m, data),
                            literal(m.name, "bold" if group == "active" else ""),
                            long_text(m.dosage),
                            fmt_date(first_start(m)),
                            fmt_date(m.period_end),
                            literal(m.reason),
                            literal(m.source.label()),
                        ),
                    )
                )
        return rows

    def _entry(self, key: str) -> MedicationEntry | None:
        if self.record is None or key.startswith("~"):
            return None
        return next((m for m in self.record.medication.items if m.resource_key == key), None)

    def entry_line(self, key: str) -> RenderableType | None:
        entry = self._entry(key)
        if entry is None or self.record is None:
            return None
        name, *rest = detail_lines(entry, self.record.medication, self.record)
        name.end = "\n"
        for line in rest:  # one row each; the name may take two
            line.no_wrap, line.overflow, line.end = True, "ellipsis", "\n"
        return Group(name, *rest)

    @on(DataTable.RowSelected)
    def _open_history(self, event: DataTable.RowSelected) -> None:
        """Enter on a drug: the card entry with its change history, newest first."""
        key = event.row_key.value if event.row_key is not None else None
        entry = self._entry(key or "~")
        if entry is None or self.record is None:
            return
        event.stop()
        self.app.push_screen(MedicationHistoryScreen(history_text(entry, self.record.medication, self.record)))

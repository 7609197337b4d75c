"""Medication (FMK): current, paused and stopped, grouped, each with dosage text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.i18n import t
from sjtui.record.entries import MedicationEntry
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.honest import long_text
from sjtui.ui.panes.base import ListPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row, header_row

GROUPS = ("active", "paused", "stopped", "other")


class MedicationPane(ListPane):
    PANE = Pane.MEDICATION
    HELP_KEY = "help.medication"
    TITLE_COLUMN = 1
    COLUMNS = ("col.new", "col.drug", "col.dosage", "col.start", "col.end", "col.reason", "col.source")
    # Cut in this order: reason, source, then drug name and dosage. The selected entry is shown
    # in full under the list.
    FLEX = (("col.reason", 8), ("col.source", 14), ("col.dosage", 28), ("col.drug", 26))
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
                            fmt_date(m.period_start or m.date),
                            fmt_date(m.period_end),
                            literal(m.reason),
                            literal(m.source.label()),
                        ),
                    )
                )
        return rows

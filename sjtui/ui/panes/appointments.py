"""Appointments: upcoming first (soonest at the top), then past ones (newest first)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sjtui.i18n import t
from sjtui.record.entries import Appointment
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_week, local
from sjtui.ui.honest import appointment_when
from sjtui.ui.panes.base import ListPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row, header_row

_STATUS = {"booked", "cancelled", "fulfilled", "noshow", "proposed", "pending", "arrived"}


class AppointmentsPane(ListPane):
    PANE = Pane.APPOINTMENTS
    HELP_KEY = "help.appointments"
    COLUMNS = ("col.new", "col.time", "col.description", "col.location", "col.status", "col.source")
    FLEX = (("col.source", 14), ("col.location", 16), ("col.description", 28))
    COURSE_FILTER = False
    TEXT_FILTER = True

    def _is_upcoming(self, appt: Appointment) -> bool:
        if appt.date is None:
            return False
        return local(appt.date).date() >= self.today

    def rows(self, items: Sequence[Appointment], data: PaneData[Any], record: Record) -> list[Row]:
        upcoming = sorted((a for a in items if self._is_upcoming(a)), key=lambda a: _ts(a.date))
        past = sorted((a for a in items if not self._is_upcoming(a)), key=lambda a: _ts(a.date), reverse=True)
        rows: list[Row] = []
        width = len(self.COLUMNS)
        for label, group in (("appt.upcoming", upcoming), ("appt.past", past)):
            if not group:
                continue
            rows.append(header_row(label, t(label, n=len(group)), width))
            for a in group:
                when = appointment_when(a.date, a.end, self.today)
                if a.date is not None:
                    when.append(f" {fmt_week(a.date)}", "dim")  # "uge 48": how Danes book
                status = t(f"appt.status.{a.status}") if a.status in _STATUS else a.status
                rows.append(
                    Row(
                        a.resource_key,
                        (
                            self.new_cell(a, data),
                            when,
                            literal(a.description, "bold" if group is upcoming else ""),
                            literal(a.location),
                            literal(status),
                            literal(a.source.label()),
                        ),
                    )
                )
        return rows


def _ts(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0

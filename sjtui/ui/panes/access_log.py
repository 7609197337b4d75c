"""Access log (the citizen's MinLog view): who opened this record, when and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.i18n import t
from sjtui.record.entries import AccessLogEntry
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.panes.base import ListPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


def purpose_words(entry: AccessLogEntry) -> str:
    """The purpose in words ("Behandling", "Værdispring"), not its code; a search says so.
    A code without words of ours is shown as given."""
    key = f"access.purpose.{entry.purpose.upper()}"
    words = t(key)
    if words == key:
        words = entry.purpose
    if entry.kind == "search" or entry.action == "search-type":
        return f"{t('access.search')}: {words}" if words else t("access.search")
    return words


class AccessLogPane(ListPane):
    PANE = Pane.ACCESS_LOG
    HELP_KEY = "help.access_log"
    COLUMNS = ("col.new", "col.time", "col.who", "col.organisation", "col.purpose", "col.why")
    FLEX = (("col.why", 16), ("col.organisation", 14), ("col.who", 16))
    DROP = ("col.organisation",)
    COURSE_FILTER = False
    TEXT_FILTER = True

    def rows(self, items: Sequence[AccessLogEntry], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(
                e.resource_key,
                (
                    self.new_cell(e, data),
                    fmt_datetime(e.date),
                    literal(e.who, "bold"),
                    literal(e.organisation or e.source.label()),
                    literal(purpose_words(e)),
                    literal(e.reason),
                ),
            )
            for e in items
        ]

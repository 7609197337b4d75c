"""Journal: notes and discharge summaries, newest first; the selected note's text below."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from sjtui.record.entries import Note
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.honest import date_cell
from sjtui.ui.panes.detail import DetailPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row


class NotesPane(DetailPane):
    PANE = Pane.NOTES
    HELP_KEY = "help.notes"
    # Date, type, title and source first (issue #13); the author gives way first at 80 columns.
    COLUMNS = ("col.new", "col.date", "col.type", "col.title", "col.source", "col.author")
    FLEX = (("col.author", 14), ("col.source", 16), ("col.title", 18))
    DROP = ("col.author", "col.source")
    TEXT_FILTER = True

    def rows(self, items: Sequence[Note], data: PaneData[Any], record: Record) -> list[Row]:
        return [
            Row(
                n.resource_key,
                (
                    self.new_cell(n, data),
                    date_cell(n.date, self.today),
                    literal(n.title, "bold"),
                    literal(n.summary),
                    literal(n.source.label()),
                    literal(n.author),
                ),
            )
            for n in items
        ]

    def head(self, note: Note) -> Text:
        head = literal(note.title, "bold")
        head.append("   " + fmt_datetime(note.date))
        head.append("\n")
        head.append_text(literal(" · ".join(p for p in (note.source.label(), note.author) if p)))
        if note.summary:
            head.append("\n")
            head.append_text(literal(note.summary, "italic"))
        head.append("\n")
        return head

"""Break-the-glass marks: a private-marked item that was revealed says so in words, in its
row, for as long as the record is open (never by colour alone)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rich.text import Text

from sjtui.i18n import t
from sjtui.ui.widgets.entry_list import Row


def mark_revealed(rows: list[Row], items: Iterable[object], column: int) -> list[Row]:
    """Prefix the `column` cell of each row whose item is private-marked (so revealed: a
    private item is only in the list after break-the-glass) with the words for it."""
    private = {getattr(i, "resource_key", "") for i in items if getattr(i, "private", False)}
    if not private:
        return rows
    marked: list[Row] = []
    for row in rows:
        if row.key not in private or column >= len(row.cells):
            marked.append(row)
            continue
        cell = row.cells[column]
        text = Text(t("pane.revealed_mark") + " ", style="bold reverse", end="")
        text.append_text(cell if isinstance(cell, Text) else Text(str(cell), end=""))
        cells = (*row.cells[:column], text, *row.cells[column + 1 :])
        marked.append(replace(row, cells=cells))
    return marked

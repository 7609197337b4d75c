"""Tab labels that fit the width: the record's ten tabs take 117 columns with their full
names; on a narrower screen (an 80-column thin client) they take their short names
("Lab", "Log") so every tab stays in sight instead of scrolling out at the right."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import TabbedContent

from sjtui.i18n import t
from sjtui.record.model import Pane

GAP = 1  # each tab's left padding (app.tcss: #tabs Tab)


def tab_label(pane: Pane, short: bool) -> str:
    if short:
        abbreviated = t(f"tab.{pane.value}.short")
        if abbreviated != f"tab.{pane.value}.short":
            return abbreviated
    return t(f"tab.{pane.value}")


def fit_tab_labels(tabs: TabbedContent, panes: Sequence[Pane], width: int) -> None:
    full = sum(len(tab_label(p, False)) + GAP for p in panes)
    short = full > width
    for pane in panes:
        label = tab_label(pane, short)
        tab = tabs.get_tab(pane.value)
        if tab.label_text != label:
            tab.label = label

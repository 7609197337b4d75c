"""Tab labels that fit the width: the record's tabs take about 124 columns with their full
names; where they do not fit, the longest names give way to their short names ("Billeder"),
as many as needed, so every tab stays in sight instead of scrolling out at the right (on an
80-column thin client all of them: "Lab", "Log")."""

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


def fitted_labels(panes: Sequence[Pane], width: int) -> dict[Pane, str]:
    """Full names where they fit; else the longest names take their short ones, one at a
    time, until the row fits (so a few long names give way, not every one)."""
    labels = {p: tab_label(p, False) for p in panes}
    total = sum(len(label) + GAP for label in labels.values())
    for pane in sorted(panes, key=lambda p: -len(labels[p])):  # the longest first
        if total <= width:
            break
        short = tab_label(pane, True)
        total -= len(labels[pane]) - len(short)
        labels[pane] = short
    return labels


def fit_tab_labels(tabs: TabbedContent, panes: Sequence[Pane], width: int) -> None:
    labels = fitted_labels(panes, width)
    for pane in panes:
        label = labels[pane]
        tab = tabs.get_tab(pane.value)
        if tab.label_text != label:
            tab.label = label

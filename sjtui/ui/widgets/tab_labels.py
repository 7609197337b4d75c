"""Tab labels that fit the width: the record's tabs take about 124 columns with their full
names; where they do not fit, the longest names give way to their short names ("Billeder"),
as many as needed, and if the row is still too wide (Danish at 80 columns: 81 with every
short name), to their tiny names ("Overbl."), so every tab stays in sight instead of
scrolling out at the right as a cut fragment ("Forlø"). Every level is a deliberate
abbreviation from the i18n (`tab.<pane>.short`, `tab.<pane>.tiny`), never a cut."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import TabbedContent

from sjtui.i18n import t
from sjtui.record.model import Pane

GAP = 1  # each tab's left padding (app.tcss: #tabs Tab)
LEVELS = ("short", "tiny")  # the abbreviations tried in turn, after the full name


def tab_label(pane: Pane, short: bool | str) -> str:
    """The full name, or the abbreviation of `short` ("short", "tiny"; True: "short") where
    the i18n has one (else the next longer form)."""
    level = "short" if short is True else short or ""
    forms = LEVELS[: LEVELS.index(level) + 1] if level in LEVELS else ()
    for form in reversed(forms):
        abbreviated = t(f"tab.{pane.value}.{form}")
        if abbreviated != f"tab.{pane.value}.{form}":
            return abbreviated
    return t(f"tab.{pane.value}")


def row_width(labels: dict[Pane, str]) -> int:
    return sum(len(label) + GAP for label in labels.values())


def fitted_labels(panes: Sequence[Pane], width: int) -> dict[Pane, str]:
    """Full names where they fit; else the longest names take their short ones, one at a
    time, until the row fits (so a few long names give way, not every one); then, if needed,
    their tiny ones the same way."""
    labels = {p: tab_label(p, False) for p in panes}
    for level in LEVELS:
        for pane in sorted(panes, key=lambda p: -len(labels[p])):  # the longest first
            if row_width(labels) <= width:
                return labels
            shorter = tab_label(pane, level)
            if len(shorter) < len(labels[pane]):
                labels[pane] = shorter
    return labels


def fit_tab_labels(tabs: TabbedContent, panes: Sequence[Pane], width: int) -> None:
    labels = fitted_labels(panes, width)
    for pane in panes:
        label = labels[pane]
        tab = tabs.get_tab(pane.value)
        if tab.label_text != label:
            tab.label = label

"""The default filters of a function profile as removable chips above a list.

One chip per part of the default filter still in effect ("Sidste 30 dage ✕", "Tekst:
Sygeplejenotat ✕"); pressing one (Enter, Space or a click) removes that part, and the list
shows everything again. A part the clinician changed in the filter line is no longer a
default: its chip goes. Server text never appears here (the filters come from the config).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from sjtui.i18n import t
from sjtui.ui.widgets.filter_bar import UiFilter


def chip_parts(default: UiFilter, current: UiFilter) -> list[tuple[str, str]]:
    """(part, label) of each default filter part still in effect."""
    parts = []
    if default.days and current.days == default.days:
        parts.append(("days", t("chip.days", n=default.days)))
    if default.text and current.text == default.text:
        parts.append(("text", t("chip.text", text=default.text)))
    return parts


class FilterChips(Horizontal):
    class Removed(Message):
        def __init__(self, part: str) -> None:
            super().__init__()
            self.part = part

    def __init__(self, default: UiFilter, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default = default
        self._shown: list[tuple[str, str]] = []

    def show(self, current: UiFilter) -> None:
        parts = chip_parts(self.default, current)
        self.display = bool(parts)
        if parts == self._shown:
            return
        self._shown = parts
        self.remove_children()
        widgets: list[Widget] = [Static(t("chip.title"), classes="chip-title", markup=False)]
        widgets += [
            Button(Content(f"{label} ✕"), id=f"chip-{part}", classes="chip", compact=True, tooltip=t("chip.remove"))
            for part, label in parts
        ]
        self.mount_all(widgets)

    @on(Button.Pressed, ".chip")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        part = (event.button.id or "").removeprefix("chip-")
        self.post_message(self.Removed(part))

"""One drug of the medication card with its change history, newest first (Enter on a row).

The text is built by `sjtui.ui.panes.medication_text` (server text shown literally); the
screen only frames it and closes with Escape (or F1), like the help."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sjtui.i18n import t
from sjtui.ui.keys import bindings_for, localise_bindings


class MedicationHistoryScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")

    def __init__(self, body: RenderableType) -> None:
        super().__init__()
        localise_bindings(self)
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="medhist-box"):
            yield Static(t("tab.medication"), id="medhist-title", markup=False)
            yield Static(self.body, id="medhist-body", markup=False)
            yield Static(t("medhist.close"), id="medhist-hint", markup=False)

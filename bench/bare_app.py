"""A bare Textual app with the same kinds of widgets as sjtui: the baseline for cold start and
terminal bytes (Header, Input, DataTable, Footer). Nothing project-specific is imported.

    python bench/bare_app.py            # run it in a terminal
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

ROWS = 300


class BareApp(App[None]):
    """What a developer would write first: no tuning of animations, cursor or mouse."""

    TITLE = "bare"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="CPR")
        yield DataTable(id="table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Dato", "Analyse", "Resultat", "Enhed", "Reference")
        for i in range(ROWS):
            table.add_row(f"2025-01-{i % 28 + 1:02d}", f"P-Analyse {i}", f"{i * 0.1:.1f}", "mmol/L", "1,0-2,0")


if __name__ == "__main__":
    BareApp().run()

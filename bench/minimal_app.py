"""The like-for-like baseline for cold start and terminal bytes: a minimal Textual app that
shows what sjtui's first frame shows (the search screen), with the same widget kinds and
nothing more: a centred box with a title, an input (no cursor blink) and a hint, a DataTable
with its columns but hidden (as sjtui's result table is until a search), a one-line status
bar and a footer with three keys. No rows are filled before the first frame, no project code
is imported. (`bare_app.py`, the earlier baseline, fills a 300-row table first: slower than
what sjtui shows, so it flattered the ratio; it is kept for the terminal-bytes comparison.)

    python bench/minimal_app.py            # run it in a terminal
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Input, Static

CSS = """
#box { width: 80; height: auto; margin: 2 4; }
#title { text-style: bold; margin-bottom: 1; }
#hint { color: $text-muted; margin-top: 1; }
#status { dock: bottom; height: 1; background: $panel; }
"""


class MinimalApp(App[None]):
    TITLE = "minimal"
    CSS = CSS
    BINDINGS = [("ctrl+q", "quit", "Afslut"), ("ctrl+f", "noop", "Søg"), ("f1", "noop", "Hjælp")]

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static("Find borger", id="title")
            field = Input(placeholder="CPR-nummer eller navn", id="cpr")
            field.cursor_blink = False
            yield field
            yield Static("Skriv et CPR-nummer (10 cifre) og tryk Enter.", id="hint", markup=False)
            yield DataTable(id="results", cursor_type="row")
        yield Static("Server: demo · online · 0 B · Log: afleveret · Cache: nøglering", id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Navn", "CPR", "Alder", "Adresse")
        table.display = False
        self.query_one(Input).focus()

    def action_noop(self) -> None:
        return None


if __name__ == "__main__":
    MinimalApp().run()

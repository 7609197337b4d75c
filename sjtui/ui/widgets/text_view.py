"""A scrollable, focusable view of one entry's full text (note body, imaging report).

The body is untrusted server text: shown through `render.block` (escapes and control
characters stripped, Rich markup shown literally)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sjtui.ui.render import block


class TextView(VerticalScroll, can_focus=True):
    def compose(self) -> ComposeResult:
        yield Static(id="text-head", markup=False)
        yield Static(id="text-body", markup=False)

    def show(self, head: Text, body: str | Text) -> None:
        head = head.copy()
        head.rstrip()
        self.query_one("#text-head", Static).update(head)
        self.query_one("#text-body", Static).update(body if isinstance(body, Text) else block(body))
        self.scroll_home(animate=False)

    def clear_text(self, hint: str = "") -> None:
        self.query_one("#text-head", Static).update(Text(hint, style="italic", end=""))
        self.query_one("#text-body", Static).update("")

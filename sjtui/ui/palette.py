"""Textual's command palette in the UI language: its placeholder and its "no matches" line
(the latter is built inside Textual in English; this subclass builds the same line in
Danish or English, so no English text shows in the Danish UI)."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from sjtui.i18n import t


class LocalCommandPalette(CommandPalette):
    def __init__(self) -> None:
        super().__init__(id="--command-palette", placeholder=t("palette.placeholder"))

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's own (textual.command), with the line in the UI language."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                no_matches = Text(t("palette.no_matches"), style="not bold")
                option = Option(Align.center(no_matches), disabled=True, id=self._NO_MATCHES)
                self.query_one(CommandList).add_option(option)
                self._list_visible = True
            else:  # discover mode: no list rather than "nothing found"
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

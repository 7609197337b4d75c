"""Widgets that never repaint on their own: an Input without a blinking cursor.

A blinking cursor repaints twice a second forever; over SSH that is a steady trickle of
bytes on a weak line, and it makes snapshot tests flaky."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class CalmInput(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Input's own arguments, passed on
        super().__init__(*args, **kwargs)
        self.cursor_blink = False

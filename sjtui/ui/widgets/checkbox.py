"""A checkbox whose state is a glyph, not a colour: "[x]" ticked, "[ ]" not.

Textual's own checkbox draws the same "X" in both states and tells them apart by colour
alone, which NO_COLOR and a 16-colour console (TERM=linux) take away."""

from __future__ import annotations

from textual.widgets import Checkbox


class MarkedCheckbox(Checkbox):
    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual reads a class attribute; a property draws [x] / [ ]
        return "x" if self.value else " "

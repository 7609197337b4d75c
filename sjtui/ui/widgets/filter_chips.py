"""The filters in effect on a list, as removable chips above it.

One chip per part of the filter ("Kilde: Lungemedicinsk ✕", "Forløb: Indlæggelse 03.2025 ✕",
"Seneste 30 dage ✕", "Tekst: ilt ✕"), whether the function profile set it (then the row is
titled "Standardfilter:") or the clinician did; pressing one (Enter, Space or a click)
removes that part, and the list shows more again. Source and course names come from the
server: they are shown as plain text (`clean`), never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from sjtui.i18n import t
from sjtui.ui.render import clean
from sjtui.ui.widgets.filter_bar import UiFilter

MAX_CHIP_TEXT = 30  # a long source or search text is cut on its chip (the bar has it whole)


def _short(text: str) -> str:
    text = clean(text, single_line=True)
    return text if len(text) <= MAX_CHIP_TEXT else text[: MAX_CHIP_TEXT - 1] + "…"


def chip_parts(current: UiFilter, courses: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(part, label) of each part of `current` in effect; `courses`: course key -> name."""
    parts = []
    if current.source:
        parts.append(("source", t("chip.source", source=_short(current.source))))
    if current.course:
        name = (courses or {}).get(current.course) or t("chip.course.unnamed")
        parts.append(("course", t("chip.course", course=_short(name))))
    if current.days:
        parts.append(("days", t("chip.days", n=current.days)))
    if current.text:
        parts.append(("text", t("chip.text", text=_short(current.text))))
    return parts


def only_defaults(current: UiFilter, default: UiFilter) -> bool:
    """Every part in effect is the function profile's default."""
    return all(
        getattr(current, part) in (getattr(default, part), "", None) for part in ("source", "course", "days", "text")
    )


PARTS = ("source", "course", "days", "text")


class FilterChips(Horizontal):
    """A title and one chip per filter part, composed once; `show` sets their labels and
    which are shown (nothing mounted or removed while the clinician types)."""

    class Removed(Message):
        def __init__(self, part: str) -> None:
            super().__init__()
            self.part = part

    def __init__(self, default: UiFilter, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.default = default
        self.display = False  # until the list is first shown with its filter

    def compose(self) -> ComposeResult:
        yield Static("", classes="chip-title", markup=False)
        for part in PARTS:
            chip = Button("", id=f"chip-{part}", classes="chip", compact=True, tooltip=t("chip.remove"))
            chip.display = False
            yield chip

    def show(self, current: UiFilter, courses: Mapping[str, str] | None = None) -> None:
        parts = dict(chip_parts(current, courses))
        self.display = bool(parts)
        title = t("chip.title") if only_defaults(current, self.default) else t("chip.title.user")
        self.query_one(".chip-title", Static).update(title)
        for part in PARTS:
            chip = self.query_one(f"#chip-{part}", Button)
            chip.display = part in parts
            label = Content(f"{parts[part]} ✕") if part in parts else None
            if label is not None and label != chip.label:
                chip.label = label
                chip.refresh(layout=True)  # `width: auto` follows the new label

    @on(Button.Pressed, ".chip")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        part = (event.button.id or "").removeprefix("chip-")
        self.post_message(self.Removed(part))

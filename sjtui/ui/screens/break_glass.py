"""Break-the-glass (værdispring): reveal private-marked items, with a reason and a second step.

Returns the reason (stripped) or None when cancelled. Two explicit steps, keyboard only:
1. write the reason and press Enter (fewer than `MIN_REASON_LENGTH` characters is refused
   in place; focus stays in the field);
2. tick "Jeg bekræfter værdispring" (Space or Enter), then press Enter on the confirm button
   (focus moves there by itself) or Ctrl+S from anywhere. Without the tick nothing happens
   but a message.
Escape cancels from anywhere. The caller turns the reason into
`grant.with_break_glass(reason)`; this screen audits nothing itself.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from sjtui.access.grant import MIN_REASON_LENGTH
from sjtui.i18n import t
from sjtui.ui.render import literal
from sjtui.ui.widgets.calm import CalmInput
from sjtui.ui.widgets.checkbox import MarkedCheckbox


class BreakGlassScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", show=False, id="break_glass.submit"),
        Binding("escape", "cancel", "Cancel", show=False, id="break_glass.cancel"),
    ]

    def __init__(self, citizen_name: str, hidden: int | None, *, hidden_complete: bool = True) -> None:
        """`hidden`: how many private-marked items are withheld (None or 0: not known);
        `hidden_complete`: false while part of the record has not arrived ("at least")."""
        super().__init__()
        self.citizen_name = citizen_name
        self.hidden = hidden
        self.hidden_complete = hidden_complete

    def compose(self) -> ComposeResult:
        with Vertical(id="bg-box", classes="audit-dialog"):
            yield Static(t("bg.title"), classes="audit-dialog-title")
            who = Text(f"{t('bg.citizen')}: ", end="")
            who.append_text(literal(self.citizen_name, "bold"))
            yield Static(who, id="bg-citizen", markup=False)
            yield Static(self._hidden_text(), id="bg-hidden", markup=False)
            yield Static(t("bg.warning"), id="bg-warning", markup=False)
            yield Static(t("bg.reason"), classes="audit-label")
            yield CalmInput(placeholder=t("bg.reason.placeholder"), id="bg-reason")
            yield MarkedCheckbox(t("bg.confirm"), id="bg-confirm", compact=True)
            yield Static("", id="bg-error", classes="audit-error", markup=False)
            with Horizontal(classes="audit-buttons"):
                yield Button(t("bg.submit"), id="bg-submit", variant="warning", compact=True)
                yield Button(t("bg.cancel"), id="bg-cancel", compact=True)
            yield Static(t("bg.keys"), classes="audit-hint")

    def _hidden_text(self) -> str:
        if not self.hidden or self.hidden < 0:
            return t("bg.hidden.unknown")
        if not self.hidden_complete:
            return t("bg.hidden.at_least", n=self.hidden)
        if self.hidden == 1:
            return t("bg.hidden.one")
        return t("bg.hidden", n=self.hidden)

    def on_mount(self) -> None:
        self._error("")
        self.query_one("#bg-reason", Input).focus()

    # --- steps -------------------------------------------------------------------------------
    def _reason(self) -> str | None:
        reason = self.query_one("#bg-reason", Input).value.strip()
        return reason if len(reason) >= MIN_REASON_LENGTH else None

    @on(Input.Submitted, "#bg-reason")
    def _reason_entered(self) -> None:
        if self._reason() is None:
            self._need_reason()
            return
        self._error("")
        if self.query_one("#bg-confirm", Checkbox).value:
            self.action_submit()
        else:
            self.query_one("#bg-confirm", Checkbox).focus()

    @on(Checkbox.Changed, "#bg-confirm")
    def _confirm_changed(self, event: Checkbox.Changed) -> None:
        if event.value:
            self._error("")
            self.query_one("#bg-submit", Button).focus()

    @on(Button.Pressed, "#bg-submit")
    def action_submit(self) -> None:
        reason = self._reason()
        if reason is None:
            self._need_reason()
            return
        confirm = self.query_one("#bg-confirm", Checkbox)
        if not confirm.value:
            self._error(t("bg.need_confirm"))
            confirm.focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#bg-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _need_reason(self) -> None:
        self._error(t("bg.need_reason", n=MIN_REASON_LENGTH))
        self.query_one("#bg-reason", Input).focus()

    def _error(self, message: str) -> None:
        box = self.query_one("#bg-error", Static)
        box.update(message)
        box.display = bool(message)

"""The consent window (samtykkevindue): legal basis and reason before any record data.

Returns a Grant, or None when cancelled (then nothing is fetched). Keyboard only:
focus starts on the basis choice (arrows + Enter or Space choose, and Enter moves on to
the reason), the reason field offers the clinician's recent reasons with up/down, and Enter
in the reason field submits. Escape cancels from anywhere. Typing ahead is safe: keys that
arrive before the focus reached the reason field (one burst over a slow SSH link) go there,
in order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Static

from sjtui.access.grant import MIN_REASON_LENGTH, AccessDenied, Basis, Clinician, Grant, make_grant
from sjtui.cpr import format_cpr
from sjtui.i18n import t
from sjtui.record.entries import CitizenSummary
from sjtui.ui.keys import bindings_for, localise_bindings
from sjtui.ui.render import literal
from sjtui.ui.widgets.calm import CalmInput


class ReasonInput(CalmInput):
    """The reason field; up/down walk through the recent reasons like shell history."""

    BINDINGS = [
        Binding("up", "recent(-1)", show=False),
        Binding("down", "recent(1)", show=False),
    ]

    def __init__(self, recent: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._recent = recent
        self._index = -1

    def action_recent(self, step: int) -> None:
        if not self._recent:
            return
        self._index = max(-1, min(len(self._recent) - 1, self._index + (1 if step > 0 else -1)))
        self.value = "" if self._index < 0 else self._recent[self._index]
        self.cursor_position = len(self.value)


class BasisButton(RadioButton):
    """A radio button whose mark is a visible dot only when chosen (not colour alone)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual declares a class constant; a property draws the live state
        return "●" if self.value else " "


class BasisChoice(RadioSet):
    """The basis radio set. Enter chooses the highlighted basis and moves on to the reason at
    once, in the order the keys came (not a message round later), so what is typed right after
    it lands in the reason field; Enter on the already chosen basis just moves on."""

    class Confirmed(Message):
        pass

    def __init__(
        self, *children: RadioButton, submit: Callable[[], None], type_ahead: Callable[[str], None], **kwargs: Any
    ) -> None:
        super().__init__(*children, **kwargs)
        self._submit = submit
        self._type_ahead = type_ahead
        self.chosen_id: str | None = None  # set at once (pressed_button follows a message later)

    async def _on_key(self, event: events.Key) -> None:
        """Keys are handled here, in the order they came, and never looked up again later (the
        app resolves a key's binding against the focus of that later moment)."""
        moved_on = self.screen.focused is not self
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            if moved_on:  # typed ahead: meant for the reason field, which has the focus now
                self._submit()
            else:
                self._choose_highlighted()
        elif event.is_printable and event.character and (event.character != " " or moved_on):
            event.stop()  # typed ahead: the reason, before the focus reached its field
            event.prevent_default()
            self._type_ahead(event.character)

    def _choose_highlighted(self) -> None:
        if self._selected is None:
            return
        button = self._nodes[self._selected]
        if isinstance(button, RadioButton) and not button.value:
            button.value = True
        self.chosen_id = button.id
        self.post_message(self.Confirmed())
        self.screen.set_focus(self.screen.query_one("#consent-reason"))

    def action_toggle_button(self) -> None:  # space (and clicks through RadioButton)
        super().action_toggle_button()
        if self._selected is not None:
            self.chosen_id = self._nodes[self._selected].id


MAX_OFFERED = 8


class ConsentScreen(ModalScreen[Grant | None]):
    BINDINGS = bindings_for("consent")

    def __init__(self, citizen: CitizenSummary, clinician: Clinician, recent_reasons: list[str]) -> None:
        super().__init__()
        localise_bindings(self)
        self.citizen = citizen
        self.clinician = clinician
        # this citizen's own recent reasons, then the clinician's templates (never another
        # citizen's: `sjtui.access.recent_reasons`)
        self.recent_reasons = [r for r in recent_reasons if r.strip()][:MAX_OFFERED]

    def compose(self) -> ComposeResult:
        with Vertical(id="consent-box"):
            yield Static(t("consent.title"), id="consent-title")
            who = Text(f"{t('consent.citizen')}: ", end="")
            who.append_text(literal(self.citizen.name, "bold"))
            who.append(f"   {format_cpr(self.citizen.cpr)}")
            yield Static(who, id="consent-citizen", markup=False)
            yield Static(t("consent.basis"), classes="consent-label")
            with BasisChoice(id="consent-basis", submit=self.action_submit, type_ahead=self.type_into_reason):
                yield BasisButton(t("consent.basis.consent"), id="basis-consent")
                yield BasisButton(t("consent.basis.treatment"), id="basis-treatment")
            yield Static(t("consent.reason"), classes="consent-label")
            yield ReasonInput(self.recent_reasons, placeholder=t("consent.reason.placeholder"), id="consent-reason")
            if self.recent_reasons:
                yield Static(t("consent.recent"), classes="consent-hint")
                yield OptionList(*[literal(r) for r in self.recent_reasons], id="consent-recent", compact=True)
            yield Static(t("consent.reminder"), id="consent-reminder")
            yield Static("", id="consent-error", markup=False)
            with Horizontal(id="consent-buttons"):
                yield Button(t("consent.submit"), id="consent-submit", variant="primary", compact=True)
                yield Button(t("consent.cancel"), id="consent-cancel", compact=True)
            yield Static(t("consent.keys"), classes="consent-hint")

    def on_mount(self) -> None:
        self.query_one("#consent-error").display = False
        self.query_one(RadioSet).focus()

    # --- choosing -------------------------------------------------------------------------
    def _basis(self) -> Basis | None:
        choice = self.query_one(BasisChoice)
        pressed = choice.pressed_button
        chosen = choice.chosen_id or (pressed.id if pressed is not None else None)
        if chosen is None:
            return None
        return Basis.CONSENT if chosen == "basis-consent" else Basis.CURRENT_TREATMENT

    @on(RadioSet.Changed)
    def _basis_changed(self, event: RadioSet.Changed) -> None:
        self.query_one(BasisChoice).chosen_id = event.pressed.id
        self._basis_confirmed()

    @on(BasisChoice.Confirmed)
    def _basis_confirmed(self) -> None:
        self._error("")
        field = self.query_one("#consent-reason", Input)
        if self.focused is not field:
            self.set_focus(field)

    @on(OptionList.OptionSelected, "#consent-recent")
    def _recent_chosen(self, event: OptionList.OptionSelected) -> None:
        field = self.query_one("#consent-reason", Input)
        field.value = self.recent_reasons[event.option_index]
        field.cursor_position = len(field.value)
        field.focus()

    # --- typing ahead ----------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Characters no focused field took (the focus is still on the basis choice: a fast
        typist, or keys arriving together over a slow SSH link right after the Enter that chose
        the basis) go into the reason field instead of being lost. Space stays the radio
        buttons' key while they have the focus; keys a field consumes never get here."""
        if not event.is_printable or not event.character:
            return
        if event.character == " " and self.focused is not self.query_one("#consent-reason"):
            return  # the radio buttons' key, while they have the focus
        event.stop()
        event.prevent_default()
        self.type_into_reason(event.character)

    def type_into_reason(self, character: str) -> None:
        """A character typed ahead goes into the reason field, which takes the focus."""
        field = self.query_one("#consent-reason", ReasonInput)
        field.insert_text_at_cursor(character)
        if self.focused is not field:
            self.set_focus(field)

    # --- submit / cancel -------------------------------------------------------------------
    @on(Input.Submitted, "#consent-reason")
    @on(Button.Pressed, "#consent-submit")
    def action_submit(self) -> None:
        basis = self._basis()
        if basis is None:
            self._error(t("consent.need_basis"))
            self.query_one(RadioSet).focus()
            return
        reason = self.query_one("#consent-reason", Input).value
        try:
            grant = make_grant(
                patient_id=self.citizen.patient_id,
                cpr=self.citizen.cpr,
                basis=basis,
                reason=reason,
                clinician=self.clinician,
            )
        except AccessDenied:
            self._error(t("consent.need_reason", n=MIN_REASON_LENGTH))
            self.query_one("#consent-reason", Input).focus()
            return
        self.dismiss(grant)

    @on(Button.Pressed, "#consent-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        box = self.query_one("#consent-error", Static)
        box.update(message)
        box.display = bool(message)

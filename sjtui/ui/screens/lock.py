"""The idle lock: a full screen that hides everything until the clinician's PIN is given.

`LockScreen` is a plain (opaque) `Screen`, not a modal: nothing of the record, a dialog or a
notification underneath shows through. The PIN is checked by `verify` (in the app:
`LockSecret.verify`, a slow scrypt hash) in a thread worker, so the screen stays responsive
and Ctrl+Q still quits while it runs. A wrong PIN is said in place after a delay that grows
with each failed try (capped), which makes guessing at the keyboard slow.

The app must also refuse its other actions while the lock is on top (command palette, help,
tab keys ...): `LockScreen.allows(action)` says which ones may run; see the lead's notes.

`SetPinScreen` chooses the PIN at first start: twice, at least `MIN_LENGTH` characters.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from sjtui.access.lock_secret import MAX_ATTEMPTS, MIN_LENGTH
from sjtui.i18n import t
from sjtui.ui.screens.passphrase import SecretDialog
from sjtui.ui.widgets.calm import CalmInput

#: Actions the app may still run while locked (everything else is refused).
ALLOWED_WHILE_LOCKED = frozenset({"quit", "app.quit", "help_quit"})
MAX_DELAY_FACTOR = 5


class LockScreen(Screen[None]):
    """Dismisses (with None) only after `verify(pin)` returned True."""

    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True, id="lock.quit"),
    ]
    AUTO_FOCUS = "#lock-pin"

    def __init__(self, verify: Callable[[str], bool], *, wrong_delay: float = 1.0, kind: str = "pin") -> None:
        """`kind`: what `verify` really checks, and so what the screen asks for: "pin", or
        "passphrase" (passphrase mode: the lock checks the cache passphrase itself)."""
        super().__init__()
        self._verify = verify
        self.kind = kind
        self.wrong_delay = wrong_delay
        self.failures = 0
        self._busy = False

    @staticmethod
    def allows(action: str) -> bool:
        """May the app run `action` while the lock screen is on top?"""
        return action in ALLOWED_WHILE_LOCKED

    def compose(self) -> ComposeResult:
        with Center(id="lock-center"), Vertical(id="lock-box"):
            yield Static(t("lock.title"), id="lock-title")
            yield Static(self._t("lock.explain"), classes="audit-explain")
            yield Static(t("lock.passphrase") if self.kind == "passphrase" else t("lock.pin"), classes="audit-label")
            yield CalmInput(password=True, id="lock-pin")
            yield Static("", id="lock-message", classes="audit-error", markup=False)
            yield Static(t("lock.keys"), classes="audit-hint")

    def on_mount(self) -> None:
        self._say("")

    @on(Input.Submitted, "#lock-pin")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._busy:
            return
        pin = event.value
        event.input.value = ""  # the PIN does not linger in the widget
        if not pin:
            self._say(self._t("lock.empty"))
            return
        if self.kind == "pin" and self.failures >= MAX_ATTEMPTS:
            self._say(t("lock.blocked"))
            return
        self._busy = True
        self._say(t("lock.checking"), error=False)
        self._check(pin)

    @work(thread=True, exclusive=True, group="lock-verify", exit_on_error=False)
    def _check(self, pin: str) -> None:
        try:
            ok: bool | None = bool(self._verify(pin))
        except Exception:  # noqa: BLE001 - a broken check never unlocks, never shows a traceback
            ok = None
        if not ok:
            factor = min(self.failures + 1, MAX_DELAY_FACTOR)
            time.sleep(self.wrong_delay * factor)
        try:
            self.app.call_from_thread(self._checked, ok)
        except RuntimeError:  # the app is closing
            pass

    def _checked(self, ok: bool | None) -> None:
        self._busy = False
        if ok:
            self.failures = 0
            self.dismiss(None)
            return
        self.failures += 1
        if self.kind == "pin" and self.failures >= MAX_ATTEMPTS:
            self._say(t("lock.blocked"))
        else:
            self._say(self._t("lock.failed") if ok is None else self._t("lock.wrong"))
        self.query_one("#lock-pin", Input).focus()

    def _t(self, key: str) -> str:
        return t(f"{key}.passphrase") if self.kind == "passphrase" else t(key)

    def _say(self, message: str, *, error: bool = True) -> None:
        box = self.query_one("#lock-message", Static)
        box.update(message)
        box.set_class(not error, "audit-info")
        box.display = bool(message)


class SetPinScreen(SecretDialog):
    """Choose the lock PIN (twice, min `MIN_LENGTH`). `cancellable=False` at a forced first start."""

    def __init__(self, *, cancellable: bool = True, min_length: int = MIN_LENGTH) -> None:
        super().__init__(
            texts={
                "title": "setpin.title",
                "explain": "setpin.explain",
                "first": "setpin.pin",
                "again": "setpin.again",
                "short": "setpin.short",
                "mismatch": "setpin.mismatch",
                "empty": "setpin.short",
                "keys": "setpin.keys" if cancellable else "setpin.keys.required",
                "checking": "lock.checking",
                "wrong": "lock.wrong",
            },
            twice=True,
            min_length=min_length,
            cancellable=cancellable,
        )

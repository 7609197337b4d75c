"""Masked secret dialogs: the cache/journal passphrase (and, via `SecretDialog`, the lock PIN).

`PassphraseScreen(new=True)` asks twice and wants at least `MIN_PASSPHRASE` characters;
`new=False` asks once (anything non-empty). It returns the passphrase, or None on Escape.
With `check` (e.g. "does this passphrase unwrap the data key?", a slow KDF) the dialog runs
it in a thread worker and dismisses only on success; a wrong passphrase is said in place.

Secrets live only in the Input widgets and the dismiss value; they are never logged, never
put in a message that could be shown elsewhere, and the fields are cleared after a refusal.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sjtui.i18n import t
from sjtui.ui.widgets.calm import CalmInput

MIN_PASSPHRASE = 8
MAX_BACKOFF = 30.0


class SecretDialog(ModalScreen[str | None]):
    """Ask for a secret once or twice (masked), with a minimum length; Escape cancels.

    `texts` maps the roles title, explain, first, again, short, mismatch, empty, keys,
    checking, wrong to text keys of `sjtui.i18n`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False, id="secret.cancel")]

    def __init__(
        self,
        *,
        texts: dict[str, str],
        twice: bool,
        min_length: int,
        cancellable: bool = True,
        check: Callable[[str], bool] | None = None,
        wrong_delay: float = 1.0,
    ) -> None:
        """`wrong_delay`: after a refused `check`, the next try waits this long, doubling with
        each refusal up to `MAX_BACKOFF` seconds (guessing is slow; nobody is thrown out)."""
        super().__init__()
        self.texts = texts
        self.wrong_delay = wrong_delay
        self._wrong = 0
        self.twice = twice
        self.min_length = min_length
        self.cancellable = cancellable
        self._check = check
        self._busy = False

    def _text(self, name: str, **kw: object) -> str:
        return t(self.texts[name], n=self.min_length, **kw)

    def compose(self) -> ComposeResult:
        with Vertical(classes="audit-dialog secret-box"):
            yield Static(self._text("title"), classes="audit-dialog-title")
            yield Static(self._text("explain"), classes="audit-explain")
            yield Static(self._text("first"), classes="audit-label")
            yield CalmInput(password=True, id="secret-first")
            if self.twice:
                yield Static(self._text("again"), classes="audit-label")
                yield CalmInput(password=True, id="secret-again")
            yield Static("", id="secret-error", classes="audit-error", markup=False)
            yield Static(self._text("keys"), classes="audit-hint")

    def on_mount(self) -> None:
        self._error("")
        self.query_one("#secret-first", Input).focus()

    @on(Input.Submitted, "#secret-first")
    def _first_entered(self) -> None:
        if self._busy:
            return
        value = self.query_one("#secret-first", Input).value
        if not value:
            self._refuse(self._text("empty"))
            return
        if len(value) < self.min_length:
            self._refuse(self._text("short"))
            return
        self._error("")
        if self.twice:
            self.query_one("#secret-again", Input).focus()
        else:
            self._accept(value)

    @on(Input.Submitted, "#secret-again")
    def _again_entered(self) -> None:
        if self._busy:
            return
        first = self.query_one("#secret-first", Input).value
        again = self.query_one("#secret-again", Input).value
        if len(first) < self.min_length:
            self._refuse(self._text("short"))
        elif first != again:
            self._refuse(self._text("mismatch"))
        else:
            self._accept(first)

    def _accept(self, value: str) -> None:
        if self._check is None:
            self.dismiss(value)
            return
        self._busy = True
        self._error(self._text("checking"), error=False)
        self._run_check(value)

    @work(thread=True, exclusive=True, group="secret-check", exit_on_error=False)
    def _run_check(self, value: str) -> None:
        assert self._check is not None  # noqa: S101 - narrows the type: only started with a check
        try:
            ok = bool(self._check(value))
        except Exception:  # noqa: BLE001 - a failing check is a refusal, never a traceback
            ok = False
        if not ok:  # back off before the next try can be made (the input stays busy)
            time.sleep(min(self.wrong_delay * 2**self._wrong, MAX_BACKOFF))
        try:
            self.app.call_from_thread(self._checked, value, ok)
        except RuntimeError:  # the app is closing
            pass

    def _checked(self, value: str, ok: bool) -> None:
        self._busy = False
        if ok:
            self.dismiss(value)
        else:
            self._wrong += 1
            self._refuse(self._text("wrong"))

    def _refuse(self, message: str) -> None:
        """Say why in place, clear the fields (no secret lingers) and start over."""
        for field in self.query(CalmInput):
            field.value = ""
        self._error(message)
        self.query_one("#secret-first", Input).focus()

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)

    def _error(self, message: str, *, error: bool = True) -> None:
        box = self.query_one("#secret-error", Static)
        box.update(message)
        box.set_class(not error, "audit-info")
        box.display = bool(message)


class PassphraseScreen(SecretDialog):
    """The passphrase that wraps the data key. `new`: choose one (twice, min 8 characters)."""

    def __init__(
        self,
        new: bool,
        *,
        check: Callable[[str], bool] | None = None,
        cancellable: bool = True,
        min_length: int = MIN_PASSPHRASE,
        wrong_delay: float = 1.0,
    ) -> None:
        self.new = new
        texts = {
            "title": "pass.title.new" if new else "pass.title",
            "explain": "pass.explain.new" if new else "pass.explain",
            "first": "pass.phrase.new" if new else "pass.phrase",
            "again": "pass.again",
            "short": "pass.short",
            "mismatch": "pass.mismatch",
            "empty": "pass.empty",
            "keys": "pass.keys",
            "checking": "pass.checking",
            "wrong": "pass.wrong",
        }
        super().__init__(
            texts=texts,
            twice=new,
            min_length=min_length if new else 1,
            cancellable=cancellable,
            check=check,
            wrong_delay=wrong_delay,
        )


async def ask_passphrase(app: App[object], new: bool, check: Callable[[str], bool] | None) -> str | None:
    """Show `PassphraseScreen` over whatever is on screen and wait for its answer (None:
    cancelled). For a key unlock that runs in a thread: `app.call_from_thread(ask_passphrase,
    app, new, check)`. The passphrase is asked inside the app, in its language; the terminal
    stays in the app's hands, so no key typed ahead ever reaches the shell."""
    answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()

    def done(value: str | None) -> None:
        if not answer.done():
            answer.set_result(value)

    app.push_screen(PassphraseScreen(new, check=check), done)
    return await answer

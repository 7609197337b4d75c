"""The sign-in screen (device flow): the verification address, the short code and, where the
terminal has room, a QR code of the address with the code filled in.

Shown when no valid token is held and when the server said 401 mid-work (`again=True`): it is
a modal on top, so the screen below (a search, an open record) stays as it was. Dismisses
with True once signed in, False when cancelled (Escape). Enter after an error starts again.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from sjtui.auth.models import AuthError, DeviceFlowError
from sjtui.auth.session import AuthSession
from sjtui.i18n import t


class SignInScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", show=False, id="signin.cancel"),
        Binding("enter", "retry", "New code", show=False, id="signin.retry"),
    ]

    def __init__(self, session: AuthSession, *, again: bool = False) -> None:
        super().__init__()
        self.session = session
        self.again = again
        self._running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="signin-box"):
            yield Static(t("signin.title"), classes="audit-dialog-title", markup=False)
            yield Static(t("signin.again") if self.again else t("signin.intro"), markup=False)
            yield Static("", id="signin-url", markup=False)
            yield Static("", id="signin-code", markup=False)
            yield Static("", id="signin-qr", markup=False)
            yield Static(t("signin.starting"), id="signin-status", markup=False)
            yield Static(t("signin.keys"), classes="audit-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#signin-qr", Static).display = False
        self._start()

    def _start(self) -> None:
        self._running = True
        self._status(t("signin.starting"))
        self._flow()

    @work(exclusive=True, group="signin", exit_on_error=False)
    async def _flow(self) -> None:
        try:
            code = await self.session.begin_device()
            self.query_one("#signin-url", Static).update(f"{t('signin.url')}: {code.verification_uri}")
            self.query_one("#signin-code", Static).update(f"{t('signin.code')}: {code.user_code}")
            self._show_qr(code.verification_uri_complete)
            self._status(t("signin.waiting"))
            identity = await self.session.complete_device(code)
        except DeviceFlowError as err:
            self._running = False
            self._status(t("signin.denied") if err.code == "access_denied" else t("signin.expired"))
            return
        except AuthError as err:
            self._running = False
            self._status(t("signin.failed", reason=err.message))
            return
        self._running = False
        self._status(t("signin.done", name=identity.name))
        self.dismiss(True)

    def _show_qr(self, uri: str | None) -> None:
        box = self.query_one("#signin-qr", Static)
        if not uri:
            box.display = False
            return
        from sjtui.auth.qr import fits, qr_lines

        lines = qr_lines(uri)
        room = fits(lines, self.app.size.width - 8, self.app.size.height - 12)
        box.update("\n".join(lines) if room else "")
        box.display = room

    def _status(self, text: str) -> None:
        self.query_one("#signin-status", Static).update(text)

    def action_retry(self) -> None:
        if not self._running:
            self._start()

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "signin")
        self.dismiss(False)

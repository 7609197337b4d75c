"""The app's side of signing in: shows the sign-in screen at start when no valid token is
held, and whenever the session asks (a 401 the refresh token could not mend); takes the
clinician identity from the token, so the config cannot override it; and tells the status
bar who is signed in.

One sign-in screen at a time: requests that meet a 401 together all wait for the same one.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from sjtui.access.grant import Clinician
from sjtui.i18n import t

if TYPE_CHECKING:
    from sjtui.auth.session import AuthSession
    from sjtui.ui.app import SjtuiApp


class SignInFlow:
    def __init__(self, app: SjtuiApp) -> None:
        self.app = app
        self.session: AuthSession | None = None
        self._pending: asyncio.Future[bool] | None = None
        self._was_signed_in = False

    def attach(self, session: AuthSession | None) -> None:
        if session is None:
            return
        self.session = session
        if session.mode in ("backend", "static"):  # whoever the config names: asserted, not proven
            self.app.clinician = dataclasses.replace(self.app.clinician, assurance="workstation")
        session.sign_in_handler = self._ask_again
        session.listeners.append(self._identity_changed)
        self._identity_changed()
        if session.identity is None and session.mode == "device":
            self.app.run_worker(self.ask(again=False), group="signin-start", exit_on_error=False)

    def label(self) -> str | None:
        """Who is signed in, for the status bar (None: sign-in is off)."""
        if self.session is None:
            return None
        identity = self.session.identity
        if identity is None:
            return t("status.user.none")
        return t("status.user" if identity.proven else "status.user.asserted", name=identity.name)

    async def _ask_again(self) -> bool:
        """The session's handler (a 401 no refresh could mend): "sign in again" if signed in
        before in this run, else the plain sign-in."""
        return await self.ask(again=self._was_signed_in)

    async def ask(self, again: bool = True) -> bool:
        """Show the sign-in screen (once, however many requests wait); True once signed in."""
        if self._pending is not None:
            return await asyncio.shield(self._pending)
        assert self.session is not None  # noqa: S101 - narrows the type (checked by the caller)
        from sjtui.ui.screens.signin import SignInScreen

        pending: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._pending = pending

        def done(signed_in: bool | None) -> None:
            if not pending.done():
                pending.set_result(bool(signed_in))

        self.app.push_screen(SignInScreen(self.session, again=again), done)
        try:
            signed_in = await pending
        finally:
            self._pending = None
        if not signed_in:
            self.app.notify(t("signin.cancelled"), severity="warning", timeout=6)
        return signed_in

    def _identity_changed(self) -> None:
        session = self.session
        identity = session.identity if session is not None else None
        if identity is not None:
            self._was_signed_in = True
            # The token's identity, not the config's: the audit names who proved who they are.
            self.app.clinician = Clinician(
                user_id=identity.user_id,
                name=identity.name,
                organisation=identity.organisation_label(),
                workstation=self.app.clinician.workstation,
                assurance=identity.assurance,
            )
        services = getattr(self.app, "services", None)
        if services is not None and hasattr(services, "service"):
            # The review's role check and the look-ups' audit entries follow the token too.
            services.identity = identity
            services.service.clinician = self.app.clinician
        self.app.refresh_status()

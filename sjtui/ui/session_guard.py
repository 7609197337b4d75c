"""What guards a clinician's session: the idle lock, break-the-glass, audit delivery.

- Idle lock: after `idle_lock_minutes` without a key press the record is closed (its data
  leaves the widgets and the service) and an opaque lock screen asks for the PIN (or, in
  passphrase mode, the cache passphrase). After unlocking, the same opening is shown again.
- Break-the-glass (F6): a second explicit step with its own reason, audited apart by the
  service; the record is then reopened with the extended grant (this opening only).
- Audit delivery: pending audit events are sent in the background every 30 s, so openings
  made offline reach the backend when the link returns. Nothing repaints unless it changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sjtui.access.grant import Grant
from sjtui.i18n import t
from sjtui.record.errors import ServiceError

# The lock, PIN and break-the-glass screens are imported when first shown, not before the
# first frame (cold start, issue 6).
if TYPE_CHECKING:
    from sjtui.record.entries import CitizenSummary
    from sjtui.ui.app import SjtuiApp
    from sjtui.ui.screens.record import RecordScreen


@dataclass(frozen=True, slots=True)
class GuardTimers:
    """How often the guard's timers fire (seconds). Tests shorten them to see the timers work."""

    idle_check: float = 15.0
    audit_delivery: float = 30.0
    cache_purge: float = 15 * 60.0


class SessionGuard:
    def __init__(
        self,
        app: SjtuiApp,
        *,
        idle_seconds: float,
        verify: Callable[[str], bool] | None,
        set_pin: Callable[[str], None] | None = None,
        needs_pin: bool = False,
        timers: GuardTimers | None = None,
    ) -> None:
        self._app = app
        self.timers = timers or GuardTimers()  # read by `start`: set before the app runs
        self._idle_seconds = idle_seconds
        self._verify = verify
        self._set_pin = set_pin
        self._needs_pin = needs_pin
        self._last_activity = time.monotonic()
        self._locked = False
        self._resume: tuple[CitizenSummary, Grant] | None = None

    # --- start --------------------------------------------------------------------------------
    def start(self) -> None:
        app = self._app
        if self.lock_enabled:
            app.set_interval(self.timers.idle_check, self.check_idle)
        app.set_interval(self.timers.audit_delivery, self.deliver_audit)
        app.set_interval(self.timers.cache_purge, self.purge_expired_cache)
        if self._needs_pin and self._set_pin is not None:
            self._ask_for_pin()

    def configure(
        self, *, verify: Callable[[str], bool] | None, set_pin: Callable[[str], None] | None, needs_pin: bool
    ) -> None:
        """The lock's secret, once the services are built (after the first frame)."""
        had_lock = self.lock_enabled
        self._verify, self._set_pin, self._needs_pin = verify, set_pin, needs_pin
        if self.lock_enabled and not had_lock:
            self._app.set_interval(self.timers.idle_check, self.check_idle)
        if needs_pin and set_pin is not None:
            self._ask_for_pin()

    @property
    def lock_enabled(self) -> bool:
        return self._idle_seconds > 0 and self._verify is not None

    @property
    def locked(self) -> bool:
        return self._locked

    def _ask_for_pin(self) -> None:
        from sjtui.ui.screens.lock import SetPinScreen

        self._app.push_screen(SetPinScreen(cancellable=False), self._pin_chosen)

    def _pin_chosen(self, pin: str | None) -> None:
        if pin and self._set_pin is not None:
            self._app.run_worker(lambda: self._set_pin(pin), thread=True, group="lock")

    # --- idle lock ------------------------------------------------------------------------------
    def touch(self) -> None:
        self._last_activity = time.monotonic()

    def check_idle(self) -> None:
        if self._locked or not self.lock_enabled:
            return
        if time.monotonic() - self._last_activity >= self._idle_seconds:
            self.lock()

    def lock(self) -> None:
        """Close the record (drop its data), then cover everything with the lock screen."""
        if self._locked or self._verify is None:
            return
        app = self._app
        screen = app.record_screen()
        self._resume = (screen.citizen, screen.grant) if screen is not None else None
        app.switch_citizen()
        self._locked = True
        from sjtui.ui.screens.lock import LockScreen

        kind = getattr(getattr(app, "services", None), "lock_kind", "pin")
        app.push_screen(LockScreen(self._verify, kind=kind), self._unlocked)

    def _unlocked(self, _result: object = None) -> None:
        self._locked = False
        self.touch()
        resume, self._resume = self._resume, None
        if resume is not None:
            from sjtui.ui.screens.record import RecordScreen

            self._app.push_screen(RecordScreen(*resume))

    # --- break-the-glass --------------------------------------------------------------------
    def start_break_glass(self, screen: RecordScreen) -> None:
        from sjtui.record.overview import build_overview  # with the record screen, not at start
        from sjtui.ui.screens.break_glass import BreakGlassScreen

        overview = build_overview(screen.record, today=self._app.today()) if screen.record else None
        hidden = overview.hidden_count if overview is not None else None
        complete = overview.hidden_complete if overview is not None else True

        def confirmed(reason: str | None) -> None:
            if reason:
                self._app.run_worker(self._break_glass(screen, reason), group="break-glass", exclusive=True)

        self._app.push_screen(BreakGlassScreen(screen.citizen.name, hidden, hidden_complete=complete), confirmed)

    async def _break_glass(self, screen: RecordScreen, reason: str) -> None:
        try:
            grant = await self._app.service.break_glass(screen.grant, reason)
        except ServiceError as exc:
            self._app.report_error(exc)
            return
        screen.reopen(grant)

    # --- cache retention ---------------------------------------------------------------------
    def purge_expired_cache(self) -> None:
        """Expired cached records go on a timer too, not only at start (a day-long session)."""
        cache = getattr(getattr(self._app, "services", None), "cache", None)
        purge = getattr(cache, "purge_expired", None)
        if purge is not None:
            self._app.run_worker(purge, thread=True, group="cache-purge", exclusive=True, exit_on_error=False)

    # --- audit delivery ---------------------------------------------------------------------
    def deliver_audit(self) -> None:
        status = self._app.service_status()
        if status is None or status.pending_audit == 0:
            return
        deliver = getattr(self._app.service, "deliver_audit", None)
        if deliver is None:
            return

        was_online = status.online

        async def run() -> None:
            await deliver()
            self._app.refresh_status()
            now = self._app.service_status()
            if not was_online and now is not None and now.online:
                self._app.notify(t("status.back_online"), timeout=4)

        self._app.run_worker(run(), group="audit-delivery", exclusive=True, exit_on_error=False)

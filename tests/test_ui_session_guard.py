"""The session guard wired into the app over the real demo stack: idle lock hides and drops
the record, break-the-glass reveals private-marked items (audited apart), audit delivery,
the audit review command."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input

from sjtui.access.grant import Clinician
from sjtui.audit import AuditEntry
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.ui.app import SjtuiApp
from sjtui.ui.screens.audit_review import AuditReviewScreen
from sjtui.ui.screens.break_glass import BreakGlassScreen
from sjtui.ui.screens.lock import LockScreen
from sjtui.ui.screens.record import RecordScreen
from sjtui.ui.session_guard import GuardTimers

from ui_fakes import TODAY, open_poul, screen_text, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


def make(settings: Settings | None = None, timers: GuardTimers | None = None):
    settings = settings or Settings()
    services = build_services(settings, UnlockedKey.ephemeral())
    services.lock_verify = lambda pin: pin == "2468"
    app = SjtuiApp(
        service=services.service, settings=settings, clinician=Clinician("n1", "Nurse"), today=TODAY, services=services
    )
    if timers is not None:
        app.guard.timers = timers  # the guard starts its timers when the app mounts
    return app, services


async def test_lock_hides_and_drops_the_record_then_the_pin_brings_it_back() -> None:
    app, _services = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        assert "Poul Erik Madsen" in screen_text(app)
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))
        assert app.record_screen() is None  # the record's widgets are gone, not just covered
        assert "Poul" not in screen_text(app) and "120354" not in screen_text(app)
        await pilot.press("2")  # tab keys do nothing while locked
        assert isinstance(app.screen, LockScreen)

        app.screen.query_one("#lock-pin", Input).value = "0000"
        await pilot.press("enter")
        await pilot.pause(1.5)  # a wrong PIN costs a delay
        assert isinstance(app.screen, LockScreen)
        app.screen.query_one("#lock-pin", Input).value = "2468"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.record is not None)
        assert "Poul Erik Madsen" in screen_text(app)


async def test_idle_time_locks_the_screen_through_the_idle_timer() -> None:
    app, _ = make(Settings(idle_lock_minutes=1), GuardTimers(idle_check=0.05))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.pause(0.2)  # the idle timer ran a few times: a recent key press, no lock
        assert isinstance(app.screen, RecordScreen)
        app.guard._last_activity -= 61  # the last key press, a minute ago (no waiting in tests)
        await wait_for(pilot, lambda: isinstance(app.screen, LockScreen))  # the timer noticed
        assert app.record_screen() is None


async def test_break_the_glass_reveals_private_items_and_is_audited() -> None:
    app, services = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, query="1405863457", reason="Abstinenser, akut besøg")
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        await wait_for(pilot, lambda: screen.record is not None and screen.record.notes.loaded)
        assert screen.record.notes.hidden > 0
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, BreakGlassScreen))
        dialog = app.screen
        dialog.query_one("#bg-reason", Input).value = "Akut forgiftning, psykiatrisk medicin"
        await pilot.press("enter")
        dialog.query_one("#bg-confirm", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, RecordScreen)
                and app.screen.record is not None
                and app.screen.record.notes.hidden == 0
                and any(n.private for n in app.screen.record.notes.items)
            ),
        )
        kinds = [e.kind for e in services.journal.entries()]
        assert "break-glass" in kinds


async def test_pending_audit_events_are_delivered_by_the_delivery_timer() -> None:
    app, services = make(timers=GuardTimers(audit_delivery=0.05))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: services.outbox.pending_count() == 0)
        # An entry that nothing delivers on its own (as one written while offline): the timer must.
        services.journal.append(AuditEntry.pane_view(app.screen.grant, "labs"))
        assert services.outbox.pending_count() == 1
        await wait_for(pilot, lambda: services.outbox.pending_count() == 0)


async def test_audit_review_opens_from_its_key() -> None:
    app, _ = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditReviewScreen))


def test_crash_output_has_no_traceback_and_no_local_variables() -> None:
    app, _ = make()
    secret = "Poul Erik Madsen 1203541237"
    try:
        raise KeyError(secret)
    except KeyError as exc:
        app._exception = exc
        app._fatal_error()
    rendered = " ".join(str(r) for r in app._exit_renderables)
    assert "KeyError" in rendered
    assert "Poul" not in rendered and "1203541237" not in rendered and "Traceback" not in rendered


async def test_expired_cached_records_are_purged_by_the_purge_timer() -> None:
    app, services = make(timers=GuardTimers(cache_purge=0.05))
    purged: list[bool] = []
    services.cache.purge_expired = lambda *a, **k: purged.append(True) or 0
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(purged) >= 2)  # again and again, not only at start

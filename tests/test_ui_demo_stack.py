"""The UI over the real stack: RecordService on the embedded demo backend, Poul's fixtures."""

from __future__ import annotations

import pytest

from sjtui.ui.screens.record import RecordScreen

from thin_screens import demo_app
from ui_fakes import open_poul, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


async def test_open_poul_on_the_demo_backend() -> None:
    app = demo_app(deliver_audit=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        await wait_for(pilot, lambda: screen.record is not None and screen.record.labs.loaded, tries=100)
        text = screen_text(app)
        assert "Poul Erik Madsen" in text and "120354-1237" in text and "72 år" in text
        assert "CAVE:" in text and "Laboratoriesvar" in text and "Data pr." in text
        await pilot.press("2")
        await pilot.pause()
        await settle_active_pane(pilot)
        assert "Epikrise" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Poul" not in screen_text(app)


async def test_damaged_audit_journal_keeps_the_record_closed_and_says_what_to_do() -> None:
    from sjtui import locations
    from sjtui.ui.screens.search import SearchScreen

    app = demo_app(deliver_audit=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("f2")  # back to the search; the journal now holds this opening
        (locations.data_dir() / "audit" / "head.json").unlink()  # damage: the head is gone
        await pilot.pause()
        # the look-up itself cannot be journalled now: no hits, no consent window, no record
        app.screen.query_one("#search-input").value = "1203541237"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.last_error is not None)
        await pilot.pause()
        title, detail = app.last_error
        assert title.startswith("Loggen over opslag er beskadiget") and "sjtui audit repair" in detail
        assert isinstance(app.screen, SearchScreen)  # fail closed: no record screen
        assert "Poul" not in screen_text(app)


async def test_status_bar_says_the_audit_was_delivered_without_waiting_for_its_poll(monkeypatch) -> None:
    from sjtui.ui.widgets import status_bar

    monkeypatch.setattr(status_bar, "POLL_SECONDS", 3600.0)  # only events update the bar now
    app = demo_app(deliver_audit=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        service = app.services.service
        await wait_for(pilot, lambda: service.status().pending_audit == 0, tries=200)
        await pilot.pause()
        text = screen_text(app)
        assert "Log: afleveret" in text and "afventer" not in text

"""Break-the-glass stays visible and is counted once (issue 12): revealed items are marked in
words while the record is open, the banner names the reason; one break-the-glass is one row
in the review, the CSV and the citizen's access log, which shows its reason, in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Checkbox, Input

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit.events import to_audit_event
from sjtui.audit.export import lookups, render
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.record.mapping import build_record
from sjtui.ui.app import SjtuiApp
from sjtui.ui.panes.access_log import purpose_words
from sjtui.ui.screens.break_glass import BreakGlassScreen
from sjtui.ui.screens.record import RecordScreen

from ui_fakes import TODAY, open_poul, screen_text, wait_for

BTG_REASON = "Akut forgiftning, psykiatrisk medicin"
NURSE = Clinician("n1", "Nurse", "Vejen Kommune", "ws1")


def make():
    settings = Settings()
    services = build_services(settings, UnlockedKey.ephemeral(), clinician=NURSE)
    app = SjtuiApp(service=services.service, settings=settings, clinician=NURSE, today=TODAY, services=services)
    return app, services


async def _break_glass(pilot, app) -> RecordScreen:
    await open_poul(pilot, query="1405863457", reason="Abstinenser, akut besøg")
    screen = app.screen
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(app.screen, BreakGlassScreen))
    dialog = app.screen
    dialog.query_one("#bg-reason", Input).value = BTG_REASON
    await pilot.press("enter")
    dialog.query_one("#bg-confirm", Checkbox).value = True
    await pilot.press("ctrl+s")
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, RecordScreen)
            and app.screen.record is not None
            and app.screen.record.notes.hidden == 0
            and app.screen.record.notes.loaded
        ),
    )
    return screen


@pytest.mark.usefixtures("ui_home")
async def test_revealed_items_are_marked_in_words_and_the_banner_names_the_reason() -> None:
    app, _services = make()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _break_glass(pilot, app)
        await pilot.press("2")  # the notes tab
        await wait_for(pilot, lambda: "[Værdispring]" in screen_text(app))
        text = screen_text(app)
        assert "Værdispring er aktivt" in text and "Akut forgiftning" in text
        private = [n for n in screen.record.notes.items if n.private]
        shown = [n for n in screen.record.notes.items if not n.private]
        assert private and shown
        assert text.count("[Værdispring]") == len(private)  # the revealed ones, and only those


@pytest.mark.usefixtures("ui_home")
async def test_one_break_the_glass_is_one_row_in_the_review_the_csv_and_the_access_log() -> None:
    app, services = make()
    async with app.run_test(size=(160, 45)) as pilot:
        await _break_glass(pilot, app)
        await pilot.press("3")
        await pilot.pause(0.3)
    entries = list(services.journal.entries())
    assert [e.kind for e in entries].count("break-glass") == 1
    assert [e.kind for e in entries].count("open") == 1  # shown again after the BTG: not a new opening
    start = datetime(2000, 1, 1, tzinfo=UTC)
    end = datetime(2100, 1, 1, tzinfo=UTC)
    rows = lookups(services.journal, start, end)
    assert len(rows) == 1
    assert rows[0].break_glass and rows[0].break_glass_reason == BTG_REASON and rows[0].private_revealed
    assert len(render(rows, "csv").strip().splitlines()) == 2  # header + one row

    # The citizen's access log, from the AuditEvents the server got for this record.
    events = [to_audit_event(e) for e in entries if e.patient_id == "mikkel"]
    record = build_record(events, patient_id="mikkel", reveal_private=False)
    log = record.access_log.items
    # the look-up, the opening (with its pane views) and the break-the-glass: one row each
    assert sorted(e.kind for e in log) == ["break-glass", "open", "search"]
    btg = next(e for e in log if e.kind == "break-glass")
    opening = next(e for e in log if e.kind == "open")
    assert btg.reason == BTG_REASON and purpose_words(btg) == "Værdispring"
    assert opening.reason == "Abstinenser, akut besøg" and purpose_words(opening) == "Behandling"


def test_access_log_words_in_english_and_unknown_codes_as_given() -> None:
    from sjtui.i18n import set_language

    grant = make_grant(
        patient_id="p1", cpr="1203541237", basis=Basis.CONSENT, reason="hjemmebesøg", clinician=NURSE
    ).with_break_glass("akut, skal kende medicin")
    from sjtui.audit.entry import AuditEntry

    record = build_record([to_audit_event(AuditEntry.break_glass(grant))], patient_id="p1", reveal_private=False)
    (item,) = record.access_log.items
    set_language("en")
    try:
        assert purpose_words(item) == "Break-the-glass"
    finally:
        set_language("da")
    from dataclasses import replace

    assert purpose_words(replace(item, purpose="XYZ")) == "XYZ"

"""Bad values in the panes: shown marked "tjek kilden" or summarised, never as if fine."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sjtui.record.entries import ReferenceRange
from sjtui.record.model import PaneData

from ui_fakes import FakeService, make_app, open_poul, poul_record, screen_text, settle_active_pane, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


def _bad_record():
    record = poul_record()
    kalium, gas, micro = record.labs.items
    labs = (
        replace(kalium, value="1" + "0" * 308, numeric=1e308, reference=ReferenceRange(10, 2, "")),
        replace(gas, date=datetime(2999, 1, 1, 8, 0, tzinfo=UTC)),
        micro,
    )
    home = (
        replace(
            record.home.items[0],
            value="117.5398268/78.29818281",
            numeric=117.5398268,
            unit="mm[Hg]",
            name="Blodtryk",
            code="85354-9",
        ),
    )
    appointment = replace(record.appointments.items[0], end=datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    medication = (replace(record.medication.items[0], dosage="1 tablet morgen " * 320), *record.medication.items[1:])
    notes = (replace(record.notes.items[0], content_type="application/pdf"), *record.notes.items[1:])
    return replace(
        record,
        labs=replace(record.labs, items=labs),
        home=PaneData(home, loaded=True),
        appointments=replace(record.appointments, items=(appointment, *record.appointments.items[1:])),
        medication=replace(record.medication, items=medication),
        notes=replace(record.notes, items=notes),
    )


async def _tab(pilot, key: str) -> str:
    await pilot.press(key)
    await pilot.pause()
    await settle_active_pane(pilot)
    return screen_text(pilot.app)


async def test_bad_values_are_marked_in_every_pane() -> None:
    service = FakeService({"poul": _bad_record()})
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        labs = await _tab(pilot, "3")
        assert "0" * 20 not in labs  # no 309-digit number
        assert "1e+308 tjek kilden" in labs
        assert "10–2 tjek kilden" in labs
        assert "01.01.2999 09:00 tjek kilden" in labs
        home = await _tab(pilot, "7")
        assert "118/78" in home and "mmHg" in home and "mm[Hg]" not in home and "117.5" not in home
        appointments = await _tab(pilot, "8")
        assert "11:00–10:00" not in appointments
        assert "før start" in appointments
        await _tab(pilot, "5")
        from sjtui.ui.widgets.entry_list import EntryList

        entries = app.screen.query_one("#pane-medication").query_one(EntryList)
        dosage = entries._last_rows[[r.key for r in entries._last_rows].index("MedicationStatement/m1")].cells[2]
        assert len(dosage.plain) < 260 and dosage.plain.endswith("tegn; se kilden)")
        notes = await _tab(pilot, "2")
        await wait_for_text(pilot, "ikke tekst (application/pdf)")
        assert ("body", "DocumentReference/n2") not in service.calls  # a PDF is not fetched to be shown as text
        assert notes

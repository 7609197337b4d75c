"""The medication card on screen (issue #13): the highlighted drug in full under the list with
its last change and course, its change history with Enter, the course filter, at 80x24 and
120x40 in Danish and English; "no changes" only when known; server text shown literally."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from sjtui.record.entries import MedicationEntry
from sjtui.record.model import Gap
from sjtui.ui.widgets.entry_list import EntryList
from sjtui.ui.widgets.medication_history import MedicationHistoryScreen

from thin_screens import demo_app
from ui_fakes import FakeService, make_app, open_poul, poul_record, settle_active_pane, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")
NOW = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
LONGEST = 'Calcium + D-vitamin "Orifarm" 400 mg/19 mikrog'
MORFIN = 'Morfin "Alternova" depottabletter 5 mg'
HOSTILE = "[bold red]Seponeret[/] \x1b[31mrød\x1b]0;titel\x07 [link=http://x]klik[/link]"


async def medication_tab(pilot) -> None:
    await open_poul(pilot)
    await wait_for(pilot, lambda: pilot.app.screen.record.medication.loaded and pilot.app.screen.record.courses.loaded)
    await pilot.press("5")
    await pilot.pause()
    await settle_active_pane(pilot)


async def highlight(pilot, name: str) -> None:
    """Move the list's cursor to the drug called `name` with the arrow keys."""
    entries = pilot.app.screen.query_one("#pane-medication EntryList", EntryList)
    entries.focus()
    record = pilot.app.screen.record
    key = next(m.resource_key for m in record.medication.items if m.name == name)
    target = entries.get_row_index(key)
    for _ in range(40):
        if entries.current_key() == key:
            break
        await pilot.press("down" if entries.cursor_row < target else "up")
    assert entries.current_key() == key
    await settle_active_pane(pilot)


@SIZES
@pytest.mark.parametrize("lang", ["da", "en"])
async def test_the_longest_drug_name_is_readable_in_full_with_its_last_change(lang: str, size: tuple[int, int]) -> None:
    app = demo_app(lang)
    async with app.run_test(size=size) as pilot:
        await medication_tab(pilot)
        await highlight(pilot, LONGEST)
        text = await wait_for_text(pilot, LONGEST)
        assert ("Ingen ændringer registreret" if lang == "da" else "No changes recorded") in text
        await highlight(pilot, 'Alendronat "Teva" 70 mg')
        resumed = "Seneste ændring: genoptaget 01.07.2025" if lang == "da" else "Last change: resumed 2025-07-01"
        await wait_for_text(pilot, resumed)


@SIZES
@pytest.mark.parametrize("lang", ["da", "en"])
async def test_enter_on_a_drug_shows_its_change_history_newest_first(lang: str, size: tuple[int, int]) -> None:
    app = demo_app(lang)
    async with app.run_test(size=size) as pilot:
        await medication_tab(pilot)
        await highlight(pilot, MORFIN)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MedicationHistoryScreen))
        await pilot.pause()
        changed, started = ("ændret", "startet") if lang == "da" else ("changed", "started")
        text = await wait_for_text(
            pilot,
            MORFIN,
            "1 tablet om aftenen →",  # the dose before and after (the line may wrap)
            "Dosis øget",
            "Reservelæge Sara",
        )
        assert text.index(changed) < text.index(started)  # newest first
        assert ("Forløb: Telefonkonsultation" if lang == "da" else "Course: Telefonkonsultation") in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MedicationHistoryScreen))


async def test_a_paused_drug_tells_when_by_whom_and_why() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await medication_tab(pilot)
        await highlight(pilot, 'Prednisolon "DAK" tabletter 5 mg')
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MedicationHistoryScreen))
        await wait_for_text(
            pilot,
            "05.10.2026  pauseret",
            "Reservelæge Sara Lindkvist",
            "Årsag: Usikker effekt",
            "01.12.2025  startet",
        )


@SIZES
async def test_the_medication_list_filters_by_the_admission_it_was_ordered_in(size: tuple[int, int]) -> None:
    from textual.widgets import Select

    app = demo_app()
    async with app.run_test(size=size) as pilot:
        await medication_tab(pilot)
        chooser = app.screen.query_one("#pane-medication #f-course", Select)
        assert chooser.display
        record = app.screen.record
        admission = next(
            c for c in record.courses.items if c.kind == "inpatient" and c.date and c.date.date() == date(2026, 9, 14)
        )
        chooser.value = admission.resource_key
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(pilot, "Doxycyklin", "14.09.2026")
        assert "Spiolto" not in text and "Morfin" not in text and "Bufomix" not in text


@pytest.mark.parametrize(("lang", "needle"), [("da", "Ændringer ikke kendt"), ("en", "Changes not known")])
async def test_an_incomplete_medication_search_never_says_no_changes(lang: str, needle: str) -> None:
    record = poul_record()
    medication = replace(record.medication, gaps=(Gap("partial", "MedicationStatement", missing=4),))
    app = make_app(FakeService({"poul": replace(record, medication=medication)}), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await medication_tab(pilot)
        await highlight(pilot, "Spiolto Respimat")
        text = await wait_for_text(pilot, needle)
        assert "Ingen ændringer registreret" not in text and "No changes recorded" not in text


async def test_hostile_text_in_the_history_is_shown_literally() -> None:
    record = poul_record()
    stopped: MedicationEntry = replace(
        record.medication.items[2], fhir_status="stopped", status_reason=HOSTILE, practitioner="[b]Dr[/b]"
    )
    medication = replace(record.medication, items=(*record.medication.items[:2], stopped))
    app = make_app(FakeService({"poul": replace(record, medication=medication)}))
    async with app.run_test(size=(120, 40)) as pilot:
        await medication_tab(pilot)
        await highlight(pilot, "Atrovent")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MedicationHistoryScreen))
        text = await wait_for_text(pilot, "[bold red]Seponeret[/]", "[link=http://x]klik[/link]", "[b]Dr[/b]")
        assert "\x1b" not in text and "titel" not in text

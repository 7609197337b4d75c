"""The trend of a lab value or home measurement, opened from its row (Pilot, fixture Poul)."""

from __future__ import annotations

import pytest

from clinical_records import fixture_record, fixture_summary
from ui_fakes import FakeService, make_app, open_poul, settle_active_pane, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


def _service() -> FakeService:
    return FakeService({"poul": fixture_record("poul")}, [fixture_summary("poul")])


async def _labs_row(pilot, name: str) -> None:
    """Go to the labs tab and put the cursor on the newest row whose analysis is `name`."""
    from sjtui.ui.widgets.entry_list import EntryList

    await pilot.press("3")
    await settle_active_pane(pilot)
    entries = pilot.app.screen.query_one("#pane-labs").query_one(EntryList)
    for n in range(entries.row_count):
        cells = entries.get_row_at(n)
        if cells[2].plain.strip() == name:
            entries.move_cursor(row=n, animate=False)
            break
    else:
        raise AssertionError(f"{name} not listed")
    await pilot.pause()


async def test_t_on_fev1_shows_the_plot_with_the_fixture_values() -> None:
    app = make_app(_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await _labs_row(pilot, "FEV1")
        await pilot.press("t")
        text = await wait_for_text(pilot, "Udvikling: FEV1 (l)", "Seneste: 0,81 l", "05.10.2026 10:20")
        assert "Ændring ↓ −0,07 l siden 17.03.2025" in text
        assert "1,28" in text  # the highest, 20.04.2020, on the axis and in words
        assert "Laveste 0,81 (05.10.2026) · højeste 1,28 (20.04.2020) · 9 målinger" in text
        assert "●" in text and "18.02.2019" in text
        await pilot.press("v")  # the same values as a table, newest first
        text = await wait_for_text(pilot, "0,88", "1,02")
        assert text.index("0,81") < text.index("0,88") < text.index("1,02")
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RecordScreen")


async def test_home_spo2_plot_marks_values_below_the_threshold_in_english() -> None:
    app = make_app(_service(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot, reason="Home visit")
        await pilot.press("7")
        await settle_active_pane(pilot)
        await pilot.press("t")
        text = await wait_for_text(pilot, "Trend: Iltmætning (SpO2) (%)", "Thresholds: 88–100 %")
        assert "▼ below" in text and "▼" in text


async def test_trend_key_on_a_row_without_numbers_says_so() -> None:
    app = make_app(_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("2")  # notes: no numbers
        await settle_active_pane(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: any("ingen talværdier" in n.message for n in app._notifications))
        assert type(app.screen).__name__ == "RecordScreen"

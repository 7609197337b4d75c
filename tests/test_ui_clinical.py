"""Cumulative lab table and search in the record (Pilot, fixture records of Poul, Lars, Inge)."""

from __future__ import annotations

import pytest

from clinical_records import fixture_record, fixture_summary
from ui_fakes import FakeService, make_app, open_poul, screen_text, settle_active_pane, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


def _service(*patients: str) -> FakeService:
    names = patients or ("poul",)
    return FakeService({p: fixture_record(p) for p in names}, [fixture_summary(p) for p in names])


def _cpr(patient: str) -> str:
    return fixture_record(patient).citizen.cpr


async def test_k_on_labs_shows_the_cumulative_table_and_back() -> None:
    app = make_app(_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        await pilot.press("k")
        text = await wait_for_text(
            pilot, "Blodgas", "Lungefunktion", "Elektrolytter", "Nyrefunktion", "Infektion", "10.11.2026"
        )
        assert "6,6 H" in text and "7,8 L" in text  # pCO2 high, pO2 low: flags as text
        assert "µmol/l" in text and "137–145" in text
        from sjtui.ui.widgets.cumulative_view import CumulativeView

        view = app.screen.query_one(CumulativeView)
        assert app.focused is view
        first = view.scroll_x
        for _ in range(12):
            await pilot.press("right")
        await pilot.pause()
        assert view.scroll_x > first  # sideways by keyboard; the analysis column stays
        assert "FEV1" in screen_text(app)
        await pilot.press("k")
        await wait_for_text(pilot, "Resultat")  # the list's column again
        assert not view.display


async def test_cumulative_key_elsewhere_says_where_it_is() -> None:
    app = make_app(_service(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot, reason="Home visit")
        await pilot.press("k")
        await wait_for(pilot, lambda: any("Lab results" in n.message for n in app._notifications))


async def test_f7_finds_kalium_and_goes_to_the_row() -> None:
    app = make_app(_service())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FindScreen")
        await pilot.press(*"kalium")
        text = await wait_for_text(pilot, "17 fund", "P-Kalium 4,3 mmol/l")
        assert "Laboratoriesvar" in text
        await pilot.press("enter", "enter")  # search, then go to the first (newest) hit
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RecordScreen")
        await settle_active_pane(pilot)
        from sjtui.ui.widgets.entry_list import EntryList

        pane = app.screen.active_pane()
        assert pane.id == "pane-labs"
        assert pane.query_one(EntryList).current_key() == "Observation/poul-lab-110"


async def test_find_highlights_safely_and_folds_danish_letters() -> None:
    from sjtui.ui.screens.find import highlighted

    text = highlighted("maetning", "[bold]Iltmætning[/bold] \x1b[31m91 %")
    assert text.plain == "[bold]Iltmætning[/bold] 91 %"
    assert [(s.start, s.end) for s in text.spans] == [(9, 16)]


async def test_find_in_english_with_few_letters_and_no_hits() -> None:
    app = make_app(_service(), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, reason="Home visit")
        await pilot.press("f7")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FindScreen")
        await pilot.press("x")
        await wait_for_text(pilot, "Type at least 2 characters.")
        await pilot.press(*"yzzy")
        await wait_for_text(pilot, "No hits in the data fetched.")
        await pilot.press("escape")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RecordScreen")


async def test_lars_blood_gas_pco2_trend() -> None:
    app = make_app(_service("lars"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, query=_cpr("lars"))
        await pilot.press("3")
        await settle_active_pane(pilot)
        from sjtui.ui.widgets.entry_list import EntryList

        entries = app.screen.query_one("#pane-labs").query_one(EntryList)
        row = next(n for n in range(entries.row_count) if entries.get_row_at(n)[2].plain.strip() == "aB-pCO2")
        entries.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("t")
        text = await wait_for_text(pilot, "Udvikling: aB-pCO2 (kPa)", "Referenceinterval: 4,7–6 kPa")
        assert "▲" in text  # hypercapnia: above the band, marked without colour


async def test_inge_blood_pressure_trend_says_it_plots_the_systolic_value() -> None:
    app = make_app(_service("inge"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot, query=_cpr("inge"))
        await pilot.press("7")
        await settle_active_pane(pilot)
        from sjtui.ui.widgets.entry_list import EntryList

        entries = app.screen.query_one("#pane-home").query_one(EntryList)
        row = next(n for n in range(entries.row_count) if entries.get_row_at(n)[2].plain.startswith("Blodtryk"))
        entries.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("t")
        text = await wait_for_text(pilot, "Udvikling: Blodtryk (mmHg)", "systolisk")
        assert "mm[Hg]" not in text


async def test_home_measurements_filter_by_type() -> None:
    from sjtui.ui.widgets.entry_list import EntryList
    from sjtui.ui.widgets.filter_bar import UiFilter

    app = make_app(_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("7")
        await settle_active_pane(pilot)
        pane = app.screen.query_one("#pane-home")
        pane.filter = UiFilter(text="vaegt")  # folded: "vægt"
        pane.render_record(pane.record)
        entries = pane.query_one(EntryList)
        names = {entries.get_row_at(n)[2].plain for n in range(entries.row_count)}
        assert names == {"Vægt"}


async def test_lars_cumulative_blood_gases_of_his_admission() -> None:
    app = make_app(_service("lars"), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot, query=_cpr("lars"), reason="Home visit")
        await pilot.press("3")
        await settle_active_pane(pilot)
        await pilot.press("k")
        text = await wait_for_text(pilot, "Blood gas", "aB-pCO2", "kPa")
        assert "Analysis" in text and "Reference range" in text


async def test_inge_search_finds_blood_pressure_and_weight_with_folding() -> None:
    app = make_app(_service("inge"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, query=_cpr("inge"))
        await pilot.press("f7")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FindScreen")
        await pilot.press(*"vaegt")
        text = await wait_for_text(pilot, "Hjemmemålinger", "Vægt")
        assert "kg" in text
        app.screen.query_one("#find-input").value = "blodtryk"
        text = await wait_for_text(pilot, "mmHg")
        assert "mm[Hg]" not in text

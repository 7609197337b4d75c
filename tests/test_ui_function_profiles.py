"""Function profiles in the app: each role's tab order, digit keys in the shown order, the
help listing the tabs in that order, and default filters as removable chips (issue #13)."""

from __future__ import annotations

import pytest
from textual.widgets import TabbedContent

from sjtui.config import Settings
from sjtui.record.model import Pane
from sjtui.ui.panes.base import ListPane
from sjtui.ui.widgets.entry_list import EntryList

from thin_screens import demo_app
from ui_fakes import make_app, open_poul, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")

ORDERS = {
    None: ["overview", "notes", "labs", "imaging", "medication"],
    "acute": ["overview", "medication", "labs", "notes", "imaging"],
    "home-care": ["overview", "home", "medication", "appointments", "notes"],
    "addiction": ["overview", "medication", "notes", "appointments", "labs"],
}


async def _tab_ids(app) -> list[str]:
    tabs = app.screen.query_one(TabbedContent)
    return [pane.id for pane in tabs.query("TabPane")]


@pytest.mark.parametrize("role", list(ORDERS))
async def test_each_roles_tab_order_and_its_digit_keys(role) -> None:
    app = make_app(settings=Settings(role=role))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        order = await _tab_ids(app)
        assert order[:5] == ORDERS[role]
        assert sorted(order) == sorted(p.value for p in Pane if p not in (Pane.CAVE, Pane.REGISTRATIONS))
        tabs = app.screen.query_one(TabbedContent)
        for digit in ("2", "3", "4", "5"):
            await pilot.press(digit)
            await pilot.pause()
            assert tabs.active == order[int(digit) - 1], (role, digit)
        await pilot.press("1")
        await pilot.pause()
        assert tabs.active == "overview"


async def test_the_tab_labels_and_the_help_follow_the_shown_order() -> None:
    app = make_app(settings=Settings(role="home-care"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        bar = next(line for line in screen_text(app).splitlines() if line.lstrip().startswith("Overblik"))
        assert bar.index("Hjemmemålinger") < bar.index("Medicin") < bar.index("Aftaler") < bar.index("Journal")
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Hjemmesygepleje" in text
        lines = [line for line in text.splitlines() if "Skift til fanebladet" in line]
        assert "Overblik" in lines[0] and lines[0].strip("█│ ").startswith("1")
        assert "Hjemmemålinger" in lines[1] and lines[1].strip("█│ ").startswith("2")
        assert "Medicin" in lines[2] and lines[2].strip("█│ ").startswith("3")


async def test_tab_order_from_config_overrides_the_role() -> None:
    app = make_app(settings=Settings(role="acute", tab_order=["overview", "appointments", "basic"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        assert (await _tab_ids(app))[:4] == ["overview", "appointments", "basic", "notes"]
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "basic"


async def test_the_signed_in_role_picks_the_preset_when_the_config_says_nothing() -> None:
    class Identity:
        roles = ("clinician", "addiction")

    class Services:
        identity = Identity()

    app = make_app(settings=Settings(), services=Services())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        assert (await _tab_ids(app))[:3] == ["overview", "medication", "notes"]
    app = make_app(settings=Settings(role="home-care"), services=Services())  # config wins
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        assert (await _tab_ids(app))[:2] == ["overview", "home"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_default_filter_is_a_chip_and_removing_it_shows_everything(size) -> None:
    app = demo_app(settings=Settings(role="home-care"))
    async with app.run_test(size=size) as pilot:
        await open_poul(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: screen.record is not None and screen.record.home.loaded, tries=200)
        await pilot.press("2")
        await settle_active_pane(pilot)
        pane = screen.query_one("#pane-home", ListPane)
        assert "Standardfilter:" in screen_text(app) and "Seneste 30 dage ✕" in screen_text(app)
        filtered = pane.query_one(EntryList).row_count
        assert pane.filter.days == 30
        await pilot.click("#chip-days")
        await wait_for(pilot, lambda: pane.filter.days is None)
        await settle_active_pane(pilot)
        assert pane.query_one(EntryList).row_count > filtered  # six weeks of readings, not four
        assert "Seneste 30 dage ✕" not in screen_text(app) and "Standardfilter:" not in screen_text(app)


async def test_a_text_default_filter_is_a_chip_removed_by_keyboard() -> None:
    from sjtui.function_profiles import DefaultFilter

    app = demo_app(settings=Settings(filters={"notes": DefaultFilter(text="Epikrise")}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("2")
        await settle_active_pane(pilot)
        pane = app.screen.query_one("#pane-notes", ListPane)
        assert "Tekst: Epikrise ✕" in screen_text(app)
        filtered = pane.query_one(EntryList).row_count
        app.screen.set_focus(pane.query_one("#chip-text"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.filter.text == "")
        await settle_active_pane(pilot)
        assert pane.query_one(EntryList).row_count > filtered


async def test_filters_the_clinician_sets_are_chips_too_and_each_removes_its_part() -> None:
    """Not only a profile's defaults: the text and source the clinician chose show as chips
    titled "Filter:", and pressing one removes that part only."""
    from textual.widgets import Select

    app = demo_app(settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        pane = app.screen.query_one("#pane-labs", ListPane)
        assert "Filter:" not in screen_text(app)  # nothing in effect, no chip row
        everything = pane.query_one(EntryList).row_count
        await pilot.press("slash", *"kalium")
        await wait_for(pilot, lambda: pane.filter.text == "kalium")
        source = pane.query_one("#f-source", Select)
        first_source = next(value for _, value in source._options if isinstance(value, str))
        source.value = first_source
        await wait_for(pilot, lambda: pane.filter.source == first_source)
        await settle_active_pane(pilot)
        text = screen_text(app)
        assert "Filter:" in text and "Tekst: kalium ✕" in text and "Kilde: " in text
        app.screen.set_focus(pane.query_one("#chip-text"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.filter.text == "")
        assert pane.filter.source == first_source  # only the text went
        app.screen.set_focus(pane.query_one("#chip-source"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not pane.filter.active)
        await settle_active_pane(pilot)
        assert pane.query_one(EntryList).row_count == everything
        assert "Filter:" not in screen_text(app)

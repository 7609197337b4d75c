"""Keys typed in one burst (a fast typist, or keys arriving together over a slow SSH link):
none is lost, none lands in the wrong field, nothing raises (Pilot, pressed without waiting
for the screen between keys)."""

from __future__ import annotations

import asyncio

import pytest

from burst_keys import burst
from clinical_records import fixture_record, fixture_summary
from ui_fakes import FakeService, make_app, open_poul, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


class SlowSearch(FakeService):
    """A service whose citizen search answers only when the test lets it (a slow link)."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = asyncio.Event()

    async def find_citizens(self, query: str, *, via: str = "search"):
        await self.answer.wait()
        return await super().find_citizens(query, via=via)


async def test_keys_typed_after_the_search_go_to_the_consent_window_not_the_search_field() -> None:
    from sjtui.ui.screens.record import RecordScreen

    service = SlowSearch()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        # CPR, Enter; then Enter (basis) and the reason, typed before the consent window is up
        await burst(pilot, *"1203541237", "enter", "enter", *"Hjemmebesøg", "enter")
        assert app.screen.query_one("#search-input").value == "1203541237"  # never altered
        service.answer.set()
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.record is not None)
        assert [c for c in service.calls if c[0] == "find"] == [("find", "1203541237")]
        opened = [c for c in service.calls if c[0] == "open"]
        assert opened == [("open", "poul", "consent", "Hjemmebesøg")]
        assert app.last_error is None


async def test_keys_typed_after_a_search_that_finds_nobody_leave_the_query_as_submitted() -> None:
    service = SlowSearch()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, *"0101011234", "enter", "enter", *"Hjem")
        service.answer.set()
        await wait_for(pilot, lambda: "Ingen borger fundet" in screen_text(app) or "ingen" in screen_text(app).lower())
        assert app.screen.query_one("#search-input").value == "0101011234"
        assert [c for c in service.calls if c[0] == "find"] == [("find", "0101011234")]


def _poul_service() -> FakeService:
    return FakeService({"poul": fixture_record("poul")}, [fixture_summary("poul")])


async def test_f7_find_keeps_the_key_typed_with_enter() -> None:
    app = make_app(_poul_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        # F7, the query, Enter, then Down and Enter (the second hit: FEV1 in the labs; the
        # first is a note) all in one burst
        await burst(pilot, "f7", *"fev1", "enter", "down", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RecordScreen")
        await wait_for(pilot, lambda: app.screen.query_one("TabbedContent").active == "labs")


async def test_f7_find_letters_typed_after_enter_refine_the_query() -> None:
    app = make_app(_poul_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        await burst(pilot, "f7", *"fev", "enter", "1")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FindScreen")
        await wait_for(pilot, lambda: app.screen.query_one("#find-input").value == "fev1")


async def test_f7_find_takes_the_query_typed_before_the_window_is_up() -> None:
    app = make_app(_poul_service())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await burst(pilot, "f7", *"kalium")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "FindScreen")
        await pilot.pause()
        assert app.screen.query_one("#find-input").value == "kalium"


async def test_keys_while_opening_and_after_f2_raise_nothing() -> None:
    app = make_app(_poul_service())
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await burst(pilot, *"1203541237", "enter", "enter", *"Hjemmebesøg", "enter", "2", "3", "f2", "1", "k")
            await pilot.pause()
        await pilot.pause(0.3)
        assert app.last_error is None, app.last_error


class SlowOpening(FakeService):
    """The overview arrives at once, the rest only when the test lets it (a slow link)."""

    def __init__(self) -> None:
        super().__init__()
        self.rest = asyncio.Event()

    async def open(self, citizen, grant):
        records = super().open(citizen, grant)
        yield await anext(records)
        await self.rest.wait()
        async for record in records:
            yield record


async def test_the_rest_of_the_record_arriving_after_f2_raises_nothing() -> None:
    from sjtui.ui.screens.record import RecordScreen
    from sjtui.ui.screens.search import SearchScreen

    service = SlowOpening()
    app = make_app(service)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"1203541237", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConsentScreen")
        await pilot.press("enter", *"Hjemmebesøg", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.record is not None)
        await pilot.press("2", "f2")
        service.rest.set()
        await pilot.press("1", "2")
        await pilot.pause(0.2)
        assert isinstance(app.screen, SearchScreen)
        assert app.last_error is None, app.last_error
        assert "Poul" not in screen_text(app)


async def test_a_record_delivered_to_a_screen_already_closed_by_f2_raises_nothing() -> None:
    """The race behind "NoMatches '#banner-who'": the opening worker hands over a record in
    the moment the screen is being taken down (F2 typed while the record was opening)."""
    from sjtui.ui.screens.record import RecordScreen

    app = make_app(_poul_service())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen) and screen.record is not None
        record = screen.record
        await pilot.press("f2")
        screen.apply(record)  # late delivery: nothing raised, nothing shown
        await pilot.pause()
        assert app.last_error is None, app.last_error
        assert "Poul" not in screen_text(app)


async def test_a_cpr_typed_right_after_f2_goes_to_the_search_field_not_the_closing_record() -> None:
    """F2 and the next citizen's CPR in one burst: the digits are not taken as tab keys by the
    record being closed; the search runs for the CPR typed (the pty sign-in flow found this)."""
    service = _poul_service()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        before = [c for c in service.calls if c[0] == "find"]
        await burst(pilot, "f2", *"1203541237", "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ConsentScreen")
        assert [c for c in service.calls if c[0] == "find"] == [*before, ("find", "1203541237")]
        assert app.last_error is None

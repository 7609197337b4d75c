"""The whole flow with Pilot over an in-memory service: search, consent, cancel, switch."""

from __future__ import annotations

import pytest

from sjtui.ui.screens.consent import ConsentScreen
from sjtui.ui.screens.search import SearchScreen

from ui_fakes import FakeService, make_app, open_poul, screen_text, type_text, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


@pytest.mark.parametrize("query", ["1203541237", "120354-1237"])
async def test_open_by_cpr_with_or_without_dash(query: str) -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, query, typed=True)
        text = screen_text(app)
        assert "Poul Erik Madsen" in text and "120354-1237" in text and "72 år" in text
        assert "CAVE: Penicillin" in text
        assert "Data pr. 20.11.2026 14:05" in text
    assert ("open", "poul", "consent", "Hjemmebesøg") in service.calls


async def test_name_search_lists_hits_and_enter_opens() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "a")
        await pilot.press("enter")
        await pilot.pause()
        assert "mindst 2 bogstaver" in screen_text(app)
        await type_text(pilot, "#search-input", "Madsen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "1 borger fundet" in screen_text(app))
        text = screen_text(app)
        assert "Poul Erik Madsen" in text and "Vestergade 12, 6600 Vejen" in text and "72" in text
        assert isinstance(app.screen, SearchScreen)  # a name never opens by itself
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))


async def test_protected_citizen_shows_protection_not_address() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "Ane Bach")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Navne- og adressebeskyttelse" in screen_text(app))


async def test_cancel_consent_fetches_nothing() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "1203541237")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
    assert service.opened() == []


async def test_invalid_and_unknown_cpr_messages_in_place() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "320354-1237")
        await pilot.press("enter")
        assert "Ugyldigt CPR-nummer" in screen_text(app)
        await type_text(pilot, "#search-input", "12035412")
        await pilot.press("enter")
        assert "10 cifre" in screen_text(app)
        await type_text(pilot, "#search-input", "0101011234")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Ingen borger fundet" in screen_text(app))
        assert isinstance(app.screen, SearchScreen)


async def test_network_error_is_a_short_notice_with_details_on_request() -> None:
    service = FakeService()
    service.fail_search = True
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "1203541237")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Ingen forbindelse" in screen_text(app))
        assert "Traceback" not in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert "ConnectError: demo" in screen_text(app)


async def test_switch_citizen_clears_record_and_needs_new_consent() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.record_screen() is None
        text = screen_text(app)
        assert "Poul" not in text and "Penicillin" not in text and "120354" not in text
        assert ("close", "poul") in service.calls
        await type_text(pilot, "#search-input", "1203541237")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    assert len([c for c in service.calls if c[0] == "open"]) == 1


async def test_start_cpr_goes_straight_to_consent() -> None:
    service = FakeService()
    app = make_app(service, start_cpr="120354-1237")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    assert service.opened() == []

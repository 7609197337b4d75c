"""The whole flow with Pilot over an in-memory service: search, consent, tabs, switch."""

from __future__ import annotations

from datetime import date

import pytest

from sjtui.access.grant import Clinician
from sjtui.config import Settings
from sjtui.i18n import set_language
from sjtui.ui.app import SjtuiApp
from sjtui.ui.screens.consent import ConsentScreen
from sjtui.ui.screens.record import RecordScreen
from sjtui.ui.screens.search import SearchScreen
from ui_fakes import FakeService, screen_text

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    yield
    set_language("da")


def make_app(service: FakeService | None = None, **kw) -> SjtuiApp:
    settings = kw.pop("settings", Settings())
    return SjtuiApp(service=service or FakeService(), settings=settings, clinician=Clinician("n1", "Nurse"),
                    today=TODAY, **kw)


async def wait_for(pilot, predicate, tries: int = 40) -> None:
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


async def open_poul(pilot, query: str = "1203541237", reason: str = "Hjemmebesøg") -> None:
    app = pilot.app
    await pilot.press(*query, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    await pilot.press("enter", *reason, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen) and app.screen.record is not None
                   and app.screen.record.notes.loaded)
    await pilot.pause()


@pytest.mark.parametrize("query", ["1203541237", "120354-1237"])
async def test_open_by_cpr_with_or_without_dash(query: str) -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, query)
        text = screen_text(app)
        assert "Poul Erik Madsen" in text and "120354-1237" in text and "72 år" in text
        assert "CAVE: Penicillin" in text
        assert "Data pr. 20-11-2026 14:05" in text
    assert ("open", "poul", "consent", "Hjemmebesøg") in service.calls


async def test_name_search_lists_hits_and_enter_opens() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"a", "enter")
        await pilot.pause()
        assert "mindst 2 bogstaver" in screen_text(app)
        app.screen.query_one("#search-input").value = ""
        await pilot.press(*"Madsen", "enter")
        await wait_for(pilot, lambda: "1 borger fundet" in screen_text(app))
        text = screen_text(app)
        assert "Poul Erik Madsen" in text and "Vestergade 12, 6600 Vejen" in text and "72" in text
        assert isinstance(app.screen, SearchScreen)  # a name never opens by itself
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))


async def test_protected_citizen_shows_protection_not_address() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Ane Bach", "enter")
        await wait_for(pilot, lambda: "Navne- og adressebeskyttelse" in screen_text(app))


async def test_cancel_consent_fetches_nothing() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"1203541237", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
    assert service.opened() == []


async def test_invalid_and_unknown_cpr_messages_in_place() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"320354-1237", "enter")
        await pilot.pause()
        assert "Ugyldigt CPR-nummer" in screen_text(app)
        app.screen.query_one("#search-input").value = ""
        await pilot.press(*"12035412", "enter")
        await pilot.pause()
        assert "10 cifre" in screen_text(app)
        app.screen.query_one("#search-input").value = ""
        await pilot.press(*"0101011234", "enter")
        await wait_for(pilot, lambda: "Ingen borger fundet" in screen_text(app))
        assert isinstance(app.screen, SearchScreen)


async def test_network_error_is_a_short_notice_with_details_on_request() -> None:
    service = FakeService()
    service.fail_search = True
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"1203541237", "enter")
        await wait_for(pilot, lambda: "Ingen forbindelse" in screen_text(app))
        assert "Traceback" not in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert "ConnectError: demo" in screen_text(app)


async def test_every_tab_shows_its_data() -> None:
    app = make_app()
    expected = {
        "1": ["Aktuel medicin (1)", "Spiolto Respimat", "Kommende aftaler", "P-Kalium"],
        "2": ["Sygeplejenotat", "Epikrise", "NY", "Hjemmebesøg. SpO2 88 % i hvile."],
        "3": ["P-Kalium", "3,2", "3,5–4,6", "Arteriel blodgas", "pCO2", "Haemophilus influenzae",
              "R (resistent)", "Kunne ikke læses (1)"],
        "4": ["CT af thorax", "Udtalt emfysem", "Fuld beskrivelse af CT."],
        "5": ["Aktuel medicin (1)", "Pauseret (1)", "Seponeret (1)", "2 pust 1 gang dagligt"],
        "6": ["Influenzavaccine", "15-10-2026"],
        "7": ["Iltmætning (SpO2)", "88", "Pulsoximeter Nonin"],
        "8": ["Kommende aftaler (1)", "03-12-2026 11:00–11:30", "Tidligere aftaler (1)"],
        "9": ["Vestergade 12, 6600 Vejen", "Hanne Madsen", "Lægerne Vestergade, Vejen"],
        "0": ["Mette Lund", "Behandling"],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        for key, needles in expected.items():
            await pilot.press(key)
            await pilot.pause(0.1)
            text = screen_text(app)
            for needle in needles:
                assert needle in text, f"tab {key}: {needle!r} missing"
            assert "CAVE: Penicillin" in text  # the banner is on every tab


async def test_pane_views_are_audited_once_per_opening() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3", "1", "3")
        await pilot.pause()
    views = [c[1] for c in service.calls if c[0] == "view"]
    assert views == ["overview", "labs"]
    assert service.calls.index(("open", "poul", "consent", "Hjemmebesøg")) < service.calls.index(("view", "overview"))


async def test_note_text_is_shown_literally() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("2", "down")
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "Markup [bold red]x[/] RØD slut." in text
        assert "\x1b" not in text


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
        await pilot.press(*"1203541237", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    assert len([c for c in service.calls if c[0] == "open"]) == 1


async def test_start_cpr_goes_straight_to_consent() -> None:
    service = FakeService()
    app = make_app(service, start_cpr="120354-1237")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    assert service.opened() == []


async def test_english_labels() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Find citizen" in screen_text(app)
        await open_poul(pilot, reason="Home visit")
        text = screen_text(app)
        for label in ("Overview", "Notes", "Lab results", "Imaging", "Medication", "Basic card",
                      "72 years", "Data as of 2026-11-20 14:05", "Switch citizen"):
            assert label in text, label
        await pilot.press("3")
        await pilot.pause(0.1)
        assert "3.2" in screen_text(app)


async def test_user_keymap_remaps_a_tab_key() -> None:
    app = make_app(settings=Settings(keymap={"tab.labs": "f5"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("f5")
        await pilot.pause(0.1)
        assert "Referenceinterval" in screen_text(app)


async def test_help_shows_the_focused_pane_and_its_keys() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3", "f1")
        await pilot.pause()
        text = screen_text(app)
        assert "H/L-markering" in text and "Skift borger" in text and "F2" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)


async def test_terminal_title_never_shows_personal_data() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        assert app.title == "sjtui" and not app.sub_title

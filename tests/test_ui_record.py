"""The record screen with Pilot over an in-memory service: tabs, literal text, keys, language."""

from __future__ import annotations

import pytest

from sjtui.config import Settings
from sjtui.ui.screens.record import RecordScreen

from ui_fakes import FakeService, make_app, open_poul, screen_text, settle_active_pane, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


async def test_every_tab_shows_its_data() -> None:
    app = make_app()
    expected = {
        "1": ["Aktuel medicin (1)", "Spiolto Respimat", "Kommende aftaler", "P-Kalium"],
        "2": ["Sygeplejenotat", "Epikrise", "NY", "Hjemmebesøg. SpO2 88 % i hvile."],
        "3": [
            "P-Kalium",
            "3,2",
            "3,5–4,6",
            "Arteriel blodgas",
            "pCO2",
            "Haemophilus influenzae",
            "R (resistent)",
            "Kunne ikke læses: Observation",
            "Ikke fuldt kendt: 1 kunne ikke læses",
        ],
        "4": ["CT af thorax", "Udtalt emfysem", "Fuld beskrivelse af CT."],
        "5": ["Aktuel medicin (1)", "Pauseret (1)", "Seponeret (1)", "2 pust 1 gang dagligt"],
        "6": ["Influenzavaccine", "15.10.2026"],
        "7": ["Iltmætning (SpO2)", "88", "Pulsoximeter Nonin"],
        "8": ["Kommende aftaler (1)", "03.12.2026 11:00–11:30", "Tidligere aftaler (1)"],
        "9": ["Vestergade 12, 6600 Vejen", "Hanne Madsen", "Lægerne Vestergade, Vejen"],
        "0": ["Mette Lund", "Behandling"],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        for key, needles in expected.items():
            await pilot.press(key)
            await pilot.pause()
            await settle_active_pane(pilot)
            await wait_for_text(pilot, *needles, "CAVE: Penicillin")  # the banner is on every tab


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
        await pilot.pause()
        await settle_active_pane(pilot)
        text = screen_text(app)
        assert "Markup [bold red]x[/] RØD slut." in text
        assert "\x1b" not in text


async def test_english_labels() -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Find citizen" in screen_text(app)
        await open_poul(pilot, reason="Home visit")
        text = screen_text(app)
        for label in (
            "Overview",
            "Notes",
            "Lab results",
            "Imaging",
            "Medication",
            "Basic card",
            "72 years",
            "Data as of 2026-11-20 14:05",
            "Switch citizen",
        ):
            assert label in text, label
        await pilot.press("3")
        await pilot.pause()
        await settle_active_pane(pilot)
        assert "3.2" in screen_text(app)


async def test_user_keymap_remaps_a_tab_key() -> None:
    app = make_app(settings=Settings(keymap={"tab.labs": "f5"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await settle_active_pane(pilot)
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


async def test_digits_typed_in_a_burst_switch_tabs_and_never_reach_a_filter() -> None:
    """A fast typist (or keys arriving in one packet over SSH): every digit switches tab; none
    is typed into the filter field that inherits the focus of a hidden list."""
    from textual.widgets import Input, TabbedContent

    from sjtui.ui.keys import TAB_KEYS, TAB_PANES

    bursts = [
        ("3", "4"),
        ("2", "3", "4", "5", "6", "7"),
        ("7", "6", "5", "4", "3", "2", "1", "9"),
        ("5", "6"),
        ("2", "3", "2", "3"),
        ("8", "7", "8", "1"),
    ]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        for keys in bursts:
            await pilot.press(*keys)
            await settle_active_pane(pilot)
            screen = app.screen
            assert screen.query_one(TabbedContent).active == TAB_PANES[TAB_KEYS.index(keys[-1])].value, keys
            assert all(not field.value for field in screen.query(Input)), keys
            assert not isinstance(screen.focused, Input), keys


async def test_f8_lists_what_could_not_be_read_and_what_was_left_out() -> None:
    from dataclasses import replace

    from sjtui.record.model import Dropped, Gap

    from ui_fakes import poul_record

    record = poul_record()
    record = replace(
        record,
        dropped=(Dropped("Observation/nobody", "no-citizen"),),
        cave=replace(record.cave, gaps=(Gap("failed", "Flag", "the server answered 500"),)),
    )
    app = make_app(FakeService({"poul": record}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for_text(pilot, "CAVE: Penicillin", "Ikke fuldt kendt: kunne ikke hentes")
        await pilot.press("f8")
        await wait_for_text(
            pilot,
            "Journalens datadetaljer",
            "Observation/bad",
            "no value",
            "Observation/nobody: angiver ingen borger",
            "Flag: the server answered 500",
        )


async def test_every_tab_says_not_known_when_its_search_failed() -> None:
    """No tab shows "Ingen oplysninger" for a list it could not get: each says "Ikke kendt"
    with the reason, in text."""
    from dataclasses import replace

    from sjtui.record.model import Gap, PaneData

    from ui_fakes import poul_record

    failed = (Gap("failed", "", "the server answered 500"),)
    record = poul_record()
    panes = (
        "cave",
        "notes",
        "labs",
        "imaging",
        "medication",
        "vaccinations",
        "home",
        "appointments",
        "courses",
        "access_log",
        "basic",
    )
    record = replace(record, **{p: PaneData(loaded=True, gaps=failed) for p in panes})
    app = make_app(FakeService({"poul": record}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        text = await wait_for_text(pilot, "CAVE: Ikke kendt: kunne ikke hentes")
        assert text.count("Ikke kendt: kunne ikke hentes") >= 7 and "Ingen." not in text
        for key in "234567890":
            await pilot.press(key)
            await pilot.pause()
            await settle_active_pane(pilot)
            text = await wait_for_text(pilot, "Ikke kendt: kunne ikke hentes")
            assert "Ingen oplysninger" not in text

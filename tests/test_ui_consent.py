"""The consent window alone, in a tiny host app: submit, escape, empty reason, keys only."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.widgets import Input

from sjtui.access.grant import Basis, Clinician
from sjtui.i18n import set_language
from sjtui.record.entries import CitizenSummary
from sjtui.ui.app import css_paths
from sjtui.ui.screens.consent import ConsentScreen

POUL = CitizenSummary("poul", "1203541237", "Poul Erik Madsen", date(1954, 3, 12), "Vejen", False)
NURSE = Clinician("n1", "Nurse")


class Host(App[None]):
    CSS_PATH = css_paths()

    def __init__(self, recent: list[str] | None = None) -> None:
        set_language("da")
        super().__init__()
        self.results: list[object] = []
        self.recent = recent or []

    def on_mount(self) -> None:
        self.push_screen(ConsentScreen(POUL, NURSE, self.recent), self.results.append)


async def test_submit_returns_grant_with_basis_and_reason() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # choose the first basis (focus moves to the reason)
        await pilot.press(*"Hjemmebesøg", "enter")
        await pilot.pause()
    (grant,) = app.results
    assert grant.basis is Basis.CONSENT
    assert grant.reason == "Hjemmebesøg"
    assert grant.patient_id == "poul" and grant.cpr == "1203541237"
    assert grant.clinician == NURSE


async def test_other_treatment_chosen_with_arrow_keys() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "enter")
        await pilot.press(*"KOL-forværring", "enter")
        await pilot.pause()
    assert app.results[0].basis is Basis.CURRENT_TREATMENT


async def test_escape_returns_none() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_empty_reason_is_refused_with_a_message() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "enter")  # basis chosen, empty reason submitted
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, ConsentScreen)
        error = str(app.screen.query_one("#consent-error").render())
        assert "begrundelse" in error.lower()
        await pilot.press(*"  ", "enter")  # blanks only: still refused
        await pilot.pause()
        assert app.results == []


async def test_basis_is_required() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab")  # skip the basis
        app.screen.query_one("#consent-reason", Input).value = "Hjemmebesøg"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "grundlag" in str(app.screen.query_one("#consent-error").render()).lower()


async def test_recent_reasons_offered_with_up_down() -> None:
    app = Host(recent=["Hjemmebesøg, KOL", "Akut tilkald"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.press("down", "down")
        assert app.screen.query_one("#consent-reason", Input).value == "Akut tilkald"
        await pilot.press("up", "enter")
        await pilot.pause()
    assert app.results[0].reason == "Hjemmebesøg, KOL"


async def test_keys_arriving_in_one_burst_lose_nothing() -> None:
    """Enter, the reason and Enter arriving together (over a slow SSH link they come in one
    packet): the characters typed before the focus reached the reason field are not lost."""
    from textual import events

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        names = {" ": "space", ",": "comma"}
        keys = [("enter", "\r"), *[(names.get(c, c), c) for c in "Hjemmebesøg, KOL"], ("enter", "\r")]
        for key, character in keys:
            app.post_message(events.Key(key, character))
        for _ in range(100):
            if app.results:
                break
            await pilot.pause(0.02)
        state = (
            ""
            if app.results
            else (
                app.screen.query_one("#consent-reason", Input).value,
                app.screen._basis(),
                app.screen.focused,
                str(app.screen.query_one("#consent-error").render()),
            )
        )
    assert app.results, f"not submitted; the reason field holds {state!r}"
    (grant,) = app.results
    assert grant.basis is Basis.CONSENT
    assert grant.reason == "Hjemmebesøg, KOL"

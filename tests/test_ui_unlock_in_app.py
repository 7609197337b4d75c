"""The passphrase is asked inside the app, in its language; a wrong one is said in place and
backs off, the app never exits over it (issue 12)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from sjtui.access.grant import Clinician
from sjtui.commands.app import asks_for_passphrase, make_services_factory
from sjtui.config import Settings
from sjtui.crypto.unlock import KeyManager
from sjtui.ui.app import SjtuiApp
from sjtui.ui.screens.passphrase import PassphraseScreen

from ui_fakes import TODAY, screen_text, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


def _app(manager: KeyManager, lang: str = "da") -> SjtuiApp:
    holder: dict = {}
    factory = make_services_factory(Settings(), manager, None, lambda: holder["app"])
    app = SjtuiApp(
        settings=Settings(), clinician=Clinician("n1", "Nurse"), today=TODAY, lang=lang, services_factory=factory
    )
    holder["app"] = app
    return app


async def _type(pilot, field: str, text: str) -> None:
    pilot.app.screen.query_one(f"#secret-{field}", Input).value = text
    pilot.app.screen.query_one(f"#secret-{field}", Input).focus()
    await pilot.press("enter")


async def test_first_passphrase_then_a_wrong_one_then_the_right_one(monkeypatch) -> None:
    monkeypatch.delenv("SJTUI_PASSPHRASE", raising=False)
    manager = KeyManager(use_keyring=False, env={})
    assert asks_for_passphrase(Settings(), manager)
    app = _app(manager)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen), tries=400)
        await wait_for(pilot, lambda: "Vælg en adgangsfrase" in screen_text(app))  # Danish, in the app
        await _type(pilot, "first", "en lang frase")
        await _type(pilot, "again", "en lang frase")
        await wait_for(pilot, lambda: app.services is not None, tries=400)
        assert app.services.key.mode == "passphrase"

    again = _app(KeyManager(use_keyring=False, env={}), lang="en")
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, PassphraseScreen), tries=400)
        await wait_for(pilot, lambda: "Passphrase" in screen_text(again))  # English, as asked
        await _type(pilot, "first", "forkert frase")
        await wait_for(
            pilot,
            lambda: "not correct" in screen_text(again).lower() or "wrong" in screen_text(again).lower(),
            tries=400,
        )
        assert again.is_running and again.services is None  # still here, asking again
        await _type(pilot, "first", "en lang frase")
        await wait_for(pilot, lambda: again.services is not None, tries=400)
        assert again.services.key.mode == "passphrase"

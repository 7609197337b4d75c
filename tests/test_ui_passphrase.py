"""The passphrase dialog alone, in a tiny host app: new (twice, min 8), existing, check."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.widgets import Input, Static

from sjtui.i18n import set_language
from sjtui.ui.app import css_paths
from sjtui.ui.screens.passphrase import PassphraseScreen

AUDIT_CSS = Path(__file__).resolve().parents[1] / "styles" / "audit.tcss"


class Host(App[None]):
    CSS_PATH = [*css_paths(), AUDIT_CSS]

    def __init__(self, new: bool, check: Callable[[str], bool] | None = None) -> None:
        set_language("da")
        super().__init__()
        self.results: list[object] = []
        self.new = new
        self.check = check

    def on_mount(self) -> None:
        self.push_screen(PassphraseScreen(self.new, check=self.check), self.results.append)


def _error(app: App[None]) -> str:
    return str(app.screen.query_one("#secret-error", Static).render())


def _field(app: App[None], name: str) -> Input:
    return app.screen.query_one(f"#secret-{name}", Input)


async def test_new_passphrase_asked_twice() -> None:
    app = Host(new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert _field(app, "first").password and _field(app, "again").password
        await pilot.press(*"korrekt hest", "enter")
        assert app.focused is _field(app, "again")
        await pilot.press(*"korrekt hest", "enter")
        await pilot.pause()
    assert app.results == ["korrekt hest"]


async def test_new_passphrase_too_short_refused() -> None:
    app = Host(new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"kort", "enter")
        await pilot.pause()
        assert app.results == []
        assert "mindst 8 tegn" in _error(app)
        assert app.focused is _field(app, "first")
        assert _field(app, "first").value == ""  # cleared after a refusal
        await pilot.press("enter")  # empty
        assert app.results == []


async def test_new_passphrase_mismatch_refused_and_cleared() -> None:
    app = Host(new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"korrekt hest", "enter", *"korrekt hast", "enter")
        await pilot.pause()
        assert app.results == []
        assert "ikke ens" in _error(app)
        assert _field(app, "first").value == "" and _field(app, "again").value == ""
        assert app.focused is _field(app, "first")


async def test_existing_passphrase_asked_once() -> None:
    app = Host(new=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.screen.query("#secret-again")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [] and "adgangsfrase" in _error(app).lower()
        await pilot.press(*"abc", "enter")  # no minimum when unlocking
        await pilot.pause()
    assert app.results == ["abc"]


async def test_escape_returns_none() -> None:
    app = Host(new=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"korrekt", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_check_runs_off_the_ui_thread_and_refuses_wrong() -> None:
    threads: list[str] = []

    def check(value: str) -> bool:
        threads.append(threading.current_thread().name)
        return value == "rigtig frase"

    app = Host(new=False, check=check)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"forkert", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == []
        assert "forkert adgangsfrase" in _error(app).lower()
        await pilot.press(*"rigtig frase", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.results == ["rigtig frase"]
    assert threads and all(name != threading.main_thread().name for name in threads)

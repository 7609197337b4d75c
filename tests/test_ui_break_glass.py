"""The break-the-glass dialog alone, in a tiny host app: reason, second step, escape."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Checkbox, Input, Static

from sjtui.i18n import set_language
from sjtui.ui.app import css_paths
from sjtui.ui.screens.break_glass import BreakGlassScreen

AUDIT_CSS = Path(__file__).resolve().parents[1] / "styles" / "audit.tcss"


class Host(App[None]):
    CSS_PATH = [*css_paths(), AUDIT_CSS]

    def __init__(self, name: str = "Mikkel Dahl Jeppesen", hidden: int | None = 3, lang: str = "da") -> None:
        set_language(lang)
        super().__init__()
        self.results: list[object] = []
        self.citizen_name = name
        self.hidden = hidden

    def on_mount(self) -> None:
        self.push_screen(BreakGlassScreen(self.citizen_name, self.hidden), self.results.append)


def _text(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_shows_citizen_count_and_warning() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Mikkel Dahl Jeppesen" in _text(app, "#bg-citizen")
        assert "3 privatmarkerede" in _text(app, "#bg-hidden")
        warning = _text(app, "#bg-warning")
        assert "privatmarkeret af borgeren" in warning and "registreres særskilt" in warning
        assert not app.screen.query_one("#bg-error").display


async def test_reason_then_confirm_returns_reason() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Akut forgiftning", "enter")  # step 1: reason, focus moves on
        assert isinstance(app.focused, Checkbox)
        assert app.results == []
        await pilot.press("space")  # step 2: tick; focus moves to the confirm button
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == ["Akut forgiftning"]


async def test_confirm_step_is_required() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Akut forgiftning", "enter")
        await pilot.press("ctrl+s")  # submit without the tick
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, BreakGlassScreen)
        assert "bekræfter værdispring" in _text(app, "#bg-error")
        await pilot.press("enter")  # enter on the checkbox ticks it
        assert app.screen.query_one("#bg-confirm", Checkbox).value
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["Akut forgiftning"]


async def test_empty_or_short_reason_refused_in_place() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert "begrundelse" in _text(app, "#bg-error").lower()
        assert app.focused is app.screen.query_one("#bg-reason", Input)
        await pilot.press(*"  x ", "enter")  # blanks and one letter: still refused
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        # ticking first does not get around the reason
        app.screen.query_one("#bg-confirm", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "begrundelse" in _text(app, "#bg-error").lower()


async def test_escape_cancels_from_any_step() -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Akut", "enter", "space")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_name_is_rendered_literally() -> None:
    app = Host(name="[bold]Ane[/bold] \x1b[31mBach", hidden=1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = _text(app, "#bg-citizen")
        assert "[bold]Ane[/bold]" in shown and "\x1b" not in shown
        assert "1 privatmarkeret oplysning" in _text(app, "#bg-hidden")


async def test_english() -> None:
    app = Host(name="Mikkel", hidden=2, lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "2 private-marked items" in _text(app, "#bg-hidden")
            assert "separately" in _text(app, "#bg-warning")
    finally:
        set_language("da")


def test_da_and_en_texts_have_the_same_keys_and_placeholders() -> None:
    import string

    from sjtui.i18n.da_screens import TEXTS as DA
    from sjtui.i18n.en_screens import TEXTS as EN

    assert DA.keys() == EN.keys()

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in DA:
        assert fields(DA[key]) == fields(EN[key]), key

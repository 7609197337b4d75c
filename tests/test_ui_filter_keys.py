"""The filter line's keys: what is typed right after `/` lands in the filter field, even when
the keys arrive together (one packet over a slow SSH link), and the list's columns come back
in full after a filter that matched nothing."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from sjtui.ui.widgets.entry_list import EntryList

from ui_fakes import make_app, open_poul, screen_text, settle_active_pane

pytestmark = pytest.mark.usefixtures("ui_home")


def post_burst(app, keys: list[tuple[str, str | None]]) -> None:
    """Post key events to the app all at once, as a terminal delivers one packet of input."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


def typed(text: str) -> list[tuple[str, str | None]]:
    names = {" ": "space", "-": "minus", "/": "slash"}
    return [(names.get(c, c), c) for c in text]


@pytest.mark.parametrize("tab", ["3", "2", "5"])
async def test_keys_typed_right_after_slash_land_in_the_filter(tab: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press(tab)
        await settle_active_pane(pilot)
        pane = app.screen.active_pane()
        field = pane.query_one("#f-text", Input)
        for attempt in range(6):
            post_burst(app, typed("/kalium"))
            for _ in range(60):
                await pilot.pause(0.02)
                if field.value == "kalium":
                    break
            assert field.value == "kalium", (attempt, field.value, app.screen.focused)
            assert app.screen.focused is field
            await settle_active_pane(pilot)
            assert pane.filter.text == "kalium"  # and the list is filtered by it
            if tab == "3":
                text = screen_text(app)
                assert "P-Kalium" in text and "Arteriel blodgas" not in text
            await pilot.press("f4")  # clear the filter; the focus goes back to the list
            await settle_active_pane(pilot)
            assert field.value == ""
            assert isinstance(app.screen.focused, EntryList)

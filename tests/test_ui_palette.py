"""The command palette finds citizens (opening still goes through consent) without a search
per keystroke: it waits for a pause in typing and remembers answers."""

from __future__ import annotations

import pytest

from sjtui.ui.screens.consent import ConsentScreen

from ui_fakes import FakeService, make_app, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


async def test_palette_finds_a_citizen_by_name_and_asks_for_consent() -> None:
    service = FakeService()
    app = make_app(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Madsen")
        await wait_for(pilot, lambda: any(c[0] == "find" for c in service.calls))
        await pilot.pause(0.5)  # let any further (debounced) searches happen before counting
        finds = [c for c in service.calls if c[0] == "find"]
        assert finds and all(len(q.strip()) >= 3 for _, q in finds)
        assert len(finds) <= 2  # not one search per letter typed
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        assert not [c for c in service.calls if c[0] == "open"]  # nothing fetched before consent

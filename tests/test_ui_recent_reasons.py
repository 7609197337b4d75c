"""The consent window offers the clinician's own reasons for this citizen and their templates,
never a reason typed for another citizen (issue 12)."""

from __future__ import annotations

import pytest

from sjtui.access.recent_reasons import RecentReasons
from sjtui.ui.screens.consent import ConsentScreen

from ui_fakes import FakeService, make_app, open_poul, screen_text, type_text, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


async def test_a_reason_typed_for_one_citizen_is_not_offered_for_another() -> None:
    reasons = RecentReasons(None, None, templates=["Akut tilkald"])
    app = make_app(FakeService(), recent_reasons=reasons)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, reason="Hjemmebesøg alkohol")
        await pilot.press("f2")
        await pilot.pause()
        await type_text(pilot, "#search-input", "0902792466")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        text = screen_text(app)
        assert "alkohol" not in text
        assert "Akut tilkald" in text  # the clinician's own template
        assert app.screen.recent_reasons == ["Akut tilkald"]
        await pilot.press("escape")
        await pilot.pause()
        await type_text(pilot, "#search-input", "1203541237")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        assert app.screen.recent_reasons == ["Hjemmebesøg alkohol", "Akut tilkald"]

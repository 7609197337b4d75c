"""The first screen comes before the backend: services are built after the first frame, and
what the clinician does meanwhile waits for them."""

from __future__ import annotations

import threading

import pytest

from sjtui.access.grant import Clinician
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.ui.app import SjtuiApp
from sjtui.ui.screens.record import RecordScreen

from ui_fakes import TODAY, open_poul, screen_text, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


async def test_search_screen_first_then_the_services_then_the_record() -> None:
    release = threading.Event()

    def factory():
        release.wait(10)  # the backend is slow to start
        return build_services(Settings(), UnlockedKey.ephemeral())

    app = SjtuiApp(settings=Settings(), clinician=Clinician("n1", "Nurse"), today=TODAY, services_factory=factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert "Find borger" in screen_text(app)  # usable before the backend is there
        assert app.services is None
        release.set()
        await open_poul(pilot)
        assert isinstance(app.screen, RecordScreen) and app.services is not None
        assert "Poul Erik Madsen" in screen_text(app)


async def test_a_backend_that_cannot_start_ends_with_a_plain_message() -> None:
    def factory():
        raise OSError(28, "No space left on device")

    app = SjtuiApp(settings=Settings(), clinician=Clinician("n1", "Nurse"), today=TODAY, services_factory=factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.return_code == 2)
    assert app.return_code == 2

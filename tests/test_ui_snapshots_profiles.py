"""Snapshots of a function profile (issue #13): the home nurse's tab order and her home
measurements with the default 30-day filter as a chip, on Poul's demo record, at 80x24, in
Danish; and Lars' basic card with his living will at 120x40 in English.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_profiles.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from sjtui.config import Settings

from thin_screens import demo_app
from ui_fakes import open_poul, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


def opened(cpr: str, key: str):
    async def run_before(pilot) -> None:
        await open_poul(pilot, cpr)
        await wait_for(pilot, lambda: pilot.app.screen.record.access_log.loaded)
        await pilot.press(key)
        await pilot.pause()
        await settle_active_pane(pilot)

    return run_before


def test_home_nurse_home_measurements_with_the_default_filter_chip(snap_compare) -> None:
    app = demo_app(settings=Settings(role="home-care"))
    assert snap_compare(app, run_before=opened("1203541237", "2"), terminal_size=(80, 24))


def test_lars_basic_card_with_his_living_will_in_english(snap_compare) -> None:
    app = demo_app("en")
    assert snap_compare(app, run_before=opened("0408572349", "9"), terminal_size=(120, 40))

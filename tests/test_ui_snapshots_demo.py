"""Snapshots of every tab of Poul's real demo record (fixtures over the embedded FHIR backend)
at 120x40, with "now" pinned to the fixtures' reference date and audit delivery held back,
so every run draws the same screen.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_demo.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from thin_screens import demo_app
from ui_fakes import open_poul, settle_active_pane, wait_for

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("ui_home")


def tab(key: str):
    async def run_before(pilot) -> None:
        await open_poul(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.record.access_log.loaded)
        await pilot.press(key)
        await pilot.pause()
        await settle_active_pane(pilot)

    return run_before


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"])
def test_poul_demo_record_tab(snap_compare, key: str) -> None:
    assert snap_compare(demo_app(), run_before=tab(key), terminal_size=SIZE)


def test_poul_demo_overview_in_english(snap_compare) -> None:
    assert snap_compare(demo_app("en"), run_before=tab("1"), terminal_size=SIZE)

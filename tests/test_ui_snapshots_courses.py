"""Snapshots of the courses and diagnoses tab on Poul's demo record (issue #13), at 80x24 and
120x40, Danish and English, with "now" pinned to the fixtures' reference date.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_courses.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from thin_screens import demo_app
from ui_fakes import open_poul, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


async def _courses_tab(pilot) -> None:
    await open_poul(pilot)
    await wait_for(pilot, lambda: pilot.app.screen.record.access_log.loaded)
    await pilot.press("ctrl+t")
    await pilot.pause()
    await settle_active_pane(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_poul_courses_tab(snap_compare, lang: str, size: tuple[int, int]) -> None:
    assert snap_compare(demo_app(lang), run_before=_courses_tab, terminal_size=size)

"""Snapshots of the medication card on Poul's demo record (issue #13): the list with the
highlighted drug in full and its last change underneath (80x24, Danish), and a drug's change
history opened with Enter (120x40, English). "Now" is pinned to the fixtures' reference date.

Update after a deliberate visual change:
`pytest tests/test_ui_snapshots_medication.py --snapshot-update` (then read the SVG's text).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sjtui.ui.widgets.entry_list import EntryList

from thin_screens import demo_app
from ui_fakes import open_poul, settle_active_pane, wait_for

NOW = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)
MORFIN = 'Morfin "Alternova" depottabletter 5 mg'

pytestmark = pytest.mark.usefixtures("ui_home")


async def _morfin_highlighted(pilot) -> None:
    await open_poul(pilot)
    await wait_for(pilot, lambda: pilot.app.screen.record.access_log.loaded)
    await pilot.press("5")
    await pilot.pause()
    await settle_active_pane(pilot)
    entries = pilot.app.screen.query_one("#pane-medication EntryList", EntryList)
    entries.focus()
    key = next(m.resource_key for m in pilot.app.screen.record.medication.items if m.name == MORFIN)
    for _ in range(10):
        if entries.current_key() == key:
            break
        await pilot.press("down")
    await settle_active_pane(pilot)


async def _morfin_history(pilot) -> None:
    await _morfin_highlighted(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await settle_active_pane(pilot)


def test_poul_medication_list_with_the_drug_in_full(snap_compare) -> None:
    assert snap_compare(demo_app("da"), run_before=_morfin_highlighted, terminal_size=(80, 24))


def test_poul_morfin_change_history(snap_compare) -> None:
    assert snap_compare(demo_app("en"), run_before=_morfin_history, terminal_size=(120, 40))

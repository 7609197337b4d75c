"""Snapshots of the remaining tabs, help and English (see test_ui_snapshots.py)."""

from __future__ import annotations

import pytest

from ui_fakes import make_app, open_poul, settle_active_pane

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("ui_home")


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await open_poul(pilot)
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
            await settle_active_pane(pilot)

    return run_before


@pytest.mark.parametrize("key", ["6", "7", "8", "9", "0"])
def test_record_tab(snap_compare, key: str) -> None:
    assert snap_compare(make_app(), run_before=keys(key), terminal_size=SIZE)


def test_help_for_labs(snap_compare) -> None:
    assert snap_compare(make_app(), run_before=keys("3", "f1"), terminal_size=SIZE)


def test_english_labs(snap_compare) -> None:
    assert snap_compare(make_app(lang="en"), run_before=keys("3"), terminal_size=SIZE)

"""Snapshots of every screen and dialog as a thin client sees it: 80x24 with NO_COLOR
(Textual greys every colour out), pinned date, no blink. See `thin_screens.py` for how each
screen is brought up; `test_ui_thin_client.py` asserts what must never be cut.

Update after a deliberate visual change:
`pytest tests/test_ui_snapshots_thin.py --snapshot-update`, then read the changed SVGs' text.
"""

from __future__ import annotations

import pytest

from thin_screens import SCENARIOS, THIN

pytestmark = pytest.mark.usefixtures("ui_home")


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_thin_monochrome(snap_compare, monkeypatch, name: str) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # read by Textual when the app is made
    scenario = SCENARIOS[name]
    assert snap_compare(scenario.app(), run_before=scenario.run_before, terminal_size=THIN)

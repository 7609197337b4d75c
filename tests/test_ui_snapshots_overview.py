"""Snapshots of the overview on Poul's demo record with the encrypted cache on (issue #13):
CAVE, what is new since this clinician last opened it (the first time here), the next
appointment with weekday, ISO week and address, and the last admission with its discharge
letter; 80x24 Danish without colour and 120x40 English with colour.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_overview.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from overview_apps import open_overview, overview_app

pytestmark = pytest.mark.usefixtures("ui_home")


async def _poul(pilot) -> None:
    await open_overview(pilot, "poul")


@pytest.mark.parametrize(
    ("lang", "size", "colour"), [("da", (80, 24), False), ("en", (120, 40), True)], ids=["da-80x24-mono", "en-120x40"]
)
def test_poul_overview_answers(snap_compare, monkeypatch, lang: str, size: tuple[int, int], colour: bool) -> None:
    if colour:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(overview_app(lang), run_before=_poul, terminal_size=size)

"""Snapshots of the courses and diagnoses tab on Poul's demo record (issue #13), at 80x24 and
120x40, Danish and English, with "now" pinned to the fixtures' reference date.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_courses.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sjtui.access.grant import Clinician
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.ui.app import SjtuiApp

from ui_fakes import TODAY, open_poul, settle_active_pane, wait_for

NOW = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("ui_home")


def demo_app(lang: str) -> SjtuiApp:
    settings = Settings()
    services = build_services(
        settings, UnlockedKey.ephemeral(), use_cache=False, deliver_audit=False, clock=lambda: NOW
    )
    return SjtuiApp(
        service=services.service,
        settings=settings,
        lang=lang,
        today=TODAY,
        clinician=Clinician("n1", "Sygeplejerske Test"),
        services=services,
    )


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

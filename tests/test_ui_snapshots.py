"""Snapshots of every screen for Poul at 120x40 (pinned date, in-memory service, no blink).

Update after a deliberate visual change: `pytest tests/test_ui_snapshots*.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import pytest

from ui_fakes import make_app, open_poul, settle_active_pane, type_text, wait_for

SIZE = (120, 40)


pytestmark = pytest.mark.usefixtures("ui_home")


def tab(key: str):
    async def run_before(pilot) -> None:
        await open_poul(pilot)
        await pilot.press(key)
        await pilot.pause()
        await settle_active_pane(pilot)

    return run_before


async def _search_hits(pilot) -> None:
    await type_text(pilot, "#search-input", "Madsen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#search-results").row_count == 1)
    await pilot.pause()


async def _consent(pilot) -> None:
    await type_text(pilot, "#search-input", "1203541237")
    await pilot.press("enter")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "ConsentScreen")
    await pilot.press("enter")
    await type_text(pilot, "#consent-reason", "Hjemmebesøg")
    await pilot.pause()


def test_search_results(snap_compare) -> None:
    assert snap_compare(make_app(), run_before=_search_hits, terminal_size=SIZE)


def test_consent(snap_compare) -> None:
    app = make_app(recent_reasons=["Hjemmebesøg, KOL-forværring", "Akut tilkald"])
    assert snap_compare(app, run_before=_consent, terminal_size=SIZE)


@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
def test_record_tab(snap_compare, key: str) -> None:
    assert snap_compare(make_app(), run_before=tab(key), terminal_size=SIZE)

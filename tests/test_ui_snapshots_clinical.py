"""Snapshots of the clinical views on Poul's fixture record: the FEV1 trend (plot and table),
SpO2 at home against its threshold, the cumulative lab table and search in the record, at
80x24 and 120x40, in Danish and English, with and without colour (NO_COLOR).

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_clinical.py
--snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

import pytest

from clinical_records import fixture_record, fixture_summary
from ui_fakes import FakeService, make_app, open_poul, settle_active_pane, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")
SMALL, LARGE = (80, 24), (120, 40)


def _app(lang: str, colour: bool, monkeypatch: pytest.MonkeyPatch):
    if colour:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    service = FakeService({"poul": fixture_record("poul")}, [fixture_summary("poul")])
    return make_app(service, lang=lang)


async def _open(pilot, lang: str) -> None:
    await open_poul(pilot, reason="Hjemmebesøg" if lang == "da" else "Home visit")


def _fev1_trend(lang: str, table: bool = False):
    async def run_before(pilot) -> None:
        from sjtui.ui.widgets.entry_list import EntryList

        await _open(pilot, lang)
        await pilot.press("3")
        await settle_active_pane(pilot)
        entries = pilot.app.screen.query_one("#pane-labs").query_one(EntryList)
        row = next(n for n in range(entries.row_count) if entries.get_row_at(n)[2].plain.strip() == "FEV1")
        entries.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("t")
        await wait_for_text(pilot, "FEV1 (l)")
        if table:
            await pilot.press("v")
            await wait_for_text(pilot, "1,02" if lang == "da" else "1.02")
        await pilot.pause()

    return run_before


def _spo2_trend(lang: str):
    async def run_before(pilot) -> None:
        await _open(pilot, lang)
        await pilot.press("7")
        await settle_active_pane(pilot)
        await pilot.press("t")
        await wait_for_text(pilot, "SpO2")
        await pilot.pause()

    return run_before


def _cumulative(lang: str):
    async def run_before(pilot) -> None:
        await _open(pilot, lang)
        await pilot.press("3")
        await settle_active_pane(pilot)
        await pilot.press("k")
        await wait_for_text(pilot, "10.11.2026" if lang == "da" else "2026-11-10")
        await settle_active_pane(pilot)

    return run_before


def _find(lang: str):
    async def run_before(pilot) -> None:
        await _open(pilot, lang)
        await pilot.press("f7")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "FindScreen")
        await pilot.press(*"fev1")
        await wait_for_text(pilot, "16 ")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    ("size", "lang", "colour"),
    [
        (LARGE, "da", True),
        (SMALL, "da", False),
        (SMALL, "en", True),
        (LARGE, "en", False),
    ],
)
def test_fev1_trend(snap_compare, monkeypatch, size, lang, colour) -> None:
    assert snap_compare(_app(lang, colour, monkeypatch), run_before=_fev1_trend(lang), terminal_size=size)


def test_fev1_trend_as_a_table(snap_compare, monkeypatch) -> None:
    assert snap_compare(_app("da", False, monkeypatch), run_before=_fev1_trend("da", table=True), terminal_size=SMALL)


@pytest.mark.parametrize(("size", "lang", "colour"), [(SMALL, "da", True), (LARGE, "en", False)])
def test_home_spo2_trend(snap_compare, monkeypatch, size, lang, colour) -> None:
    assert snap_compare(_app(lang, colour, monkeypatch), run_before=_spo2_trend(lang), terminal_size=size)


@pytest.mark.parametrize(
    ("size", "lang", "colour"),
    [
        (LARGE, "da", True),
        (SMALL, "da", False),
        (SMALL, "en", True),
        (LARGE, "en", False),
    ],
)
def test_cumulative_labs(snap_compare, monkeypatch, size, lang, colour) -> None:
    assert snap_compare(_app(lang, colour, monkeypatch), run_before=_cumulative(lang), terminal_size=size)


@pytest.mark.parametrize(("size", "lang", "colour"), [(SMALL, "da", True), (LARGE, "en", False)])
def test_find_in_record(snap_compare, monkeypatch, size, lang, colour) -> None:
    assert snap_compare(_app(lang, colour, monkeypatch), run_before=_find(lang), terminal_size=size)

"""Snapshots of every view on Poul, Lars and the home-care citizen Inge (the demo fixtures as
the record service maps them): each view once per citizen, the size, language and colour
rotating so that 80x24 and 120x40, Danish and English, colour and NO_COLOR all appear.
Poul's trend and cumulative table are in `test_ui_snapshots_clinical.py`.

Update after a deliberate visual change: `pytest tests/test_ui_snapshots_views.py
--snapshot-update`, then read the changed SVGs' text.
"""

from __future__ import annotations

import itertools

import pytest

from clinical_records import fixture_record, fixture_summary
from ui_fakes import FakeService, make_app, open_poul, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")

CPR = {"poul": "1203541237", "lars": "0408572349", "inge": "2311411128"}
VIEWS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "ctrl+t", "k", "t")
LOOKS = list(itertools.product(((80, 24), (120, 40)), ("da", "en"), (True, False)))  # size, lang, colour


def _cases() -> list[tuple[str, str, tuple[int, int], str, bool]]:
    cases = []
    n = 0
    for who in CPR:
        for view in VIEWS:
            if who == "poul" and view in ("k", "t"):
                continue  # test_ui_snapshots_clinical.py
            size, lang, colour = LOOKS[n % len(LOOKS)]
            n += 1
            cases.append((who, view, size, lang, colour))
    return cases


def _run_before(who: str, view: str, lang: str):
    async def run_before(pilot) -> None:
        await open_poul(pilot, query=CPR[who], reason="Hjemmebesøg" if lang == "da" else "Home visit")
        if view in ("k", "t"):
            await pilot.press("3")
            await settle_active_pane(pilot)
            await pilot.press(view)
            if view == "t":
                await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "TrendScreen")
                await pilot.pause(0.2)
                return
        else:
            await pilot.press(view)
        await settle_active_pane(pilot)

    return run_before


@pytest.mark.parametrize(
    ("who", "view", "size", "lang", "colour"),
    _cases(),
    ids=[f"{w}-{v}-{s[0]}x{s[1]}-{lang}-{'colour' if c else 'no_color'}" for w, v, s, lang, c in _cases()],
)
def test_view(snap_compare, monkeypatch, who: str, view: str, size, lang: str, colour: bool) -> None:
    if colour:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", "1")  # read by Textual when the app is made
    app = make_app(FakeService({who: fixture_record(who)}, [fixture_summary(who)]), lang=lang)
    assert snap_compare(app, run_before=_run_before(who, view, lang), terminal_size=size)

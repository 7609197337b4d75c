"""The count of private-marked items is a whole count only when every pane has arrived and is
fully known; until then it counts what has arrived and says "at least" (a pane still loading,
or whose search failed, may withhold more). The access log withholds nothing private-marked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from sjtui.i18n import set_language
from sjtui.record.model import Gap, Pane
from sjtui.record.overview import build_overview
from sjtui.ui.app import css_paths
from sjtui.ui.screens.break_glass import BreakGlassScreen
from sjtui.ui.widgets.banner import CitizenBanner

from fhir_builders import build, cc, res

TODAY = date(2026, 3, 1)
ALL_BUT_LABS = set(Pane) - {Pane.LABS}


def _record(**kw):
    return build(
        res("DocumentReference", "n1", private=True, type=cc("Notat"), content=[{"attachment": {"url": "Binary/1"}}]),
        res("DocumentReference", "n2", private=True, type=cc("Notat"), content=[{"attachment": {"url": "Binary/2"}}]),
        **kw,
    )


def test_every_pane_complete_gives_the_whole_count() -> None:
    ov = build_overview(_record(), today=TODAY)
    assert ov.hidden_count == 2 and ov.hidden_complete


def test_a_pane_still_loading_makes_it_at_least() -> None:
    ov = build_overview(_record(loaded=ALL_BUT_LABS), today=TODAY)
    assert ov.hidden_count == 2 and not ov.hidden_complete


def test_a_pane_not_fully_known_makes_it_at_least_but_not_the_access_log() -> None:
    record = _record()
    failed_labs = replace(record, labs=replace(record.labs, gaps=(Gap("failed", "Observation", "500"),)))
    assert not build_overview(failed_labs, today=TODAY).hidden_complete
    failed_log = replace(record, access_log=replace(record.access_log, gaps=(Gap("failed", "AuditEvent", "500"),)))
    assert build_overview(failed_log, today=TODAY).hidden_complete


class Host(App[None]):
    CSS_PATH = css_paths()

    def compose(self) -> ComposeResult:
        yield CitizenBanner(id="banner")


@pytest.fixture
def danish():
    set_language("da")
    yield
    set_language("da")


@pytest.mark.usefixtures("ui_home", "danish")
@pytest.mark.parametrize(("complete", "shown"), [(True, "2 skjulte"), (False, "mindst 2 skjulte")])
async def test_the_banner_says_at_least_until_everything_has_arrived(complete: bool, shown: str) -> None:
    record = _record(loaded=None if complete else ALL_BUT_LABS)
    ov = build_overview(record, today=TODAY)
    app = Host()
    async with app.run_test(size=(160, 10)) as pilot:
        app.query_one(CitizenBanner).show_record(
            record, TODAY, ov.hidden_count, "f9", [], hidden_complete=ov.hidden_complete
        )
        await pilot.pause()
        text = str(app.query_one("#banner-notice", Static).render())
    assert shown in text
    assert ("mindst" in text) is not complete


@pytest.mark.usefixtures("danish")
def test_the_break_glass_window_says_at_least_until_everything_has_arrived() -> None:
    assert BreakGlassScreen("Poul", 2)._hidden_text() == "2 privatmarkerede oplysninger er skjult."
    partial = BreakGlassScreen("Poul", 2, hidden_complete=False)._hidden_text()
    assert partial.startswith("Mindst 2 privatmarkerede oplysninger er skjult")

"""The banner's break-the-glass notice has a style of its own (never the muted grey of an
ordinary notice), in colour and with NO_COLOR."""

from __future__ import annotations

from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from sjtui.ui.app import css_paths
from sjtui.ui.widgets.banner import CitizenBanner

from ui_fakes import poul_record

pytestmark = pytest.mark.usefixtures("ui_home")


class Host(App[None]):
    CSS_PATH = css_paths()

    def compose(self) -> ComposeResult:
        yield CitizenBanner(id="banner")


async def _notice(break_glass_reason: str) -> Static:
    app = Host()
    async with app.run_test(size=(120, 10)) as pilot:
        banner = app.query_one(CitizenBanner)
        banner.show_record(poul_record(), date(2026, 11, 20), 2, "f9", [], break_glass_reason=break_glass_reason)
        await pilot.pause()
        notice = app.query_one("#banner-notice", Static)
        return notice


@pytest.mark.parametrize("no_color", [False, True])
async def test_break_glass_notice_is_set_apart_from_an_ordinary_notice(monkeypatch, no_color: bool) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    ordinary = await _notice("")
    break_glass = await _notice("Akut forgiftning")
    assert break_glass.has_class("break-glass") and not ordinary.has_class("break-glass")
    assert break_glass.styles.text_style.bold and not ordinary.styles.text_style.bold
    if no_color:
        assert break_glass.styles.text_style.reverse
    else:
        assert break_glass.styles.color != ordinary.styles.color

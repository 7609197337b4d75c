"""Long lists (a 15-year record has ~20,000 lab results) show the newest entries a page at a
time: the list stays small in memory and on screen, and Enter on its last row shows more."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import Static

from sjtui.record.model import PaneData
from sjtui.ui.formatting import fmt_date
from sjtui.ui.panes.base import ListPane

from ui_fakes import FakeService, make_app, open_poul, poul_record, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


def _many_labs(n: int):
    record = poul_record()
    base = next(lab for lab in record.labs.items if lab.kind == "single")
    labs = tuple(
        replace(base, resource_key=f"Observation/many-{i}", date=base.date - timedelta(days=i)) for i in range(n)
    )
    return replace(record, labs=PaneData(labs, loaded=True))


async def test_a_long_list_shows_a_page_and_enter_on_its_last_row_shows_more() -> None:
    total = ListPane.PAGE_ENTRIES * 2 + 30
    app = make_app(FakeService(records={"poul": _many_labs(total)}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        table = app.screen.active_pane().query_one("EntryList")
        page = ListPane.PAGE_ENTRIES
        assert table.row_count == page + 1  # a page of entries and the "more" row
        await pilot.press("end")
        await pilot.pause()
        assert f"Viser de nyeste {page} af {total}" in screen_text(app)

        await pilot.press("enter")
        await wait_for(pilot, lambda: table.row_count == 2 * page + 1)
        assert table.cursor_row == page  # on the first entry that was not shown before
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: table.row_count == total)  # all shown: no "more" row left
        assert "Viser de nyeste" not in screen_text(app)


async def test_a_filter_starts_again_from_the_first_page() -> None:
    total = ListPane.PAGE_ENTRIES + 10
    app = make_app(FakeService(records={"poul": _many_labs(total)}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        pane = app.screen.active_pane()
        table = pane.query_one("EntryList")
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: table.row_count == total)
        pane.clear_filter()
        await pilot.pause()
        assert table.row_count == ListPane.PAGE_ENTRIES + 1


async def test_a_burst_of_pagedowns_lands_on_the_right_entry_and_shows_it_in_full() -> None:
    """Paging quickly through a long list: the cursor goes a page a key, the rows drawn are
    the ones it went to, and the line under the list names that entry, not one passed over."""
    record = _many_labs(ListPane.PAGE_ENTRIES)
    app = make_app(FakeService(records={"poul": record}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        pane = app.screen.active_pane()
        table = pane.query_one("EntryList")
        await pilot.press("pagedown")
        await pilot.pause()
        page = table.cursor_row  # how far one page goes at this size
        assert page > 10
        await pilot.press(*["pagedown"] * 5)  # a burst, no pause between the keys
        await settle_active_pane(pilot)
        assert table.cursor_row == 6 * page
        assert table.current_key() == f"Observation/many-{6 * page}"
        when = fmt_date(record.labs.items[6 * page].date)
        shown = screen_text(app)
        assert when in shown  # the row it landed on is drawn
        full = str(pane.query_one(".entry-full", Static).render())
        assert f"Dato: {when}" in full  # and named in full under the list

"""The record screen's clinical actions: trend of the selected row, the cumulative lab
table, search across the record. A mixin of `RecordScreen`, kept apart so the screen stays
small; it uses only the screen's `record`, `active_pane`, `panes` and `action_show_tab`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.widgets.data_table import RowDoesNotExist

from sjtui.i18n import t
from sjtui.record.model import Pane, Record
from sjtui.record.textsearch import SearchHit
from sjtui.record.trends import home_row_key, lab_row_key, series_for
from sjtui.ui.keys import BY_ID
from sjtui.ui.widgets.entry_list import EntryList

if TYPE_CHECKING:
    from sjtui.ui.panes.base import RecordPane
    from sjtui.ui.screens.find import FindScreen


def row_series_key(record: Record, pane: Pane, row_key: str) -> str | None:
    """The series behind a list row: a lab result, a panel member ("~key#m2"), a panel (its
    first numeric member) or a home measurement. None for rows without a number."""
    base, _, part = row_key.removeprefix("~").partition("#")
    if pane == Pane.LABS:
        lab = next((x for x in record.labs.items if x.resource_key == base), None)
        if lab is None:
            return None
        if part.startswith("m") and part[1:].isdigit():
            return lab_row_key(lab, int(part[1:]))
        return lab_row_key(lab) if not part else None
    if pane == Pane.HOME:
        found = next((m for m in record.home.items if m.resource_key == base), None)
        return home_row_key(found) if found is not None else None
    return None


class ClinicalActions:
    """Mixed into RecordScreen (which provides the attributes typed below)."""

    record: Record | None

    if TYPE_CHECKING:
        app: Any

        def active_pane(self) -> RecordPane | None: ...
        def panes(self) -> list[RecordPane]: ...
        async def action_show_tab(self, pane_id: str) -> None: ...
        def call_after_refresh(self, callback: Any, *args: Any) -> bool: ...

    def _selected_row(self) -> tuple[RecordPane, str] | None:
        pane = self.active_pane()
        if pane is None:
            return None
        found = pane.query(EntryList)
        key = found.first().current_key() if found else None
        return (pane, key) if key else None

    def action_show_trend(self) -> None:
        from sjtui.ui.screens.trend import TrendScreen

        selected = self._selected_row()
        if self.record is None or selected is None:
            self.app.notify(t("trend.no_row"), timeout=4)
            return
        pane, row = selected
        key = row_series_key(self.record, pane.PANE, row)
        series = series_for(self.record, key) if key else None
        if series is None or not series.points:
            self.app.notify(t("trend.no_numbers"), timeout=4)
            return
        self.app.push_screen(TrendScreen(series, getattr(self.app, "keymap", {})))

    def action_toggle_cumulative(self) -> None:
        pane = self.active_pane()
        toggle = getattr(pane, "toggle_cumulative", None)
        if toggle is None:
            self.app.notify(t("cumulative.labs_only"), timeout=4)
            return
        toggle()

    _find_screen: FindScreen | None = None

    def route_find_keys(self, event: events.Key) -> bool:
        """The find key (F7) is acted on where the record screen first sees it, not as a
        binding (looked up only once the key has travelled up to the app); keys typed right
        after it that were already on their way to this screen's list go to the find window,
        in order (see `FilterTypeAhead` for the same on the filter key). True: taken."""
        find = self._find_screen
        if find is not None and find.is_attached and self.app.screen is find:
            find.hand_over(event)
            return True
        self._find_screen = None
        keys = getattr(self.app, "keymap", {}).get("record.find") or BY_ID["record.find"].keys
        if event.key not in [k.strip() for k in keys.split(",")]:
            return False
        event.stop()
        event.prevent_default()
        self.action_find_in_record()
        return True

    def action_find_in_record(self) -> None:
        from sjtui.ui.screens.find import FindScreen

        if self.record is None:
            return
        bodies: dict[str, str] = {}
        for pane in self.panes():
            bodies.update(pane_bodies(pane))
        self._find_screen = FindScreen(self.record, bodies)
        self.app.push_screen(self._find_screen, self._go_to_hit)

    async def _go_to_hit(self, hit: SearchHit | None) -> None:
        if hit is None:
            return
        await self.action_show_tab(hit.pane.value)
        pane = self.active_pane()
        if pane is None:
            return
        pane.clear_filter()  # the hit may be filtered out of the list
        self.call_after_refresh(_move_to, pane, hit.resource_key)


def pane_bodies(pane: RecordPane) -> dict[str, str]:
    bodies = getattr(pane, "bodies", None)
    return dict(bodies()) if callable(bodies) else {}


def _move_to(pane: RecordPane, resource_key: str) -> None:
    found = pane.query(EntryList)
    if not found:
        return
    entries = found.first()
    try:
        entries.move_cursor(row=entries.get_row_index(resource_key), animate=False, scroll=True)
    except RowDoesNotExist:  # not listed (paged out or filtered): stay where the list is
        return
    entries.focus()

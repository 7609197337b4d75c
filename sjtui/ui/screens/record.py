"""The record screen: citizen banner, the tabs (`TAB_PANES`), status bar.

Opening runs `service.open(citizen, grant)` in an exclusive worker and applies each Record
as it arrives (progressive: the banner says which panes are still loading). Pane views are
audited (`service.record_pane_view`) the first time each tab is shown in this opening,
after the opening's own audit entry exists (i.e. after the first Record arrived): the entry
is queued at once, in the order the tabs were shown, and written off the event loop (the
tab's data is already on screen under the opening's entry); a failure is reported.
The screen holds the only copy of record data in the UI; removing it (switch citizen,
lock) drops it.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, TabbedContent, TabPane

from sjtui.access.grant import Grant
from sjtui.i18n import t
from sjtui.record.entries import CitizenSummary, ImagingReport, Note
from sjtui.record.errors import ServiceError
from sjtui.record.model import Pane, Record
from sjtui.record.overview import build_overview
from sjtui.ui.keys import BY_ID, bindings_for, key_label, localise_bindings
from sjtui.ui.opening import OpeningStream
from sjtui.ui.panes import PANE_CLASSES, RecordPane
from sjtui.ui.screens.record_clinical import ClinicalActions
from sjtui.ui.tab_order import apply_tab_keys, tab_plan
from sjtui.ui.widgets.banner import CitizenBanner
from sjtui.ui.widgets.filter_bar import FilterTypeAhead
from sjtui.ui.widgets.status_bar import StatusBar
from sjtui.ui.widgets.tab_labels import fit_tab_labels

if TYPE_CHECKING:
    from sjtui.ui.app import SjtuiApp

# Record attribute per pane, for "still loading" (overview and basic derive from others).
_LOADING_SOURCES: dict[Pane, str] = {
    Pane.NOTES: "notes",
    Pane.LABS: "labs",
    Pane.IMAGING: "imaging",
    Pane.MEDICATION: "medication",
    Pane.VACCINATIONS: "vaccinations",
    Pane.HOME: "home",
    Pane.APPOINTMENTS: "appointments",
    Pane.ACCESS_LOG: "access_log",
}


class RecordScreen(ClinicalActions, Screen[None]):
    BINDINGS = bindings_for("record")
    COMMAND_SCOPES = ("record",)

    def __init__(self, citizen: CitizenSummary, grant: Grant, stream: OpeningStream | None = None) -> None:
        """`stream`: the opening already started by the app (see `sjtui.ui.opening`)."""
        super().__init__()
        self._stream = stream
        localise_bindings(self)
        self.citizen = citizen
        self.grant = grant
        self.record: Record | None = None
        self._viewed: set[Pane] = set()
        self._pending_views: list[Pane] = []
        self._opened = False
        filter_keys = self.sj.keymap.get("record.filter") or BY_ID["record.filter"].keys
        self._type_ahead = FilterTypeAhead([k.strip() for k in filter_keys.split(",") if k.strip()])
        # The function profile's tab order (digit keys follow it) and default filters.
        self.tabs = tab_plan(self.sj.settings, getattr(self.sj.services, "identity", None))
        apply_tab_keys(self.sj, self.tabs.order)

    @property
    def sj(self) -> SjtuiApp:
        return cast("SjtuiApp", self.app)  # always hosted by SjtuiApp

    # --- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        today = self.sj.today()
        yield CitizenBanner(id="banner")
        with TabbedContent(initial=Pane.OVERVIEW.value, id="tabs"):
            for pane in self.tabs.order:
                with TabPane(t(f"tab.{pane.value}"), id=pane.value):
                    widget = PANE_CLASSES[pane](today=today, id=f"pane-{pane.value}", classes="record-pane")
                    if pane in self.tabs.filters and hasattr(widget, "use_default_filter"):
                        widget.use_default_filter(self.tabs.filters[pane])
                    yield widget
        yield StatusBar(self.sj.service_status, id="status-bar")
        yield Footer()

    def on_mount(self) -> None:
        if not self.showing():  # closed before it was up (F2 typed in the same burst)
            return
        fit_tab_labels(self.query_one(TabbedContent), self.tabs.order, self.size.width)
        self.query_one(CitizenBanner).show_opening(self.citizen, self.sj.today())
        self._note_view(Pane.OVERVIEW)
        self.open_record()

    def on_resize(self) -> None:
        if not self.showing():
            return
        fit_tab_labels(self.query_one(TabbedContent), self.tabs.order, self.size.width)

    def panes(self) -> list[RecordPane]:
        return list(self.query(RecordPane))

    def active_pane(self) -> RecordPane | None:
        active = self.query_one(TabbedContent).active
        found = self.query(f"#pane-{active}")
        return found.first(RecordPane) if found else None

    # --- opening -------------------------------------------------------------------------
    @work(exclusive=True, group="record", exit_on_error=False)
    async def open_record(self) -> None:
        stream, self._stream = self._stream, None
        records = stream if stream is not None else self.sj.service.open(self.citizen, self.grant)
        try:
            async for record in records:
                self.apply(record)
        except ServiceError as exc:
            self.sj.report_error(exc)
            if self.record is None:
                # Fail closed: nothing was shown; go back to the search.
                self.sj.leave_record(self)
        except Exception as exc:  # noqa: BLE001 - never a traceback on screen
            self.sj.report_unexpected(exc)
            if self.record is None:
                # Fail closed: nothing was shown; go back to the search.
                self.sj.leave_record(self)
        finally:
            if stream is not None:
                stream.cancel()  # the screen went away mid-opening: stop fetching

    def release_record(self) -> None:
        """Drop the record from this screen and its panes (it is closing): whatever still
        refers to the screen for a moment (a timer, a task's context) holds no record data,
        so the previous citizen's record is gone before the next one is read and mapped."""
        self.record = None
        for pane in self.panes():
            pane.release()

    def on_unmount(self) -> None:
        if self._stream is not None:  # removed before the opening was consumed
            self._stream.cancel()
            self._stream = None

    def showing(self) -> bool:
        """This screen is still the open record's (not closed by F2 or a lock meanwhile)."""
        return self.is_attached and self in self.app.screen_stack and bool(self.query(CitizenBanner))

    def apply(self, record: Record) -> None:
        if not self.showing():  # arrived in the moment the record was closed: show nothing
            return
        for notice in record.notices:
            self.sj.notify(t(f"notice.{notice}"), timeout=6)
        self.record = record
        self._opened = True
        overview = build_overview(record, today=self.sj.today())
        loading = [
            t(f"tab.{p.value}")
            for p, attr in _LOADING_SOURCES.items()
            if not getattr(record, attr).loaded and not getattr(record, attr).error
        ]
        btg = self.grant.break_glass
        self.query_one(CitizenBanner).show_record(
            record,
            self.sj.today(),
            overview.hidden_count,
            key_label("record.break_glass", self.sj.keymap),
            loading,
            break_glass_reason=btg.reason if btg is not None else "",
            hidden_complete=overview.hidden_complete,
        )
        for pane in self.panes():
            try:
                pane.update_record(record)
            except Exception as exc:  # noqa: BLE001 - one pane's bug must not close the record
                self.sj.report_unexpected(exc)
        self.query_one(StatusBar).set_as_of(record.as_of)
        self._flush_views()

    # --- pane views (audit) ----------------------------------------------------------------
    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        try:
            pane = Pane(pane_id)
        except ValueError:
            return
        self._note_view(pane)

    def _note_view(self, pane: Pane) -> None:
        if pane in self._viewed or pane in self._pending_views:
            return
        self._pending_views.append(pane)
        self._flush_views()

    def _flush_views(self) -> None:
        if not self._opened:
            return
        written: list[Awaitable[None]] = []
        while self._pending_views:
            pane = self._pending_views.pop(0)
            self._viewed.add(pane)
            try:
                written.append(self.sj.service.record_pane_view(self.grant, pane))
            except ServiceError as exc:
                self.sj.report_error(exc)
        self.query_one(StatusBar).refresh_status()
        if written:
            self._report_views(written)

    @work(group="pane-views", exit_on_error=False)
    async def _report_views(self, written: list[Awaitable[None]]) -> None:
        """Tell the clinician if a queued view could not be written (the service writes it
        even when this screen has gone)."""
        for done in written:
            try:
                await done
            except ServiceError as exc:
                self.sj.report_error(exc)
        if self.is_mounted:
            self.query_one(StatusBar).refresh_status()

    # --- bodies ----------------------------------------------------------------------------
    async def fetch_body(self, entry: Note | ImagingReport) -> str:
        body = await self.sj.service.load_body(self.grant, entry)
        self.query_one(StatusBar).refresh_status()
        return body

    def report_error(self, exc: ServiceError, quiet: bool = False) -> None:
        self.sj.report_error(exc, quiet=quiet)

    # --- actions ---------------------------------------------------------------------------
    async def action_show_tab(self, pane_id: str) -> None:
        tabs = self.query_one(TabbedContent)
        # Let go of the focus first: a focused widget that is hidden hands its focus to a
        # neighbour in the focus chain (often a filter field), and a digit typed quickly
        # after this one would land there instead of switching tab.
        self.set_focus(None)
        tabs.active = pane_id
        pane = self.active_pane()
        if pane is not None:
            await pane.ensure_built()
            self.call_after_refresh(pane.focus_within)

    def action_switch_citizen(self) -> None:
        self.sj.switch_citizen()

    def on_key(self, event: events.Key) -> None:
        """The filter key, and what is typed right after it (see FilterTypeAhead); the same
        for the find key (`route_find_keys`)."""
        if self.route_find_keys(event):
            return
        if event.key in self._type_ahead.keys:
            event.stop()
            event.prevent_default()
            self.action_focus_filter()
        else:
            self._type_ahead.route(event, self.focused)

    def action_focus_filter(self) -> None:
        pane = self.active_pane()
        if pane is not None and pane.focus_filter():
            focused = self.focused
            self._type_ahead.armed(focused if isinstance(focused, Input) else None)

    def action_clear_filter(self) -> None:
        pane = self.active_pane()
        if pane is not None:
            pane.clear_filter()
            pane.focus_within()

    def action_break_glass(self) -> None:
        self.sj.start_break_glass(self)

    def reopen(self, grant: Grant) -> None:
        """Open again with an extended grant (after break-the-glass)."""
        self.grant = grant
        self._viewed.clear()
        self._opened = False
        active = self.query_one(TabbedContent).active
        try:
            self._pending_views.append(Pane(active))
        except ValueError:
            pass
        self.open_record()

"""Base classes for the record tabs.

`RecordPane` receives every new Record (`update_record`) but renders only when shown, so a
burst of progressive updates costs one render of the visible tab. `ListPane` adds the common
shape: a filter line, a status line (loading / error / hidden / unreadable), and the list.
Subclasses say which PaneData they show, the columns, and how an entry becomes a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from sjtui.i18n import t
from sjtui.record.model import Entry, ListState, Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.known import not_known_line, unreadable_kind, unreadable_what
from sjtui.ui.panes.filtering import apply_filter, course_choices, source_choices
from sjtui.ui.panes.revealed import mark_revealed
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import EntryList, Row
from sjtui.ui.widgets.filter_bar import FilterBar, UiFilter
from sjtui.ui.widgets.filter_chips import FilterChips


class RecordPane(Vertical):
    PANE: ClassVar[Pane]
    HELP_KEY: ClassVar[str] = ""

    def __init__(self, *, today: date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.record: Record | None = None
        self._dirty = False
        self._built = False
        self._building = False

    # --- lazy building: a tab's widgets are created the first time it is shown -------------
    def compose(self) -> ComposeResult:
        if self._built:
            yield from self.build()

    def build(self) -> ComposeResult:  # pragma: no cover - per pane
        raise NotImplementedError

    async def ensure_built(self) -> None:
        """Create the pane's widgets (once). Renders wait until they are all mounted."""
        if self._built:
            return
        self._built = True  # compose() yields the widgets from now on
        self._building = True
        try:
            await self.recompose()
        finally:
            self._building = False
        if self._dirty:
            self.render_now()

    @property
    def settled(self) -> bool:
        """Built, drawn with the latest record and waiting on nothing (tests and benches)."""
        return self._built and not self._building and not self._dirty

    # --- lifecycle ------------------------------------------------------------------------
    def update_record(self, record: Record | None) -> None:
        self.record = record
        self._dirty = True
        if self.is_mounted and self._is_shown():
            self.render_now()

    def release(self) -> None:
        """Drop the record's data (the screen is closing): nothing holding on to this widget
        for a moment longer (a timer, a task) keeps the record in memory."""
        self.record = None
        self._dirty = False
        for table in self.query(EntryList):
            table.release()

    def on_resize(self) -> None:
        if self.record is not None and self._is_shown():
            self.render_now()

    async def on_show(self) -> None:
        await self.ensure_built()
        if self._dirty:
            self.render_now()

    def _is_shown(self) -> bool:
        parent = self.parent
        return bool(parent is not None and getattr(parent, "display", True) and self.display and self.region.width > 0)

    def render_now(self) -> None:
        if not self._built or self._building:
            return
        self._dirty = False
        if self.record is not None:
            self.render_record(self.record)

    def render_record(self, record: Record) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- focus and filters -----------------------------------------------------------------
    def focus_within(self) -> None:
        """Put focus where the keys are useful (the list)."""
        found = self.query(EntryList)
        if found:
            found.first().focus()
        else:
            self.focus()

    def focus_filter(self) -> bool:
        return False

    def clear_filter(self) -> None:
        pass


MORE_KEY = "~more"
MAX_UNREADABLE_ROWS = 20  # more are counted in one row (and all listed in F8)


class ListPane(RecordPane):
    COLUMNS: ClassVar[Sequence[str]] = ()
    # Columns that may be cut to fit the width, in the order they give way: (key, min width).
    FLEX: ClassVar[Sequence[tuple[str, int]]] = ()
    # Columns left out, in this order, when even so the list does not fit (80 columns); the
    # selected entry is shown in full under the list (or in the detail view).
    DROP: ClassVar[Sequence[str]] = ("col.source",)
    TEXT_FILTER: ClassVar[bool] = False
    COURSE_FILTER: ClassVar[bool] = True
    # The course chooser appears only once an entry of the pane belongs to a course.
    COURSE_FILTER_WHEN_LINKED: ClassVar[bool] = False
    FILTERS: ClassVar[bool] = True
    # Entries listed at a time, newest first; a last row offers the next ones (Enter). Keeps
    # a 20,000-result record's list (and its memory) the size of a few screens; the filters
    # reach older entries directly.
    PAGE_ENTRIES: ClassVar[int] = 500
    # The column that names an entry: a revealed private-marked entry is marked there.
    TITLE_COLUMN: ClassVar[int] = 2

    def __init__(self, *, today: date, **kwargs: Any) -> None:
        super().__init__(today=today, **kwargs)
        self.filter = UiFilter()
        self.default_filter = UiFilter()  # the function profile's, shown as chips
        self._rows: dict[str, Row] = {}
        self._limit = self.PAGE_ENTRIES

    def build(self) -> ComposeResult:
        if self.FILTERS:
            yield FilterBar(
                text=self.TEXT_FILTER,
                courses=self.COURSE_FILTER,
                courses_when_linked=self.COURSE_FILTER_WHEN_LINKED,
                initial=self.default_filter,
                classes="filters",
            )
            yield FilterChips(self.default_filter, classes="filter-chips")
        yield Static(classes="pane-status", markup=False)
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield EntryList(self.COLUMNS, self.FLEX, self.DROP, classes="entries")
        if self.FLEX:
            # Columns may be cut to fit the width: the selected entry is shown in full here.
            yield Static(classes="entry-full", markup=False)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not self.FLEX:
            return
        key = event.row_key.value if event.row_key is not None else None
        row = self._rows.get(key or "")
        found = self.query(".entry-full")
        if not found:
            return  # panes with a detail view (notes, imaging) show the entry there
        line = found.first(Static)
        if row is not None and row.key.startswith("~unreadable"):
            # A quarantined entry: its words in full (the list cuts them on a narrow screen).
            words = [c.plain if isinstance(c, Text) else str(c) for c in row.cells]
            line.update(Text(" · ".join(w.strip() for w in words if w.strip()), end=""), layout=False)
            return
        if row is None or row.key.startswith("~"):  # group headings and sub-rows
            line.update("", layout=False)
            return
        own = self.entry_line(row.key)
        if own is not None:  # the pane words its entries in full itself
            line.update(own, layout=False)
            return
        parts = []
        for column, cell in zip(self.COLUMNS, row.cells, strict=False):
            text = cell.plain if isinstance(cell, Text) else str(cell)
            if column and column != "col.new" and text.strip():
                parts.append(f"{t(column)}: {text.strip()}")
        line.update(Text(" · ".join(parts), end=""), layout=False)

    def release(self) -> None:
        super().release()
        self._rows = {}

    def entry_line(self, key: str) -> RenderableType | None:
        """The entry `key` in full for the line under the list; None: its cells, joined."""
        return None

    def data(self, record: Record) -> PaneData[Any]:
        return getattr(record, self.PANE.value)

    def rows(self, items: Sequence[Any], data: PaneData[Any], record: Record) -> list[Row]:
        raise NotImplementedError  # pragma: no cover

    def new_cell(self, item: Entry, data: PaneData[Any]) -> Text:
        if item.resource_key in data.new_keys:
            return Text(t("pane.new"), style="bold", end="")
        return Text("", end="")

    def use_default_filter(self, flt: UiFilter) -> None:
        """Start with a function profile's default filter (before the pane is built)."""
        if not self.FILTERS:
            return
        if not self.TEXT_FILTER:
            flt = UiFilter(days=flt.days)  # no text field here to show (and remove) it in
        self.default_filter = self.filter = flt

    def render_record(self, record: Record) -> None:
        data = self.data(record)
        items = list(data.items)
        if self.FILTERS:
            bar = self.query_one(FilterBar)
            courses = course_choices(items, record.courses.items)
            bar.set_choices(source_choices(items), courses)
            for chips in self.query(FilterChips):
                chips.show(self.filter, {key: label for label, key in courses})
            items = apply_filter(items, self.filter, today=self.today, record=record, bodies=self.bodies())
        self._show_status(data, shown=len(items))
        total = len(items)
        items = items[: self._limit]
        rows = mark_revealed(self.rows(items, data, record), items, self.TITLE_COLUMN)
        if total > len(items):
            rows.append(self._more_row(len(items), total))
        if data.unreadable and not self.filter.active:
            rows.extend(self._unreadable_rows(data))
        self._rows = {row.key: row for row in rows}
        self.query_one(EntryList).show_rows(rows)

    def _unreadable_rows(self, data: PaneData[Any]) -> list[Row]:
        """One row per quarantined entry: "Kunne ikke læses: Observation, 12-03-2024, ..."
        (the reason in F8), under the title column so the date column stays narrow."""
        width = len(self.COLUMNS)
        at = min(2, width - 1)
        dated = width > 1 and self.COLUMNS[1] in ("col.date", "col.time")
        rows = []
        for n, item in enumerate(data.unreadable[:MAX_UNREADABLE_ROWS]):
            cells: list[Text | str] = [""] * width
            what = unreadable_what(item, with_date=not dated, with_kind=at + 1 >= width)
            cells[at] = literal(t("unreadable.row", what=what), "italic")
            if dated and item.date is not None:
                cells[1] = literal(fmt_date(item.date), "italic")
            if at + 1 < width:
                cells[at + 1] = literal(unreadable_kind(item), "italic")
            rows.append(Row(f"~unreadable{n}", tuple(cells)))
        if len(data.unreadable) > MAX_UNREADABLE_ROWS:
            cells = [""] * width
            cells[at] = literal(t("pane.unreadable", n=len(data.unreadable)), "italic")
            rows.append(Row("~unreadable", tuple(cells)))
        return rows

    def _more_row(self, shown: int, total: int) -> Row:
        width = len(self.COLUMNS)
        cells: list[Text | str] = [""] * width
        cells[min(2, width - 1)] = literal(
            t("pane.more", shown=shown, total=total, n=min(self.PAGE_ENTRIES, total - shown)), "italic"
        )
        return Row(MORE_KEY, tuple(cells))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key is None or event.row_key.value != MORE_KEY or self.record is None:
            return
        event.stop()
        entries = self.query_one(EntryList)
        first_new = entries.cursor_row
        self._limit += self.PAGE_ENTRIES
        self.render_record(self.record)
        entries.move_cursor(row=first_new, animate=False, scroll=True)

    def _show_status(self, data: PaneData[Any], shown: int) -> None:
        parts: list[str] = []
        state = data.state
        if state is ListState.LOADING:
            parts.append(t("pane.loading"))
        unknown = not_known_line(data, has_shown=bool(data.items))
        if unknown:
            parts.append(unknown)
        if data.hidden:
            parts.append(t("pane.hidden", n=data.hidden))
        if state is ListState.EMPTY:  # only a complete, successful search says "none"
            parts.append(t("pane.empty"))
        elif data.items and shown == 0:
            parts.append(t("pane.empty_filtered"))
        status = self.query_one(".pane-status", Static)
        status.update(Text("   ".join(parts), end=""))
        status.display = bool(parts)
        status.set_class(state is ListState.UNKNOWN, "error")

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.filter = event.value
        self._limit = self.PAGE_ENTRIES
        if self.record is not None:
            self.render_record(self.record)

    @on(FilterChips.Removed)
    def _chip_removed(self, event: FilterChips.Removed) -> None:
        self.query_one(FilterBar).clear_part(event.part)
        self.call_after_refresh(self.focus_within)  # the chip is gone: back to the list

    def bodies(self) -> dict[str, str]:
        """Full texts known to this pane (searched by the text filter)."""
        return {}

    def focus_filter(self) -> bool:
        if not self.FILTERS:
            return False
        self.query_one(FilterBar).focus_first()
        return True

    def clear_filter(self) -> None:
        if self.FILTERS:
            self.query_one(FilterBar).clear()
            self.filter = UiFilter()
            self._limit = self.PAGE_ENTRIES
            if self.record is not None:
                self.render_record(self.record)

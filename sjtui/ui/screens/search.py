"""Find a citizen: CPR (with or without the dash) or name. No record data is fetched here.

Messages appear in place under the field (invalid CPR, nobody found); network trouble also
gets a short titled notice. A CPR that finds exactly one citizen goes straight on to the
consent window; a name search lists the hits (Enter opens the highlighted one).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from sjtui.cpr import InvalidCpr, format_cpr, looks_like_cpr, normalise_cpr
from sjtui.i18n import t
from sjtui.record.errors import ServiceError
from sjtui.ui.error_text import error_title
from sjtui.ui.formatting import age
from sjtui.ui.keys import bindings_for, localise_bindings
from sjtui.ui.render import literal
from sjtui.ui.widgets.calm import CalmInput
from sjtui.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from sjtui.record.entries import CitizenSummary
    from sjtui.ui.app import SjtuiApp


def summary_cells(c: CitizenSummary, today: date) -> tuple[Text, ...]:
    years = age(c.birth_date, today)
    address = literal(t("search.protected"), "bold") if c.protected else literal(c.address)
    bad = set(c.unreadable_fields)  # present but unreadable: said, not silently blank
    name = literal(c.name, "bold")
    if "name" in bad:
        name.append((" " if c.name else "") + t("unreadable.field"), style="italic")
    shown_age = t("unreadable.field") if "birthDate" in bad else "" if years is None else str(years)
    return (name, Text(format_cpr(c.cpr), end=""), Text(shown_age, end=""), address)


def invalid_cpr_text(exc: InvalidCpr) -> str:
    detail = "search.invalid_cpr.date" if "birth date" in str(exc) else "search.invalid_cpr.shape"
    return t("search.invalid_cpr", detail=t(detail))


class SearchScreen(Screen[None]):
    BINDINGS = bindings_for("search")
    COMMAND_SCOPES = ("search",)
    HELP_KEY = "help.search"

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)
        self.results: list[CitizenSummary] = []

    @property
    def sj(self) -> SjtuiApp:
        return cast("SjtuiApp", self.app)  # always hosted by SjtuiApp

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static(t("search.title"), id="search-title")
            yield CalmInput(placeholder=t("search.placeholder"), id="search-input")
            yield Static(t("search.hint"), id="search-message", markup=False)
            table: DataTable[Any] = DataTable(id="search-results", cursor_type="row")
            yield table
        yield StatusBar(self.sj.service_status, id="status-bar")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("search.col.name", "search.col.cpr", "search.col.age", "search.col.address"):
            table.add_column(t(key), key=key)
        table.display = False
        self.query_one("#search-input").focus()

    def action_focus_search(self) -> None:
        self.query_one("#search-input").focus()

    def reset(self) -> None:
        """Forget the last search (names and CPRs leave the screen on switch)."""
        self.results = []
        self.query_one("#search-input", Input).value = ""
        table = self.query_one(DataTable)
        table.clear()
        table.display = False
        self._message(t("search.hint"))
        self.query_one("#search-input").focus()

    def _message(self, text: str, error: bool = False) -> None:
        box = self.query_one("#search-message", Static)
        box.update(text)
        box.set_class(error, "error")

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.submit_query(event.value)

    def submit_query(self, query: str, via: str = "search") -> None:
        """Search for `query` as if typed and submitted (also the button launch, --cpr)."""
        self.query_one("#search-input", Input).value = query
        query = query.strip()
        if not query:
            self._message(t("search.hint"))
            return
        if looks_like_cpr(query):
            try:
                normalise_cpr(query)
            except InvalidCpr as exc:
                self._message(invalid_cpr_text(exc), error=True)
                return
        elif sum(ch.isalpha() for ch in query) < 2:
            if any(ch.isdigit() for ch in query):
                self._message(invalid_cpr_text(InvalidCpr("shape")), error=True)
            else:
                self._message(t("search.too_short"), error=True)
            return
        self._message(t("search.searching"))
        self.search(query, via)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search(self, query: str, via: str = "search") -> None:
        table = self.query_one(DataTable)
        try:
            hits = await self.sj.service.find_citizens(query, via=via)
        except InvalidCpr as exc:
            self._show([], table)
            self._message(invalid_cpr_text(exc), error=True)
            return
        except ServiceError as exc:
            self._show([], table)
            self._message(error_title(exc), error=True)
            self.sj.report_error(exc)
            return
        self._show(hits, table)
        self.sj.refresh_status()
        if not hits:
            self._message(t("search.none"), error=True)
        elif len(hits) == 1:
            self._message(t("search.result_one"))
            if looks_like_cpr(query):
                self.sj.begin_opening(hits[0])
            else:
                table.focus()
        else:
            self._message(t("search.results", n=len(hits)))
            table.focus()

    def _show(self, hits: list[CitizenSummary], table: DataTable[Any]) -> None:
        self.results = list(hits)
        table.clear()
        today = self.sj.today()
        for n, hit in enumerate(hits):
            table.add_row(*summary_cells(hit, today), key=str(n))
        table.display = bool(hits)

    @on(DataTable.RowSelected, "#search-results")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        index = int(event.row_key.value or 0)
        if 0 <= index < len(self.results):
            self.sj.begin_opening(self.results[index])

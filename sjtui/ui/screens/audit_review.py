"""The supervisor's audit review: walk through one ISO week's look-ups, mark each justified or
not (with a comment, required for "not justified"), and produce the acknowledgement report.

Reading the journal decrypts every entry, and marks are fsynced: both run in thread workers
so the screen never stalls. The week defaults to the ISO week just finished, in the week field,
which has the focus (Enter confirms it). With `fetch_server` the organisation's AuditEvents
(every workstation) are merged in by entry id; the status counts reviewed rows truthfully. Keys: J marks
the selected look-up justified, U not justified (the cursor then moves to the next row), R
produces the report (shown in a scrollable view, optionally saved to a file the user names;
the default name holds only the week, no personal data), Enter in the week field loads that
week, Escape goes back. All journal text (names, reasons) is rendered literally.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from sjtui.audit.export import LookupRow, week_bounds, week_lookups
from sjtui.audit.journal import AuditJournal
from sjtui.audit.review import ReviewMark, ReviewStore
from sjtui.audit.server_events import merge_lookups
from sjtui.cpr import format_cpr
from sjtui.i18n import t
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.render import literal, short
from sjtui.ui.screens.audit_dialogs import REVIEW_ERRORS, CommentScreen, ReportScreen, plain_error
from sjtui.ui.widgets.calm import CalmInput

# The assessment first (what is left to do shows at a glance), the long texts last; the
# detail line under the table shows the selected look-up in full.
FetchServer = Callable[[datetime, datetime], Awaitable[list[LookupRow]]]
COLUMNS = ("mark", "time", "clinician", "cpr", "basis", "btg", "reason", "panes")
CLINICIAN_WIDTH = 24
REASON_WIDTH = 32


def previous_iso_week(today: date) -> str:
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


class AuditReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("j", "mark(True)", "Justified", show=False, id="review.justified"),
        Binding("u", "mark(False)", "Not justified", show=False, id="review.unjustified"),
        Binding("r", "report", "Report", show=False, id="review.report"),
        Binding("escape", "back", "Back", show=False, id="review.back"),
    ]

    def __init__(
        self,
        journal: AuditJournal,
        review_store: ReviewStore,
        reviewer: str,
        today: date,
        lang: str,
        *,
        save_dir: Path | None = None,
        fetch_server: FetchServer | None = None,
    ) -> None:
        """`fetch_server(start, end)`: the organisation's look-ups from the server (every
        workstation; needs the auditor's sign-in), merged with the local journal by entry id."""
        super().__init__()
        self.fetch_server = fetch_server
        self.server_note = ""
        self.journal = journal
        self.store = review_store
        self.reviewer = reviewer
        self.today = today
        self.lang = lang
        self.save_dir = save_dir
        self.week = previous_iso_week(today)
        self.rows: dict[str, LookupRow] = {}
        self.marks: dict[str, ReviewMark] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box"):
            yield Static(t("review.title"), id="review-title")
            with Horizontal(id="review-week-row"):
                yield Static(t("review.week"), classes="audit-label review-week-label")
                yield CalmInput(self.week, placeholder=t("review.week.placeholder"), id="review-week")
            yield Static("", id="review-status", markup=False)
            table: DataTable[Any] = DataTable(id="review-table", cursor_type="row")
            for key in COLUMNS:
                table.add_column(t(f"review.col.{key}"), key=key, width=self._fixed_width(key))
            yield table
            yield Static("", id="review-detail", markup=False)
            yield Static(t("review.keys"), classes="audit-hint")

    @staticmethod
    def _fixed_width(column: str) -> int | None:
        """The mark column does not jump when a mark changes; the others fit their content."""
        if column != "mark":
            return None
        labels = ("review.col.mark", "review.mark.ok", "review.mark.bad", "review.mark.none")
        return max(len(t(k)) for k in labels)

    def on_mount(self) -> None:
        # The week just finished is loaded, and its field has the focus: Enter confirms it,
        # or type another week (the table takes the focus once a week is entered).
        self.query_one("#review-week").focus()
        self._load(self.week)

    # --- loading -----------------------------------------------------------------------------
    @on(Input.Submitted, "#review-week")
    def _week_entered(self, event: Input.Submitted) -> None:
        week = event.value.strip().upper()
        try:
            week_bounds(week)
        except ValueError:
            self._status(t("review.bad_week"), error=True)
            return
        self._load(week)
        self.query_one("#review-table").focus()

    def _load(self, week: str) -> None:
        self._status(t("review.loading"))
        self._read_week(week)

    @work(thread=True, exclusive=True, group="review-load", exit_on_error=False)
    def _read_week(self, week: str) -> None:
        try:
            rows = week_lookups(self.journal, week)
            marks = self.store.marks()
        except REVIEW_ERRORS as exc:  # shown in place, never a traceback
            self.app.call_from_thread(self._status, t("review.failed", error=plain_error(exc)), error=True)
            return
        if self.fetch_server is not None:
            server: list[LookupRow] | None = self.app.call_from_thread(self._server_rows, week)  # type: ignore[arg-type]  # Textual types the callback as returning Awaitable[Never]; it awaits our coroutine
            if server is not None:
                rows = merge_lookups(rows, server)
        self.app.call_from_thread(self._show_week, week, rows, marks)

    async def _server_rows(self, week: str) -> list[LookupRow] | None:
        """The week from the server (on the app's loop, where the client lives), or None
        with a note: the local journal is then shown alone, and the status says so."""
        assert self.fetch_server is not None  # noqa: S101 - narrows the type: only called when it is set
        try:
            rows = await self.fetch_server(*week_bounds(week))
        except Exception as exc:  # noqa: BLE001 - FhirError and friends: said in place
            self.server_note = t("review.server_failed", error=plain_error(exc))
            return None
        self.server_note = t("review.server_included")
        return rows

    def _show_week(self, week: str, rows: list[LookupRow], marks: dict[str, ReviewMark]) -> None:
        self.week = week
        self.rows = {r.entry_id: r for r in rows}
        self.marks = marks
        table = self.query_one("#review-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*self._cells(row), key=row.entry_id)
        self._count()
        self._show_detail()

    def _cells(self, row: LookupRow) -> list[Text]:
        when = fmt_datetime(datetime.fromisoformat(row.time))
        if row.offline:
            when += f" ({t('review.offline')})"
        btg = t("review.yes") if row.break_glass else t("review.no")
        return [
            self._mark_cell(row.entry_id),
            literal(when),
            short(row.clinician_name or row.clinician_id, CLINICIAN_WIDTH),
            literal(format_cpr(row.cpr)),
            literal(self._basis(row.basis)),
            literal(btg),
            short(row.reason, REASON_WIDTH),
            literal(self._panes(row.panes_viewed)),
        ]

    @staticmethod
    def _basis(basis: str) -> str:
        text = t(f"review.basis.{basis}") if basis else ""
        return basis if text.startswith("review.") else text

    @staticmethod
    def _panes(panes: str) -> str:
        names = []
        for pane in (p.strip() for p in panes.split(",")):
            if pane:
                name = t(f"tab.{pane}")
                names.append(pane if name == f"tab.{pane}" else name)
        return ", ".join(names)

    @on(DataTable.RowHighlighted, "#review-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected look-up in full: reason, break-the-glass reason, where, the mark."""
        row = self._selected()
        detail = self.query_one("#review-detail", Static)
        if row is None:
            detail.update("")
            return
        text = Text(end="")
        text.append(f"{t('review.col.reason')}: ", "bold")
        text.append_text(literal(row.reason))
        if row.break_glass:
            text.append(f"\n{t('review.col.btg')}: ", "bold")
            text.append_text(literal(row.break_glass_reason or "-"))
        text.append(f"\n{t('review.detail.where')}: ", "bold")
        text.append_text(literal(", ".join(x for x in (row.organisation, row.workstation) if x) or "-"))
        text.append(f"   {t('review.detail.documents')}: {row.documents_opened}")
        if row.panes_viewed:
            text.append(f"\n{t('review.col.panes')}: ", "bold")
            text.append_text(literal(self._panes(row.panes_viewed)))
        mark = self.marks.get(row.entry_id)
        if mark is not None:
            text.append(f"\n{t('review.col.mark')}: ", "bold")
            text.append_text(self._mark_cell(row.entry_id))
            text.append_text(literal(f" ({mark.reviewer})"))
            if mark.comment:
                text.append_text(literal(f": {mark.comment}"))
        detail.update(text)

    def _mark_cell(self, entry_id: str) -> Text:
        mark = self.marks.get(entry_id)
        if mark is None:
            return literal(t("review.mark.none"))
        if mark.justified:
            return literal(t("review.mark.ok"))
        return literal(t("review.mark.bad"), "bold")

    def _count(self) -> None:
        if not self.rows:
            self._status(t("review.none", week=self.week))
            return
        done = [self.marks[i] for i in self.rows if i in self.marks]
        ok = sum(1 for m in done if m.justified)
        counted = t("review.count", week=self.week, n=len(self.rows), done=len(done), ok=ok, bad=len(done) - ok)
        self._status(f"{counted} {self.server_note}".strip())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a review worker: said in place and handed to the app's error router (F8)."""
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        self._status(t("review.failed", error=type(error).__name__), error=True)
        report = getattr(self.app, "report_unexpected", None)  # SjtuiApp's router (absent in a bare host)
        if callable(report):
            report(error)

    def _status(self, message: str, *, error: bool = False) -> None:
        box = self.query_one("#review-status", Static)
        box.update(message)
        box.set_class(error, "error")

    # --- marking -----------------------------------------------------------------------------
    def _selected(self) -> LookupRow | None:
        table = self.query_one("#review-table", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key or "")

    def action_mark(self, justified: bool) -> None:
        row = self._selected()
        if row is None:
            self._status(t("review.no_row"), error=True)
            return
        when = fmt_datetime(datetime.fromisoformat(row.time))
        about = Text(t("review.comment.about", time=when) + " ", end="")
        about.append_text(literal(row.clinician_name or row.clinician_id))

        def commented(comment: str | None) -> None:
            if comment is not None:
                self._save_mark(row.entry_id, justified, comment)

        self.app.push_screen(CommentScreen(justified, about), commented)

    @work(thread=True, group="review-mark", exit_on_error=False)
    def _save_mark(self, entry_id: str, justified: bool, comment: str) -> None:
        try:
            mark = self.store.mark(entry_id, justified, comment, self.reviewer)
        except REVIEW_ERRORS as exc:
            self.app.call_from_thread(self._status, t("review.mark_failed", error=plain_error(exc)), error=True)
            return
        self.app.call_from_thread(self._marked, mark)

    def _marked(self, mark: ReviewMark) -> None:
        self.marks[mark.entry_id] = mark
        if mark.entry_id not in self.rows:
            return  # another week was loaded meanwhile; the mark is stored all the same
        table = self.query_one("#review-table", DataTable)
        table.update_cell(mark.entry_id, "mark", self._mark_cell(mark.entry_id))
        self._count()
        self._show_detail()
        index = table.get_row_index(mark.entry_id)
        if index + 1 < table.row_count and table.cursor_row == index:
            table.move_cursor(row=index + 1)

    # --- report ------------------------------------------------------------------------------
    def action_report(self) -> None:
        self._status(t("review.report.making"))
        self._make_report(self.week)

    @work(thread=True, exclusive=True, group="review-report", exit_on_error=False)
    def _make_report(self, week: str) -> None:
        try:
            report = self.store.acknowledgement_report(self.journal, week, self.reviewer, lang=self.lang)
        except REVIEW_ERRORS as exc:
            self.app.call_from_thread(self._status, t("review.report.failed", error=plain_error(exc)), error=True)
            return
        self.app.call_from_thread(self._show_report, week, report)

    def _show_report(self, week: str, report: str) -> None:
        self._count()
        save_dir = self.save_dir if self.save_dir is not None else Path.cwd()
        self.app.push_screen(ReportScreen(week, report, save_dir))

    def action_back(self) -> None:
        self.dismiss(None)


def open_audit_review(app: Any) -> None:
    """F10: the review, for the auditor role only (once an identity is known, see
    `sjtui.access.roles`); a signed-in auditor's review includes the server's events."""
    services = app.services
    if services is None or getattr(services, "review_store", None) is None:
        app.notify(t("lock.unavailable"), timeout=3)
        return
    from sjtui.access.roles import may_read_organisation_audit, may_review_audit

    identity = getattr(services, "identity", None)  # the signed-in identity (sjtui.auth)
    if not may_review_audit(identity):
        app.notify(t("review.not_auditor"), severity="warning", timeout=6)
        return
    fetch: FetchServer | None = None
    client = getattr(services, "client", None)
    if client is not None and may_read_organisation_audit(identity):
        from sjtui.audit.server_events import server_lookups

        site = app.clinician.organisation

        async def fetch_week(start: datetime, end: datetime) -> list[LookupRow]:
            return await server_lookups(client, start, end, site=site)

        fetch = fetch_week
    app.push_screen(
        AuditReviewScreen(
            services.journal, services.review_store, app.clinician.name, app.today(), app.lang, fetch_server=fetch
        )
    )

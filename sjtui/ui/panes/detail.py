"""A list pane with the selected entry's full text below it (journal, imaging).

The full text is fetched on demand through the record screen (`fetch_body`, which calls
`service.load_body` with the grant) in an exclusive worker: moving quickly through the list
cancels stale fetches. Bodies are kept only in this widget, removed with the record screen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable

from sjtui.i18n import t
from sjtui.record.entries import ImagingReport, Note
from sjtui.record.errors import ServiceError
from sjtui.ui.honest import not_text_notice
from sjtui.ui.panes.base import ListPane
from sjtui.ui.widgets.entry_list import EntryList
from sjtui.ui.widgets.text_view import TextView


class DetailPane(ListPane):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bodies: dict[str, str] = {}
        self._shown_key: str | None = None
        self._fetching: str | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="split"):
            yield EntryList(self.COLUMNS, self.FLEX, self.DROP, classes="entries")
            yield TextView(classes="detail")

    def head(self, entry: Any) -> Text:  # pragma: no cover - per pane
        raise NotImplementedError

    def inline_body(self, entry: Any) -> str | None:
        return entry.body

    @property
    def body_pending(self) -> bool:
        """True while the selected entry's full text is still being fetched."""
        return self._fetching is not None

    @property
    def settled(self) -> bool:
        return super().settled and not self.body_pending

    def has_remote_body(self, entry: Any) -> bool:
        return bool(entry.body_url)

    def render_record(self, record: Any) -> None:
        super().render_record(record)
        self._show_selected()

    def _entry(self, key: str | None) -> Any:
        if not key or key.startswith("~") or self.record is None:
            return None
        for item in self.data(self.record).items:
            if item.resource_key == key:
                return item
        return None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        view = self.query_one(TextView)
        entry = self._entry(self.query_one(EntryList).current_key())
        if entry is None:
            self._shown_key = None
            view.clear_text(t("pane.select_entry"))
            return
        if entry.resource_key == self._shown_key:
            return
        self._shown_key = entry.resource_key
        notice = not_text_notice(getattr(entry, "content_type", ""))
        if notice is not None:  # a PDF or an image is not shown as text, nor fetched for it
            view.show(self.head(entry), notice)
            return
        body = self._bodies.get(entry.resource_key) or self.inline_body(entry)
        if body is not None:
            view.show(self.head(entry), body)
        elif self.has_remote_body(entry):
            view.show(self.head(entry), Text(t("pane.body_loading"), style="italic", end=""))
            self._fetching = entry.resource_key
            self._fetch(entry)
        else:
            view.show(self.head(entry), Text(t("pane.no_body"), style="italic", end=""))

    @work(exclusive=True, group="body", exit_on_error=False)
    async def _fetch(self, entry: Note | ImagingReport) -> None:
        try:
            await self._fetch_and_show(entry)
        finally:
            if self._fetching == entry.resource_key:
                self._fetching = None

    async def _fetch_and_show(self, entry: Note | ImagingReport) -> None:
        screen: Any = self.screen
        try:
            body = await screen.fetch_body(entry)
        except ServiceError as exc:
            screen.report_error(exc, quiet=True)
            if self._shown_key == entry.resource_key:
                self.query_one(TextView).show(
                    self.head(entry), Text(t("pane.body_error", error=t(f"error.{exc.code}")), end="")
                )
            return
        self._bodies[entry.resource_key] = body
        if self._shown_key == entry.resource_key:
            self.query_one(TextView).show(self.head(entry), body)

    def bodies(self) -> dict[str, str]:
        """Bodies fetched so far (full-text search covers them)."""
        return dict(self._bodies)

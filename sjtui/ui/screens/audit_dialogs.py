"""Small dialogs of the audit review: the comment for a mark, and the acknowledgement report
(scrollable, saved on request to a file the user names, 0600, never overwriting)."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sjtui.access.grant import MIN_REASON_LENGTH
from sjtui.audit.export import ExportError
from sjtui.audit.journal import AuditReadError
from sjtui.audit.review import ReviewError
from sjtui.i18n import t
from sjtui.ui.render import block
from sjtui.ui.widgets.calm import CalmInput

# What reading the journal, the marks or writing a report raises when the disk or the data is
# at fault; anything else is a bug and goes to the app's error router.
REVIEW_ERRORS = (ExportError, AuditReadError, ReviewError, OSError)


def plain_error(exc: Exception) -> str:
    """Our own exceptions carry plain messages without personal data; others only a type."""
    if isinstance(exc, (ExportError, AuditReadError, ReviewError)):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__


class CommentScreen(ModalScreen[str | None]):
    """A comment for one mark; `required` for "not justified". Returns the comment or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False, id="review.comment.cancel")]

    def __init__(self, justified: bool, about: Text) -> None:
        super().__init__()
        self.justified = justified
        self.required = not justified
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(classes="audit-dialog comment-box"):
            title = "review.comment.title.ok" if self.justified else "review.comment.title.bad"
            yield Static(t(title), classes="audit-dialog-title")
            yield Static(self.about, id="comment-about", markup=False)
            label = "review.comment.label.required" if self.required else "review.comment.label"
            yield Static(t(label), classes="audit-label")
            yield CalmInput(id="comment-text")
            yield Static("", id="comment-error", classes="audit-error", markup=False)
            yield Static(t("review.comment.keys"), classes="audit-hint")

    def on_mount(self) -> None:
        self.query_one("#comment-error").display = False
        self.query_one("#comment-text", Input).focus()

    @on(Input.Submitted, "#comment-text")
    def _submitted(self, event: Input.Submitted) -> None:
        comment = event.value.strip()
        if self.required and len(comment) < MIN_REASON_LENGTH:
            box = self.query_one("#comment-error", Static)
            box.update(t("review.comment.need", n=MIN_REASON_LENGTH))
            box.display = True
            return
        self.dismiss(comment)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportScreen(ModalScreen[None]):
    """The acknowledgement report, scrollable, with a file name field to save it."""

    BINDINGS = [
        Binding("escape", "close", "Close", show=False, id="review.report.close"),
        Binding("ctrl+s", "save", "Save", show=False, id="review.report.save"),
    ]

    def __init__(self, week: str, report: str, save_dir: Path) -> None:
        super().__init__()
        self.week = week
        self.report = report
        self.save_dir = save_dir
        self.saved_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box", classes="audit-dialog"):
            yield Static(t("review.report.title", week=self.week), classes="audit-dialog-title")
            with VerticalScroll(id="report-scroll", can_focus=True):
                yield Static(block(self.report), id="report-text", markup=False)
            with Horizontal(id="report-save"):
                yield Static(t("review.report.file"), classes="audit-label report-file-label")
                yield CalmInput(t("review.report.filename", week=self.week), id="report-filename")
            yield Static("", id="report-message", classes="audit-error", markup=False)
            yield Static(t("review.report.keys"), classes="audit-hint")

    def on_mount(self) -> None:
        self.query_one("#report-message").display = False
        self.query_one("#report-scroll").focus()

    @on(Input.Submitted, "#report-filename")
    def action_save(self) -> None:
        name = self.query_one("#report-filename", Input).value.strip()
        if not name:
            self._say(t("review.report.need_name"))
            return
        path = Path(name).expanduser()
        if not path.is_absolute():
            path = self.save_dir / path
        self._write(path)

    @work(thread=True, exclusive=True, group="report-save", exit_on_error=False)
    def _write(self, path: Path) -> None:
        try:
            # 0600 and never overwrite: the report names clinicians and citizens' CPR numbers
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.report)
                fh.flush()
                os.fsync(fh.fileno())
            message, ok = t("review.report.saved", path=str(path)), True
        except FileExistsError:
            message, ok = t("review.report.exists"), False
        except OSError as exc:
            message, ok = t("review.report.save_failed", error=plain_error(exc)), False
        self.app.call_from_thread(self._saved, path if ok else None, message)

    def _saved(self, path: Path | None, message: str) -> None:
        self.saved_path = path or self.saved_path
        self._say(message, error=path is None)

    def _say(self, message: str, *, error: bool = True) -> None:
        box = self.query_one("#report-message", Static)
        box.update(message)
        box.set_class(not error, "audit-info")
        box.display = bool(message)

    def action_close(self) -> None:
        self.dismiss(None)

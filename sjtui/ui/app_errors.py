"""How the app reports errors: a short titled notice with the detail on F8, never a
traceback, no personal data in crash output (`SjtuiApp` inherits this)."""

from __future__ import annotations

import logging

from rich.text import Text
from textual.app import App

from sjtui.i18n import t
from sjtui.record.errors import ServiceError
from sjtui.ui.error_text import error_details, error_title

log = logging.getLogger("sjtui.ui.app")


class ErrorReporting(App[None]):
    last_error: tuple[str, str] | None = None  # (title, detail) of the last error, for F8

    def refresh_status(self) -> None:
        """The status bar shows the new state (the app refreshes it)."""

    def report_error(self, exc: ServiceError, *, quiet: bool = False) -> None:
        """A short titled notice; the technical detail on request (F8). Never a traceback."""
        title = error_title(exc)
        self.last_error = (title, error_details(exc))
        self.refresh_status()
        if not quiet:
            self.notify(f"{title}\n{t('error.details_hint')}", title=t("error.title"), severity="error", markup=False)

    def report_unexpected(self, exc: BaseException) -> None:
        """A bug or an unforeseen failure: a calm notice, the exception type as detail."""
        log.error("unexpected error in the UI: %s", type(exc).__name__)
        self.last_error = (t("error.unexpected"), f"{type(exc).__name__}: {exc}")
        self.notify(
            f"{t('error.unexpected')}\n{t('error.details_hint')}",
            title=t("error.title"),
            severity="error",
            markup=False,
        )

    def _fatal_error(self) -> None:
        """Textual's crash output is a traceback WITH local variables, which may hold record
        data. Ours is one plain line with the exception type only (privacy rule: no personal
        data in crash output). The audit journal is fsynced per entry, so nothing is lost."""
        name = type(self._exception).__name__ if self._exception is not None else "error"
        self.bell()
        self._exit_renderables.append(Text(t("error.fatal", name=name), end="\n"))
        self._close_messages_no_wait()

"""The status bar: backend, online/offline, data age, bytes used, pending audit events (or
"writing the audit log" while a journal entry the data waits for is being written).

Updated on events (record update, pane view, body fetched, audit delivery ended) and by a
slow timer; it re-renders only when the text changed: nothing repaints while the app is
idle, because over SSH every repaint crosses the same weak line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widgets import Static

from sjtui.i18n import t
from sjtui.record.service_api import ServiceStatus
from sjtui.ui.formatting import fmt_bytes, fmt_datetime

POLL_SECONDS = 5.0


def status_text(
    status: ServiceStatus, as_of: datetime | None, user: str | None = None, width: int | None = None
) -> Text:
    """`user`: who is signed in (None when sign-in is off: nothing is shown). When the line is
    wider than `width` (an 80-column thin client), parts are left out in this order until it
    fits: the data age (the citizen banner shows it too), the bytes fetched, the server name.
    Who is signed in, online or offline, the audit log's state and the cache always stay."""
    steps = (
        {"sync": True, "fetched": True, "backend": True},
        {"sync": False, "fetched": True, "backend": True},
        {"sync": False, "fetched": False, "backend": True},
        {"sync": False, "fetched": False, "backend": False},
    )
    text = Text(end="")
    for step in steps:
        text = _status_text(status, as_of, user, **step)
        if width is None or text.cell_len <= width:
            break
    return text


def _status_text(
    status: ServiceStatus, as_of: datetime | None, user: str | None, *, sync: bool, fetched: bool, backend: bool
) -> Text:
    sep = " · "
    text = Text(end="")
    if user:
        text.append(user + sep)
    if backend:
        text.append(t("status.backend", backend=status.backend) + sep)
    if status.online:
        text.append(t("status.online"))
    else:
        text.append(t("status.offline"), style="bold reverse")
    moment = as_of or status.last_sync if sync else None
    if moment is not None:
        text.append(sep + t("status.as_of", time=fmt_datetime(moment)))
    if fetched:
        text.append(sep + t("status.bytes", size=fmt_bytes(status.bytes_received)))
    text.append(sep)
    if status.audit_writing:  # the data waits for this: durable before it is shown
        text.append(t("status.audit.writing"), style="bold")
    else:
        text.append(t("status.audit", n=status.pending_audit) if status.pending_audit else t("status.audit.ok"))
    text.append(sep + t(f"status.cache.{status.cache_mode}"))
    return text


class StatusBar(Static):
    def __init__(self, source: Callable[[], ServiceStatus | None], **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._source = source
        self._as_of: datetime | None = None
        self._last = ""

    def on_mount(self) -> None:
        self.refresh_status()
        self.set_interval(POLL_SECONDS, self.refresh_status)

    def on_resize(self) -> None:
        self.refresh_status()

    def set_as_of(self, as_of: datetime | None) -> None:
        self._as_of = as_of
        self.refresh_status()

    def refresh_status(self) -> None:
        try:
            status = self._source()
        except Exception:  # noqa: BLE001 - a status read must never break the screen
            status = None
        if status is None:
            return
        flow = getattr(self.app, "sign_in", None)
        text = status_text(
            status, self._as_of, flow.label() if flow is not None else None, self.content_size.width or None
        )
        if text.plain != self._last:
            self._last = text.plain
            self.update(text, layout=False)

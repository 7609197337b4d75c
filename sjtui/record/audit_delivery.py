"""Background delivery of the audit outbox for the record service.

The journal entry is durable before any data is shown (`RecordService._audit`); turning it
into an AuditEvent and sending it happens here, in a task on the event loop, after the screen
has painted what the entry allowed. A failed delivery leaves everything queued durably in the
outbox (`sjtui.audit.outbox`) for the next attempt (the app retries on a timer).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sjtui.record.ports import AuditOutboxPort

log = logging.getLogger(__name__)


class AuditDelivery:
    """Starts at most one delivery at a time; says when one ended (`on_done(delivered_any)`)."""

    def __init__(self, outbox: AuditOutboxPort | None, on_done: Callable[[bool], None]) -> None:
        self._outbox = outbox
        self._on_done = on_done
        self._task: asyncio.Task[None] | None = None

    def pending(self) -> int:
        if self._outbox is None:
            return 0
        try:
            return self._outbox.pending_count()
        except Exception:  # noqa: BLE001 - a count for the status bar; the journal reports its damage when written
            return 0

    def kick(self) -> None:
        """Deliver in the background (unless a delivery is already running)."""
        if self._outbox is None:
            return
        if self._task is not None and not self._task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._task = loop.create_task(self.deliver())

    def kick_soon(self) -> None:
        """`kick` on the loop's next turn, called just before a Record is yielded: the task it
        creates then runs after the consumer woken by that Record (the screen paints the
        overview before the AuditEvent is built and sent), and delivery starts even when the
        consumer stops iterating."""
        try:
            asyncio.get_running_loop().call_soon(self.kick)
        except RuntimeError:
            self.kick()

    async def deliver(self, rounds: int = 3) -> None:
        """Send what is pending; again (a few times) for entries written meanwhile (pane views
        while the opening's event was on its way), so none waits for the next timer."""
        delivered = False
        try:
            for _ in range(rounds):
                if self._outbox is None:
                    return
                try:
                    report = await self._outbox.deliver_pending()
                except Exception as exc:  # noqa: BLE001 - delivery retries later; never crash
                    log.info("audit delivery deferred: %s", type(exc).__name__)
                    return
                if report.failed:
                    log.info("audit delivery deferred for %s events", report.failed)
                    return
                if not report.sent:
                    return
                delivered = True
                if not self.pending():
                    return
        finally:
            self._on_done(delivered)

    async def wait(self, timeout: float) -> None:
        """Let a running delivery finish (closing), at most `timeout` seconds."""
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, timeout=timeout)
            except Exception:  # noqa: BLE001, S110 - closing: a failed or slow delivery stays queued
                pass

"""Background delivery of the audit outbox for the record service: one batch per opening.

The journal entry is durable before any data is shown (`RecordService._audit`); turning the
entries into AuditEvents and sending them happens here, in a task on the event loop, once the
opening has settled (every pane fetched, or the fetch ended): everything the opening wrote
until then (its own entry, the tabs shown meanwhile) goes in ONE request, a batch Bundle of
PUTs by id (`AuditOutbox.deliver_batch`), so no AuditEvent competes with the record for a slow
uplink. Tabs shown after that are gathered for `quiet_seconds` and sent as one batch again.
A failed delivery leaves everything queued durably in the outbox (`sjtui.audit.outbox`) for
the next attempt (the app retries on a timer).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sjtui.record.ports import AuditOutboxPort

log = logging.getLogger(__name__)

# Entries written after the opening settled (tabs shown) wait this long for company.
QUIET_SECONDS = 5.0
# An opening that never says it settled (its consumer stopped iterating) holds deliveries back
# at most this long (well past the opening's deadline, `bounds.DEFAULT_DEADLINE_SECONDS`).
HOLD_SECONDS = 60.0


def compact_event(event: dict[str, Any]) -> dict[str, Any]:
    """The AuditEvent without the `display` of its Codings (optional in FHIR; BALP asks for
    the system and code), so a batch of them crosses a slow uplink in fewer bytes. Everything
    else (ids, agents, entity, details, purposes, the entry tag) is kept as built."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            is_coding = "system" in value and "code" in value
            return {k: strip(v) for k, v in value.items() if not (is_coding and k == "display")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(event)  # type: ignore[no-any-return]  # strip() gives back the dict it was given (JSON values are Any)


def _collecting(sent: list[dict[str, Any]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """`compact_event`, keeping each event it shapes in `sent`."""

    def shape(event: dict[str, Any]) -> dict[str, Any]:
        compact = compact_event(event)
        sent.append(compact)
        return compact

    return shape


class AuditDelivery:
    """Starts at most one delivery at a time; says when one ended (`on_done(delivered_any)`)."""

    def __init__(
        self,
        outbox: AuditOutboxPort | None,
        on_done: Callable[[bool], None],
        *,
        quiet_seconds: float | None = None,
        on_delivered: Callable[[list[dict[str, Any]]], None] | None = None,
    ) -> None:
        """`on_delivered` gets the AuditEvents of a batch the server stored in full, as sent."""
        self._outbox = outbox
        self._on_done = on_done
        self._on_delivered = on_delivered
        self._quiet = QUIET_SECONDS if quiet_seconds is None else quiet_seconds
        self._task: asyncio.Task[None] | None = None
        self._settled = True  # no opening under way
        self._opening_at = 0.0  # when the opening under way began (loop time)
        self._later: asyncio.TimerHandle | None = None

    def opening_started(self) -> None:
        """An opening begins: nothing is delivered until it settles (no AuditEvent competes
        with its fetch for the uplink; a delivery already running stops after its current
        request, and one kicked meanwhile waits). Its entries then go as one batch."""
        self._settled = False
        self._cancel_later()
        try:
            self._opening_at = asyncio.get_running_loop().time()
        except RuntimeError:
            self._opening_at = 0.0

    def holding(self) -> bool:
        """Is an opening under way (and not older than `HOLD_SECONDS`)?"""
        if self._settled:
            return False
        try:
            now = asyncio.get_running_loop().time()
        except RuntimeError:
            return False
        return now - self._opening_at < HOLD_SECONDS

    def settled(self) -> None:
        """The opening's fetch ended: deliver everything it wrote, as one batch."""
        self._settled = True
        self._cancel_later()
        self.kick_soon()

    def entry_written(self) -> None:
        """A journal entry was written (a tab shown): it goes with the opening's batch, or,
        after the opening settled, with whatever else is written within `quiet_seconds`."""
        if not self._settled or self._later is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._later = loop.call_later(self._quiet, self._fire_later)

    def flush(self) -> None:
        """Deliver what waits now (closing), an opening under way or not."""
        self._cancel_later()
        self._settled = True
        self.kick()

    def _fire_later(self) -> None:
        self._later = None
        self.kick()

    def _cancel_later(self) -> None:
        if self._later is not None:
            self._later.cancel()
            self._later = None

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
        """`kick` on the loop's next turn: the task it creates then runs after the consumer
        woken by the last Record (the screen paints before the AuditEvents are built and sent),
        and delivery starts even when the consumer stops iterating."""
        try:
            asyncio.get_running_loop().call_soon(self.kick)
        except RuntimeError:
            self.kick()

    async def deliver(self, rounds: int = 3) -> None:
        """Send what is pending (in batches); again (a few times) for entries written meanwhile
        (tabs shown while the batch was on its way), so none waits for the next timer. Not
        while an opening is under way: its `settled` starts the delivery again."""
        delivered = False
        try:
            for _ in range(rounds):
                if self._outbox is None or self.holding():
                    return
                sent: list[dict[str, Any]] = []
                shape = _collecting(sent)
                try:
                    batch = getattr(self._outbox, "deliver_batch", None)
                    if batch is not None:
                        report = await batch(shape=shape)
                    else:
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
                if self._on_delivered is not None and report.sent == len(sent):
                    self._on_delivered(sent)  # every event shaped was stored
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

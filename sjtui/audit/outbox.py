"""Delivery of journal entries to the FHIR server as AuditEvents, idempotently, in order.

The journal is the outbox: nothing is ever deleted from it. "Delivered" is separate state:
an append-only file of entry ids (one per line, fsynced), written only after the server
confirmed the PUT with a 2xx. Because every event is PUT to `AuditEvent/<entry id>`, a retry
after a connection that dropped *after* the server stored the event (but before we heard
back) overwrites the same resource: the server never holds one event twice, and an entry is
re-sent until its confirmation has been recorded. Offline openings simply stay pending.
`deliver_batch` sends everything pending in one batch Bundle of those PUTs (one request, each
entry confirmed on its own); a server that does not take batches gets them one by one.

The delivered file holds only random entry ids (no personal data), so it is not sealed.
"""

from __future__ import annotations

import asyncio
import enum
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .chain import ChainRecord, fsync_dir, write_all
from .entry import AuditEntry
from .events import to_audit_event
from .journal import AuditJournal, AuditReadError

DELIVERED_FILE = "delivered.ids"
_ID_RE = re.compile(rb"^[0-9a-fA-F-]{1,64}$")


def parse_delivered_ids(data: bytes) -> set[str]:
    """The entry ids in a delivered-ids file; a torn last line was never confirmed."""
    cut = data.rfind(b"\n") + 1
    return {line.decode() for line in data[:cut].splitlines() if _ID_RE.match(line)}


class AuditSink(Protocol):
    """Where AuditEvents go (the FHIR server). Must raise on anything but a confirmed 2xx."""

    async def put_event(self, event: dict[str, Any]) -> None: ...


class AuditDeliveryRejected(Exception):
    """The server refused this one event for good (e.g. 400/422): others may still go."""


class BatchNotTaken(Exception):
    """The server (or client) does not take this batch at all: send the events one by one."""


class EventOutcome(enum.Enum):
    """What the server said about one event of a batch."""

    STORED = "stored"  # 2xx: confirmed
    REJECTED = "rejected"  # refused for good (like `AuditDeliveryRejected`)
    NOT_STORED = "not-stored"  # any other failure: try again later


# Events per batch request (servers limit batch sizes; the demo server takes 500).
BATCH_MAX_EVENTS = 100


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int
    failed: int
    pending: int
    problem: str = ""  # plain English, no personal data


class AuditOutbox:
    """Sends undelivered journal entries to `sink`; `state_path` records the confirmed ones."""

    def __init__(
        self,
        journal: AuditJournal,
        sink: AuditSink,
        state_path: Path | None = None,
        *,
        event_builder: Callable[[AuditEntry], dict[str, Any]] = to_audit_event,
    ) -> None:
        self._journal = journal
        self._sink = sink
        self._state_path = Path(state_path) if state_path else journal.dir / DELIVERED_FILE
        self._build = event_builder
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._delivered: set[str] = set()
        self._state_size = -1
        self._low_water = 0  # every record with a lower seq is known delivered

    # ------------------------------------------------------------------ state
    def _load_state(self) -> set[str]:
        """Re-read the delivered ids if the file grew (another instance may deliver too)."""
        try:
            size = self._state_path.stat().st_size
        except FileNotFoundError:
            return self._delivered
        if size != self._state_size:
            self._delivered = parse_delivered_ids(self._state_path.read_bytes())
            self._state_size = size
        return self._delivered

    def _mark_delivered(self, entry_id: str) -> None:
        new = not self._state_path.exists()
        fd = os.open(self._state_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if os.fstat(fd).st_size and not _ends_with_newline(fd):
                write_all(fd, b"\n")  # close a torn line left by a crash
            write_all(fd, entry_id.encode("ascii") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self._state_path.parent)
        self._delivered.add(entry_id)
        self._state_size = -1

    def is_delivered(self, entry_id: str) -> bool:
        return entry_id in self._load_state()

    def pending_ids(self) -> list[str]:
        """Entry ids not yet confirmed by the server, in journal order (no key needed)."""
        delivered = self._load_state()
        pending: list[str] = []
        for rec in self._journal.records(self._low_water):
            if rec.entry_id not in delivered:
                pending.append(rec.entry_id)
            elif not pending:
                self._low_water = rec.seq + 1
        return pending

    def pending_count(self) -> int:
        return len(self.pending_ids())

    # --------------------------------------------------------------- delivery
    async def deliver_pending(self) -> DeliveryReport:
        """Send what is pending, oldest first. Stops at the first transport failure."""
        async with self._lock:
            sent = failed = 0
            problem = ""
            delivered = self._load_state()
            for rec in list(self._journal.records(self._low_water)):
                if rec.entry_id in delivered:
                    continue
                try:
                    event = with_chain_position(self._build(self._journal.open_record(rec)), rec)
                except AuditReadError as exc:
                    failed += 1
                    problem = str(exc)
                    continue  # cannot ever be sent with this key; keep it, go on
                try:
                    await self._sink.put_event(event)
                except AuditDeliveryRejected:
                    failed += 1
                    problem = "the server refused an audit event"
                    continue
                except Exception:  # noqa: BLE001 - any other failure: offline, try later
                    failed += 1
                    problem = "the server could not be reached"
                    break
                try:
                    self._mark_delivered(rec.entry_id)
                except OSError:
                    failed += 1
                    problem = "delivery state could not be saved"
                    break  # it will be PUT again later: harmless, idempotent
                sent += 1
            return DeliveryReport(sent, failed, self.pending_count(), problem)

    async def deliver_batch(self, *, shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> DeliveryReport:
        """Send what is pending as batches of PUTs (`sink.put_events`), oldest first; `shape`
        may compact each event (it must stay a valid AuditEvent with the same id). Falls back
        to `deliver_pending` when the sink or the server does not take batches."""
        put_events = getattr(self._sink, "put_events", None)
        if put_events is None:
            return await self.deliver_pending()
        async with self._lock:
            sent = failed = 0
            problem = ""
            delivered = self._load_state()
            ids: list[str] = []
            events: list[dict[str, Any]] = []
            for rec in list(self._journal.records(self._low_water)):
                if rec.entry_id in delivered:
                    continue
                try:
                    event = with_chain_position(self._build(self._journal.open_record(rec)), rec)
                except AuditReadError as exc:
                    failed += 1
                    problem = str(exc)
                    continue  # cannot ever be sent with this key; keep it, go on
                ids.append(rec.entry_id)
                events.append(shape(event) if shape is not None else event)
            for start in range(0, len(events), BATCH_MAX_EVENTS):
                chunk_ids = ids[start : start + BATCH_MAX_EVENTS]
                try:
                    outcomes = await put_events(events[start : start + BATCH_MAX_EVENTS])
                except BatchNotTaken:
                    break  # below, without the lock: one by one
                except Exception:  # noqa: BLE001 - any other failure: offline, try later
                    failed += len(events) - start
                    problem = "the server could not be reached"
                    return DeliveryReport(sent, failed, self.pending_count(), problem)
                stored = [i for i, o in zip(chunk_ids, outcomes, strict=True) if o is EventOutcome.STORED]
                for outcome in outcomes:
                    if outcome is EventOutcome.REJECTED:
                        failed += 1
                        problem = "the server refused an audit event"
                    elif outcome is EventOutcome.NOT_STORED:
                        failed += 1
                        problem = "the server could not store an audit event"
                try:
                    self._mark_delivered_many(stored)
                except OSError:
                    failed += len(stored)
                    problem = "delivery state could not be saved"
                    return DeliveryReport(sent, failed, self.pending_count(), problem)
                sent += len(stored)
            else:
                return DeliveryReport(sent, failed, self.pending_count(), problem)
        report = await self.deliver_pending()
        return DeliveryReport(sent + report.sent, failed + report.failed, report.pending, report.problem or problem)

    def _mark_delivered_many(self, entry_ids: list[str]) -> None:
        """`_mark_delivered` for many ids with one write and one fsync."""
        if not entry_ids:
            return
        new = not self._state_path.exists()
        fd = os.open(self._state_path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if os.fstat(fd).st_size and not _ends_with_newline(fd):
                write_all(fd, b"\n")  # close a torn line left by a crash
            write_all(fd, b"".join(i.encode("ascii") + b"\n" for i in entry_ids))
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self._state_path.parent)
        self._delivered.update(entry_ids)
        self._state_size = -1

    def wake(self) -> None:
        """Ask `run_forever` to try now (after a new opening, or when the link is back)."""
        self._wake.set()

    async def run_forever(self, interval: float = 30.0, max_interval: float = 600.0) -> None:
        """Deliver periodically; back off (doubling up to `max_interval`) while failing."""
        delay = interval
        while True:
            self._wake.clear()
            report = await self.deliver_pending()
            delay = min(delay * 2, max_interval) if report.failed and report.pending else interval
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
                delay = interval
            except TimeoutError:
                pass


CHAIN_DETAIL = "sjtui-chain"


def with_chain_position(event: dict[str, Any], rec: ChainRecord) -> dict[str, Any]:
    """Every delivery carries the record's place in the local chain (seq and hash), so the
    server holds an anchor of the journal outside the workstation: a gap, a rewritten or a
    restarted chain shows there even if every local copy was changed together."""
    entity = {
        "what": {"display": "sjtui audit journal"},
        "type": {
            "system": "http://terminology.hl7.org/CodeSystem/audit-entity-type",
            "code": "2",
            "display": "System Object",
        },
        "detail": [{"type": CHAIN_DETAIL, "valueString": f"{rec.seq}:{rec.hash}"}],
    }
    entities = event.get("entity")
    if isinstance(entities, list):
        entities.append(entity)
    elif event.get("resourceType") == "AuditEvent":
        event["entity"] = [entity]
    return event


def _ends_with_newline(fd: int) -> bool:
    size = os.fstat(fd).st_size
    return os.pread(fd, 1, size - 1) == b"\n"

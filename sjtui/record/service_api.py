"""The contract between the UI and the record service (what the UI may call).

The implementation is `sjtui.record.service.RecordService`. The UI only renders what these
calls return and dispatches user intent to them; all of them are called from Textual workers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: the first frame needs none of the record's types
    from sjtui.access.grant import Grant
    from sjtui.record.entries import CitizenSummary, ImagingReport, Note
    from sjtui.record.model import Pane, Record


@dataclass(frozen=True, slots=True)
class ServiceStatus:
    backend: str  # "demo" or the server's host name (never a full URL with a query)
    online: bool
    bytes_received: int  # wire bytes for the open citizen (since open)
    round_trips: int
    pending_audit: int  # audit events not yet delivered to the backend
    cache_mode: str  # "keyring" | "passphrase" | "off"
    last_sync: datetime | None
    audit_writing: bool = False  # the journal entry of an opening or a view is being written


class RecordServiceApi(Protocol):
    async def find_citizens(self, query: str, *, via: str = "search") -> list[CitizenSummary]:
        """Audited (`via`: "search", "palette", "launch"). CPR (with or without dash) or name. Raises `sjtui.cpr.InvalidCpr` for a CPR-shaped
        but invalid number, `ServiceError` subclasses for network/server trouble. Offline, a
        CPR is looked up in the cache. Fetches no record data (no consent needed yet)."""
        ...

    def open(self, citizen: CitizenSummary, grant: Grant) -> AsyncIterator[Record]:
        """Open a record. Writes and fsyncs the audit entry FIRST (raises AuditFailed: show
        nothing), refuses without a valid grant (NotAuthorised). Then yields Records: the
        cached one at once (from_cache=True, as_of = last sync) if any, then updated Records as
        each group of panes arrives (overview panes first); the last one has every pane
        `loaded` (or `error` set when a pane failed; `offline=True` when the server was
        unreachable). Private-marked items stay hidden unless the grant has break-the-glass."""
        ...

    async def load_body(self, grant: Grant, entry: Note | ImagingReport) -> str:
        """Full text of a note or imaging report, fetched on demand, cached, audited."""
        ...

    async def break_glass(self, grant: Grant, reason: str) -> Grant:
        """Værdispring: audited apart (security-alert event); returns the extended grant,
        valid for this opening only. The UI then calls `open` again with it."""
        ...

    def record_pane_view(self, grant: Grant, pane: Pane) -> Awaitable[None]:
        """Audit that a pane was viewed: the entry is queued at once and appended (fsynced) off
        the event loop after those queued before it; the awaitable ends when it is durable
        (raises `ServiceError` when it cannot be written). Raises `NotAuthorised` at once."""
        ...

    async def audit_written(self) -> None:
        """Wait until every audit entry handed over so far is durable (the app waits for it
        before quitting, so no queued pane view is lost)."""
        ...

    def close(self, grant: Grant) -> None:
        """The clinician left the record: drop decrypted data the service holds."""
        ...

    def status(self) -> ServiceStatus: ...

"""RecordService: opens a citizen's record the way the law and a weak link demand.

Order of an opening (DESIGN.md §3):
1. check the grant (no grant, no data: enforced here, below the UI);
2. write the audit entry durably (fsynced) or fail closed;
3. show the cached record at once, with "data as of";
4. fetch what changed since the last sync (overview panes first, one round trip when the
   server can batch searches), merge, publish each step;
5. store in the encrypted cache; deliver audit events in the background.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sjtui.access.grant import AccessDenied, Grant, may_reveal_private, require_grant
from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal, AuditJournalDamaged, AuditWriteError
from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.fhir.shared_values import SharedValues
from sjtui.record.audit_delivery import AuditDelivery
from sjtui.record.cache_glue import CacheGlue
from sjtui.record.errors import (
    AuditDamaged,
    AuditFailed,
    NotAuthorised,
    OfflineError,
    ServerError,
)
from sjtui.record.fetch import FetchPlan, RecordFetcher, key_of
from sjtui.record.finder import CitizenFinder
from sjtui.record.mapping import build_record
from sjtui.record.model import CitizenSummary, ImagingReport, Note, Pane, Record
from sjtui.record.ports import AuditOutboxPort, RecordCachePort
from sjtui.record.service_api import ServiceStatus

log = logging.getLogger(__name__)

# Sync a little before the real start time, so changes made while we fetched are not missed.
SYNC_MARGIN = timedelta(minutes=2)


@dataclass
class _Opening:
    """What the service holds for the open citizen. Dropped on close."""

    grant: Grant
    citizen: CitizenSummary
    resources: dict[str, dict] = field(default_factory=dict)
    shared: SharedValues = field(default_factory=SharedValues)  # their equal parts, once
    bytes_at_open: int = 0
    trips_at_open: int = 0


class RecordService:
    """The one entry point the UI uses for record data. See `service_api.RecordServiceApi`."""

    def __init__(
        self,
        client: FhirClient,
        *,
        journal: AuditJournal,
        cache: RecordCachePort | None = None,  # optional: online only without it
        outbox: AuditOutboxPort | None = None,  # optional: no delivery without it
        backend_label: str = "demo",
        cache_mode: str = "off",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._client = client
        self._journal = journal
        self._backend_label = backend_label
        self._cache_mode = cache_mode if cache is not None else "off"
        self._clock = clock or (lambda: datetime.now(UTC))
        self._fetcher = RecordFetcher(client)
        self._cache_glue = CacheGlue(cache)
        self._finder = CitizenFinder(client, self._cache_glue, self._set_online)
        self._online = True
        self._last_sync: datetime | None = None
        self._opening: _Opening | None = None
        self._delivery = AuditDelivery(outbox, self._delivery_done)
        # Called (on the event loop) when the status changed without a Record: an audit
        # delivery ended. The app refreshes its status bar at once instead of at its next poll.
        self.on_status_change: Callable[[], None] | None = None

    # --- finding a citizen ---------------------------------------------------------------

    async def find_citizens(self, query: str) -> list[CitizenSummary]:
        return await self._finder.find(query)

    def _set_online(self, online: bool) -> None:
        self._online = online

    # --- opening a record ----------------------------------------------------------------

    def _check(self, grant: Grant | None, patient_id: str) -> Grant:
        try:
            return require_grant(grant, patient_id, now=self._clock())
        except AccessDenied as exc:
            raise NotAuthorised(str(exc)) from exc

    def _audit(self, entry: AuditEntry) -> None:
        """Append and fsync the entry (blocking: a few fsyncs) or fail closed."""
        try:
            self._journal.append(entry)
        except AuditJournalDamaged as exc:
            raise AuditDamaged("the audit journal is damaged", detail=str(exc)) from exc
        except AuditWriteError as exc:
            raise AuditFailed("the audit journal cannot be written", detail=str(exc)) from exc

    async def _audit_async(self, entry: AuditEntry) -> None:
        """`_audit` in a thread, then deliver: for steps taken while the clinician reads."""
        await asyncio.to_thread(self._audit, entry)
        self._delivery.kick()

    async def open(self, citizen: CitizenSummary, grant: Grant) -> AsyncIterator[Record]:
        grant = self._check(grant, citizen.patient_id)
        # Durable locally now; delivered once the overview has arrived, so the AuditEvent
        # upload does not compete with the overview for a slow uplink. Written on the event
        # loop, not in a thread: the fetch waits for it anyway, and the UI composes the record
        # screen at this very moment, so a thread would wait for the GIL after each of its
        # syscalls (measured: 2 ms alone, 50-240 ms in a thread beside the compose).
        self._audit(AuditEntry.opening(grant))
        meter = self._client.meter.snapshot()
        opening = _Opening(
            grant=grant,
            citizen=citizen,
            bytes_at_open=meter.bytes_received,
            trips_at_open=meter.round_trips,
        )
        self._opening = opening
        reveal = may_reveal_private(grant)

        cached = self._cache_glue.load(citizen.cpr, shape=opening.shared.share)
        seen_before: frozenset[str] = frozenset()
        since: datetime | None = None
        if cached is not None:
            opening.resources.update(cached.resources)
            seen_before = cached.last_opened_keys
            # Damaged rows were dropped: fetch everything again, not only what changed.
            since = None if getattr(cached, "dropped", 0) else cached.synced_at
            yield self._build(opening, reveal, loaded=None, new_keys=(), as_of=cached.synced_at,
                              from_cache=True)

        started = self._clock()
        plan = FetchPlan(
            patient_id=citizen.patient_id,
            since=since,
            shared=opening.shared,
            known=opening.resources if since is not None else None,
            known_sources=frozenset(
                k for k in opening.resources if k.startswith(("Organization/", "HealthcareService/"))
            ),
        )
        loaded: set[Pane] = set()
        try:
            async for step in self._fetcher.fetch(plan):
                self._online = True
                for resource in step.resources:
                    key = key_of(resource)
                    if key:
                        opening.resources[key] = resource
                loaded.update(step.panes)
                self._cache_glue.store(citizen.cpr, citizen.patient_id, step.resources, synced_at=None)
                if step.removed:  # deleted on the server since the last sync
                    for key in step.removed:
                        opening.resources.pop(key, None)
                    self._cache_glue.remove(citizen.cpr, step.removed)
                self._delivery.kick_soon()
                new_keys = self._new_keys(opening, seen_before, cached is not None)
                yield self._build(
                    opening,
                    reveal,
                    loaded=None if cached is not None else set(loaded),
                    new_keys=new_keys,
                    as_of=started,
                    from_cache=False,
                    pane_errors=step.pane_errors,
                )
        except (FhirOfflineError, FhirTimeoutError) as exc:
            opening.shared.clear()
            self._online = False
            if cached is None and not opening.resources:
                raise OfflineError("the server cannot be reached", detail=exc.message) from exc
            as_of = cached.synced_at if cached is not None else None
            yield self._build(
                opening, reveal, loaded=None, new_keys=(), as_of=as_of, from_cache=True, offline=True
            )
            return
        except FhirError as exc:
            opening.shared.clear()
            if cached is None and not opening.resources:
                raise ServerError("the server could not return the record", detail=exc.message) from exc
            as_of = cached.synced_at if cached is not None else None
            yield self._build(opening, reveal, loaded=None, new_keys=(), as_of=as_of, from_cache=True)
            return
        self._last_sync = started
        self._finish_sync(citizen, opening, started)

    def _build(
        self,
        opening: _Opening,
        reveal: bool,
        *,
        loaded: set[Pane] | None,
        new_keys: frozenset[str] | tuple[()],
        as_of: datetime | None,
        from_cache: bool,
        offline: bool = False,
        pane_errors: dict[Pane, str] | None = None,
    ) -> Record:
        record = build_record(
            opening.resources.values(),
            patient_id=opening.citizen.patient_id,
            reveal_private=reveal,
            loaded=loaded,
            new_keys=new_keys,
            as_of=as_of,
            from_cache=from_cache,
            offline=offline,
        )
        if pane_errors:
            record = _with_pane_errors(record, pane_errors)
        notices = self._cache_glue.take_notices()
        if notices:
            record = replace(record, notices=notices)
        return record

    @staticmethod
    def _new_keys(opening: _Opening, seen_before: frozenset[str], had_cache: bool) -> frozenset[str]:
        if not had_cache:
            return frozenset()
        return frozenset(k for k in opening.resources if k not in seen_before)

    def _finish_sync(self, citizen: CitizenSummary, opening: _Opening, started: datetime) -> None:
        opening.shared.clear()  # nothing more arrives in this opening; the parts stay shared
        self._cache_glue.store(citizen.cpr, citizen.patient_id, [], synced_at=started - SYNC_MARGIN)
        self._cache_glue.mark_opened(citizen.cpr, opening.resources.keys(), at=started)

    # --- bodies, break-the-glass, pane views ----------------------------------------------

    async def load_body(self, grant: Grant, entry: Note | ImagingReport) -> str:
        opening = self._opening
        if opening is None:
            raise NotAuthorised("no record is open")
        self._check(grant, opening.citizen.patient_id)
        if entry.body is not None:
            return entry.body
        if not entry.body_url:
            return ""
        pane = Pane.NOTES if isinstance(entry, Note) else Pane.IMAGING
        await self._audit_async(AuditEntry.body_view(grant, pane.value, entry.resource_key))
        cached = self._cache_glue.load_body(opening.citizen.cpr, entry.body_url)
        if cached is not None:
            return cached
        try:
            raw = await self._client.fetch_attachment(entry.body_url, content_type="text/plain")
        except (FhirOfflineError, FhirTimeoutError) as exc:
            self._online = False
            raise OfflineError("the text cannot be fetched offline", detail=exc.message) from exc
        except FhirError as exc:
            raise ServerError("the text could not be fetched", detail=exc.message) from exc
        text = raw.decode("utf-8", errors="replace")
        self._cache_glue.store_body(opening.citizen.cpr, entry.body_url, text)
        return text

    async def break_glass(self, grant: Grant, reason: str) -> Grant:
        opening = self._opening
        patient_id = opening.citizen.patient_id if opening else grant.patient_id
        grant = self._check(grant, patient_id)
        try:
            extended = grant.with_break_glass(reason, at=self._clock())
        except AccessDenied as exc:
            raise NotAuthorised(str(exc)) from exc
        await self._audit_async(AuditEntry.break_glass(extended))
        if opening is not None:
            opening.grant = extended
        return extended

    def record_pane_view(self, grant: Grant, pane: Pane) -> None:
        """Blocking (a few fsyncs, milliseconds): the record screen calls it as tabs are shown."""
        self._check(grant, grant.patient_id)
        self._audit(AuditEntry.pane_view(grant, pane.value))
        self._delivery.kick_soon()  # delivered in the background, after this paint

    def close(self, grant: Grant) -> None:
        if self._opening is not None and self._opening.grant.opening_id == grant.opening_id:
            self._opening.resources.clear()
            self._opening.shared.clear()
            self._opening = None

    def close_all(self) -> None:
        if self._opening is not None:
            self._opening.resources.clear()
            self._opening.shared.clear()
        self._opening = None

    # --- status and audit delivery --------------------------------------------------------

    def status(self) -> ServiceStatus:
        meter = self._client.meter.snapshot()
        opening = self._opening
        return ServiceStatus(
            backend=self._backend_label,
            online=self._online,
            bytes_received=meter.bytes_received - (opening.bytes_at_open if opening else meter.bytes_received),
            round_trips=meter.round_trips - (opening.trips_at_open if opening else meter.round_trips),
            pending_audit=self._delivery.pending(),
            cache_mode=self._cache_mode,
            last_sync=self._last_sync,
        )

    def _delivery_done(self, delivered: bool) -> None:
        if delivered:
            self._online = True  # the server took our events: the link is back
        listener = self.on_status_change
        if listener is not None:
            try:
                listener()
            except Exception:
                log.debug("status listener failed", exc_info=True)

    async def deliver_audit(self) -> None:
        """Deliver pending audit events now (the app calls this periodically)."""
        await self._delivery.deliver()

    async def aclose(self) -> None:
        self.close_all()
        await self._delivery.wait(timeout=5)
        await self._client.aclose()


def _with_pane_errors(record: Record, pane_errors: dict[Pane, str]) -> Record:
    changes = {}
    for pane, message in pane_errors.items():
        current = getattr(record, pane.value, None)
        if current is not None:
            changes[pane.value] = replace(current, error=message, loaded=True)
    return replace(record, **changes) if changes else record


__all__ = ["RecordService"]

"""RecordService: opens a citizen's record the way the law and a weak link demand.

Order of an opening (DESIGN.md §3):
1. check the grant (no grant, no data: enforced here, below the UI);
2. write the audit entry durably (fsynced) or fail closed;
3. show the cached record at once, with "data as of";
4. fetch what changed since the last sync (overview panes first, one round trip when the
   server can batch searches), merge, publish each step;
5. store in the encrypted cache; deliver audit events in the background.

The blocking work runs in threads, so the UI keeps answering keys while a large record is
read, decrypted, mapped and stored (issue 14): the journal appends (`audit_writer.py`), the
cache's reads and writes, and the mapping to a `Record` (from a snapshot of the resources
taken on the event loop). An opening that was closed or replaced while such work ran yields
nothing more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sjtui.access.grant import AccessDenied, Clinician, Grant, may_reveal_private, require_grant
from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal
from sjtui.fhir.capability_memory import RejectedParamsMemory
from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.access_notice import post_access_decision
from sjtui.record.adapt import RejectedParams
from sjtui.record.audit_delivery import AuditDelivery
from sjtui.record.audit_writer import AuditWriter
from sjtui.record.bodies import body_text
from sjtui.record.bounds import OpeningBounds
from sjtui.record.cache_glue import CacheGlue, cache_identity
from sjtui.record.entries import CitizenSummary, ImagingReport, Note
from sjtui.record.errors import NotAuthorised, OfflineError, ServerError
from sjtui.record.fetch import FetchPlan, RecordFetcher
from sjtui.record.finder import CitizenFinder, search_entry
from sjtui.record.model import Pane, Record
from sjtui.record.news_glue import NewsTracker, unseen_keys
from sjtui.record.own_events import events_about
from sjtui.record.ports import AuditOutboxPort, RecordCachePort
from sjtui.record.refresh import Ended, Opening, apply_step, ended_gap, plan_for, steps, with_gaps
from sjtui.record.remap import map_opening
from sjtui.record.saved_copy import SavedStart, take_saved
from sjtui.record.service_api import ServiceStatus

log = logging.getLogger(__name__)

# Sync a little before the real start time, so changes made while we fetched are not missed.
SYNC_MARGIN = timedelta(minutes=2)


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
        clinician: Clinician | None = None,
        bounds: OpeningBounds | None = None,
        rejected_memory: RejectedParamsMemory | None = None,
        access_notice: bool = False,
    ) -> None:
        """`bounds`: the opening's deadline and limits; `rejected_memory`: where the search
        parameters this server rejects are remembered between starts; `access_notice`: tell the
        server each grant before fetching (`access_notice.py`), for backends that enforce the
        legal basis themselves."""
        self._access_notice = access_notice
        self._client = client
        # Who searches: every look-up of a citizen is audited in their name (issue 12).
        self.clinician = clinician or Clinician(user_id="unknown", name="unknown")
        self._bounds = bounds or OpeningBounds()
        self._writer = AuditWriter(journal, self._status_changed)
        self._backend_label = backend_label
        self._cache_mode = cache_mode if cache is not None else "off"
        self._clock = clock or (lambda: datetime.now(UTC))
        self._fetcher = RecordFetcher(client, rejected=RejectedParams(rejected_memory, getattr(client, "base_url", "")))
        self._cache_glue = CacheGlue(cache)
        self._finder = CitizenFinder(client, self._cache_glue, self._set_online)
        self._online = True
        self._last_sync: datetime | None = None
        self._opening: Opening | None = None
        self._delivery = AuditDelivery(outbox, self._delivery_done, on_delivered=self._cache_own_events)
        # Called (on the event loop) when the status changed without a Record: an audit
        # delivery ended, a journal append started or ended. The app refreshes its status bar
        # at once instead of at its next poll.
        self.on_status_change: Callable[[], None] | None = None

    # --- finding a citizen ---------------------------------------------------------------

    async def find_citizens(self, query: str, *, via: str = "search") -> list[CitizenSummary]:
        """Find citizens; the look-up is written to the audit journal (fsynced) before the
        hits are returned, as an opening is (`via`: "search", "palette" or "launch")."""
        hits = await self._finder.find(query)
        entry = search_entry(self.clinician, query, hits, at=self._clock(), via=via)
        # Durable before the hits are shown; delivered with the next batch (after an opening's
        # overview, or on the app's timer), so it never queues in front of an overview.
        await asyncio.to_thread(self._writer.append, entry)
        return hits

    def _set_online(self, online: bool) -> None:
        self._online = online

    # --- opening a record ----------------------------------------------------------------

    def _check(self, grant: Grant | None, patient_id: str) -> Grant:
        try:
            return require_grant(grant, patient_id, now=self._clock())
        except AccessDenied as exc:
            raise NotAuthorised(str(exc)) from exc

    async def _audit_async(self, entry: AuditEntry) -> None:
        """The append off the loop, then deliver: for steps taken while the clinician reads."""
        await self._writer.append_off_loop(entry)
        self._delivery.kick()

    async def open(self, citizen: CitizenSummary, grant: Grant) -> AsyncIterator[Record]:
        grant = self._check(grant, citizen.patient_id)
        # Durable before any data is shown: nothing is yielded (and nothing fetched) until the
        # append has completed. It runs in a thread, so a slow disk or a lock held by another
        # instance never freezes the UI; the status bar says the log is being written.
        # From here no delivery starts (nor goes on) until this opening settled: one started
        # just before would otherwise take this opening's entry up during its fetch.
        self._delivery.opening_started()
        current = self._opening
        if not (
            current is not None
            and grant.break_glass is not None
            and current.grant.opening_id == grant.opening_id
            and current.grant.break_glass == grant.break_glass
        ):
            # (shown again after its break-the-glass: that entry is the audit of this step)
            await self._writer.append_off_loop(AuditEntry.opening(grant))
        meter = self._client.meter.snapshot()
        opening = Opening(
            grant=grant, citizen=citizen, bytes_at_open=meter.bytes_received, trips_at_open=meter.round_trips
        )
        same = current is not None and current.grant.opening_id == grant.opening_id and current.news is not None
        opening.news = current.news if same and current is not None else None
        self._opening = opening
        reveal = may_reveal_private(grant)

        if opening.news is None:  # the clinician's last opening (kept over a break-the-glass)
            opening.news = NewsTracker(self._cache_glue, cache_identity(citizen), self.clinician.user_id)
        # The saved copy first, at once, marked as saved with its age. Read, decrypted and
        # mapped in threads: the screen answers keys meanwhile.
        saved = await self._load_saved(opening, reveal)
        if saved is None:
            return  # closed, or another opening began, while the copy was read
        if saved.had_copy:
            record = await self._build(
                opening, reveal, full=True, new_keys=(), as_of=opening.saved_as_of, from_cache=True, checking=True
            )
            if record is None:
                return
            yield record
        if self._access_notice:
            try:
                await post_access_decision(self._client, grant)
            except FhirError as exc:
                if (ended := await self._ended(opening, reveal, Ended(error=exc))) is not None:
                    yield ended
                return
        async for record in self._refresh(
            opening,
            reveal,
            plan_for(opening, saved.since, self._bounds, self._clock()),
            had_cache=saved.had_copy,
            seen_before=saved.seen_before,
        ):
            yield record

    async def _load_saved(self, opening: Opening, reveal: bool) -> SavedStart | None:
        """The saved copy put into the opening (`saved_copy.py`); None if it ended meanwhile."""
        identity = cache_identity(opening.citizen)
        cached = await asyncio.to_thread(self._cache_glue.load, identity, shape=opening.shared.share)
        if self._opening is not opening:
            return None
        return take_saved(opening, cached, reveal=reveal, access_notice=self._access_notice)

    async def _refresh(
        self, opening: Opening, reveal: bool, plan: FetchPlan, *, had_cache: bool, seen_before: frozenset[str]
    ) -> AsyncIterator[Record]:
        """The server's answers, step by step, until done, failed or past the deadline."""
        started = self._clock()
        identity = cache_identity(opening.citizen)
        async for step in steps(self._fetcher, plan, self._bounds.deadline_seconds):
            if isinstance(step, Ended):
                self._delivery.settled()  # the entries are tried (and stay queued offline)
                if (ended := await self._ended(opening, reveal, step)) is not None:
                    yield ended
                return
            self._online = True
            apply_step(opening, step)
            await asyncio.to_thread(
                self._cache_glue.store_step, identity, opening.citizen.patient_id, step.resources, step.removed
            )
            record = await self._build(
                opening,
                reveal,
                full=had_cache,
                new_keys=unseen_keys(opening.resources, seen_before, had_cache),
                as_of=started,
                from_cache=False,
            )
            if record is None:
                return
            yield record
        self._last_sync = started
        await self._finish_sync(opening, started)
        self._delivery.settled()  # the opening's entries, and the tabs shown so far: one batch

    async def _ended(self, opening: Opening, reveal: bool, ended: Ended) -> Record | None:
        """The record when the refresh could not complete: what arrived, the saved copy
        marked as saved, and every pane left incomplete marked "not known" with why."""
        opening.shared.clear()
        offline = isinstance(ended.error, (FhirOfflineError, FhirTimeoutError))
        if offline:
            self._online = False
        if not opening.saved and not opening.resources:
            if ended.error is None:
                raise OfflineError("the server did not answer in time", detail="deadline passed")
            if offline:
                raise OfflineError("the server cannot be reached", detail=ended.error.message) from ended.error
            raise ServerError("the server could not return the record", detail=ended.error.message) from ended.error
        opening.mark_not_done(set(Pane) - {Pane.OVERVIEW}, ended_gap(ended))
        saved = opening.saved
        return await self._build(
            opening, reveal, full=saved, new_keys=(), as_of=opening.saved_as_of, from_cache=saved, offline=offline
        )

    async def _build(
        self,
        opening: Opening,
        reveal: bool,
        *,
        full: bool,
        new_keys: frozenset[str] | tuple[()],
        as_of: datetime | None,
        from_cache: bool,
        offline: bool = False,
        checking: bool = False,
    ) -> Record | None:
        """The Record of what the opening holds now, mapped in a thread from a snapshot taken
        here; None when the opening was closed or replaced meanwhile (nothing to show)."""
        record, memo = await map_opening(
            opening, reveal, full=full, new_keys=new_keys, as_of=as_of, from_cache=from_cache, offline=offline
        )
        if self._opening is not opening:
            return None
        opening.mapped = memo  # the panes the next step may reuse
        record = with_gaps(record, opening)
        if opening.news is not None:
            record = opening.news.attach(record, opening.resources, checking=checking)
        notices = self._cache_glue.take_notices()
        if opening.saved and opening.failed() and not offline and not opening.told_refresh_failed:
            opening.told_refresh_failed = True  # one notice an opening, not one per step
            notices = (*notices, "refresh-failed")
        if notices:
            record = replace(record, notices=notices)
        return record

    async def _finish_sync(self, opening: Opening, started: datetime) -> None:
        """Nothing more arrives in this opening. The sync mark moves on only when every
        search answered in full: otherwise the next opening asks again for what was missed."""
        opening.shared.clear()  # the parts stay shared
        identity = cache_identity(opening.citizen)
        patient_id = opening.citizen.patient_id
        if not opening.failed():
            await asyncio.to_thread(self._cache_glue.store, identity, patient_id, [], synced_at=started - SYNC_MARGIN)
            if opening.news is not None:
                opening.news.remember(opening.resources.keys(), at=started)
        keys = list(opening.resources.keys())
        await asyncio.to_thread(self._cache_glue.mark_opened, identity, keys, at=started)

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
        try:
            return await body_text(self._client, self._cache_glue, cache_identity(opening.citizen), entry.body_url)
        except OfflineError:
            self._online = False
            raise

    async def break_glass(self, grant: Grant, reason: str) -> Grant:
        opening = self._opening
        patient_id = opening.citizen.patient_id if opening else grant.patient_id
        grant = self._check(grant, patient_id)
        try:
            extended = grant.with_break_glass(reason, at=self._clock())
        except AccessDenied as exc:
            raise NotAuthorised(str(exc)) from exc
        await self._audit_async(AuditEntry.break_glass(extended))
        if self._access_notice:
            try:
                await post_access_decision(self._client, extended)
            except FhirError as exc:
                raise ServerError("the server did not accept break-the-glass", detail=exc.message) from exc
        if opening is not None:
            opening.grant = extended
        return extended

    def record_pane_view(self, grant: Grant, pane: Pane) -> Awaitable[None]:
        """Queue the view's entry (appended in a thread, after those queued before it; see
        `audit_writer.py`); await the result for its outcome (raises `ServiceError`)."""
        self._check(grant, grant.patient_id)
        # delivered in a batch, in the background, once durable
        return self._writer.enqueue(AuditEntry.pane_view(grant, pane.value), written=self._delivery.entry_written)

    async def audit_written(self) -> None:
        """Wait until every audit entry handed over so far is durable (before quitting)."""
        await self._writer.idle()

    def close(self, grant: Grant) -> None:
        if self._opening is not None and self._opening.grant.opening_id == grant.opening_id:
            self.close_all()

    def close_all(self) -> None:
        """Drop the open record's data (an opening still mapping it yields nothing more)."""
        if self._opening is not None:
            self._opening.resources.clear()
            self._opening.shared.clear()
            self._opening.mapped = None
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
            audit_writing=self._writer.writing,
        )

    def _cache_own_events(self, events: list[dict]) -> None:
        """Our delivered AuditEvents about the open citizen go into its cache as sent, so the
        next opening's access-log delta (ids only) does not bring them back (`own_events`)."""
        opening = self._opening
        if opening is not None and (mine := events_about(events, opening.citizen.patient_id)):
            self._cache_glue.store(cache_identity(opening.citizen), opening.citizen.patient_id, mine, synced_at=None)

    def _delivery_done(self, delivered: bool) -> None:
        if delivered:
            self._online = True  # the server took our events: the link is back
        self._status_changed()

    def _status_changed(self) -> None:
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
        await self._writer.idle()
        self.close_all()
        self._delivery.flush()
        await self._delivery.wait(timeout=5)
        await self._client.aclose()


__all__ = ["RecordService"]

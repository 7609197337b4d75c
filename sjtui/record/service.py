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
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sjtui.access.grant import AccessDenied, Clinician, Grant, may_reveal_private, require_grant
from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal, AuditJournalDamaged, AuditWriteError
from sjtui.fhir.capability_memory import RejectedParamsMemory
from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.access_notice import has_withheld, post_access_decision
from sjtui.record.adapt import RejectedParams
from sjtui.record.audit_delivery import AuditDelivery
from sjtui.record.bodies import body_text
from sjtui.record.bounds import OpeningBounds
from sjtui.record.cache_glue import CacheGlue, cache_identity
from sjtui.record.entries import CitizenSummary, ImagingReport, Note
from sjtui.record.errors import (
    AuditDamaged,
    AuditFailed,
    NotAuthorised,
    OfflineError,
    ServerError,
)
from sjtui.record.fetch import SOURCE_TYPES, FetchPlan, RecordFetcher
from sjtui.record.finder import CitizenFinder, search_entry
from sjtui.record.mapping import build_record
from sjtui.record.model import Pane, Record
from sjtui.record.news_glue import NewsTracker, unseen_keys
from sjtui.record.own_events import events_about
from sjtui.record.ports import AuditOutboxPort, RecordCachePort
from sjtui.record.refresh import Ended, Opening, apply_step, ended_gap, steps, with_gaps
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
        self._journal = journal
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
        self._audit_writing = 0  # journal appends under way (in threads)
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
        await asyncio.to_thread(self._audit, entry)
        return hits

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

    async def _audit_off_loop(self, entry: AuditEntry) -> None:
        """`_audit` in a thread (its fsyncs and file lock never stall the event loop); the
        status says the log is being written until it is durable."""
        self._audit_writing += 1
        self._status_changed()
        try:
            await asyncio.to_thread(self._audit, entry)
        finally:
            self._audit_writing -= 1
            self._status_changed()

    async def _audit_async(self, entry: AuditEntry) -> None:
        """`_audit` off the loop, then deliver: for steps taken while the clinician reads."""
        await self._audit_off_loop(entry)
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
            await self._audit_off_loop(AuditEntry.opening(grant))
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
        # The saved copy first, at once, marked as saved with its age.
        cached = self._cache_glue.load(cache_identity(citizen), shape=opening.shared.share)
        seen_before: frozenset[str] = frozenset()
        since: datetime | None = None
        if cached is not None:
            opening.resources.update(cached.resources)
            opening.saved = True
            # A copy whose last sync was incomplete has no sync mark: its age is its opening.
            opening.saved_as_of = cached.synced_at or getattr(cached, "opened_at", None)
            seen_before = cached.last_opened_keys
            # Damaged rows were dropped: fetch everything again, not only what changed.
            since = None if getattr(cached, "dropped", 0) else cached.synced_at
            if reveal and self._access_notice and has_withheld(opening.resources):
                since = None  # the server withheld private-marked content until now
            yield self._build(
                opening, reveal, full=True, new_keys=(), as_of=opening.saved_as_of, from_cache=True, checking=True
            )
        if self._access_notice:
            try:
                await post_access_decision(self._client, grant)
            except FhirError as exc:
                yield self._ended(opening, reveal, Ended(error=exc))
                return
        async for record in self._refresh(
            opening, reveal, self._plan(opening, since), had_cache=cached is not None, seen_before=seen_before
        ):
            yield record

    def _plan(self, opening: Opening, since: datetime | None) -> FetchPlan:
        return FetchPlan(
            patient_id=opening.citizen.patient_id,
            since=since,
            shared=opening.shared,
            known=opening.resources if since is not None else None,
            known_sources=frozenset(k for k in opening.resources if k.partition("/")[0] in SOURCE_TYPES),
            bounds=self._bounds,
        )

    async def _refresh(
        self, opening: Opening, reveal: bool, plan: FetchPlan, *, had_cache: bool, seen_before: frozenset[str]
    ) -> AsyncIterator[Record]:
        """The server's answers, step by step, until done, failed or past the deadline."""
        started = self._clock()
        identity = cache_identity(opening.citizen)
        async for step in steps(self._fetcher, plan, self._bounds.deadline_seconds):
            if isinstance(step, Ended):
                self._delivery.settled()  # the entries are tried (and stay queued offline)
                yield self._ended(opening, reveal, step)
                return
            self._online = True
            apply_step(opening, step)
            self._cache_glue.store(identity, opening.citizen.patient_id, step.resources, synced_at=None)
            if step.removed:
                self._cache_glue.remove(identity, step.removed)
            yield self._build(
                opening,
                reveal,
                full=had_cache,
                new_keys=unseen_keys(opening.resources, seen_before, had_cache),
                as_of=started,
                from_cache=False,
            )
        self._last_sync = started
        self._finish_sync(opening, started)
        self._delivery.settled()  # the opening's entries, and the tabs shown so far: one batch

    def _ended(self, opening: Opening, reveal: bool, ended: Ended) -> Record:
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
        return self._build(
            opening, reveal, full=saved, new_keys=(), as_of=opening.saved_as_of, from_cache=saved, offline=offline
        )

    def _build(
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
    ) -> Record:
        record = build_record(
            opening.resources.values(),
            patient_id=opening.citizen.patient_id,
            reveal_private=reveal,
            loaded=None if full else set(opening.loaded),
            new_keys=new_keys,
            as_of=as_of,
            from_cache=from_cache,
            offline=offline,
        )
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

    def _finish_sync(self, opening: Opening, started: datetime) -> None:
        """Nothing more arrives in this opening. The sync mark moves on only when every
        search answered in full: otherwise the next opening asks again for what was missed."""
        opening.shared.clear()  # the parts stay shared
        identity = cache_identity(opening.citizen)
        if not opening.failed():
            self._cache_glue.store(identity, opening.citizen.patient_id, [], synced_at=started - SYNC_MARGIN)
            if opening.news is not None:
                opening.news.remember(opening.resources.keys(), at=started)
        self._cache_glue.mark_opened(identity, opening.resources.keys(), at=started)

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

    def record_pane_view(self, grant: Grant, pane: Pane) -> None:
        """Blocking (a few fsyncs, milliseconds): the record screen calls it as tabs are shown."""
        self._check(grant, grant.patient_id)
        self._audit(AuditEntry.pane_view(grant, pane.value))
        self._delivery.entry_written()  # delivered in a batch, in the background

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
            audit_writing=self._audit_writing > 0,
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
        self.close_all()
        self._delivery.flush()
        await self._delivery.wait(timeout=5)
        await self._client.aclose()


__all__ = ["RecordService"]

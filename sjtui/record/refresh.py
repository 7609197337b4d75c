"""One opening's state and its refresh from the server, under an overall deadline.

The fetch engine runs in its own task and hands each step over a queue, so the opening can
stop waiting at the deadline (what arrived is shown, the rest is "not known: timed out")
without the clinician's screen waiting on a slow or stalled link. Every pane's gaps are
gathered over the whole opening; a gap of a pane shown from the saved copy says so, with
the copy's age (`Gap.as_of`): a failed refresh never makes a saved copy look current.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sjtui.access.grant import Grant
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirProtocolError, FhirTimeoutError
from sjtui.fhir.shared_values import SharedValues
from sjtui.record.bounds import MAX_OPENING_SECONDS, OpeningBounds
from sjtui.record.entries import CitizenSummary
from sjtui.record.fetch import FetchPlan, FetchStep, RecordFetcher, key_of
from sjtui.record.model import Gap, Pane, Record
from sjtui.record.news_glue import NewsTracker
from sjtui.record.source_includes import SOURCE_TYPES

if TYPE_CHECKING:
    from sjtui.record.mapping.reuse import MappingMemo

# Gap reasons that mean "the server's answer is not (all) here" (a saved copy stands in).
FAILURES = frozenset(
    {
        "failed",
        "not-searchset",
        "partial",
        "timeout",
        "offline",
        "page-limit",
        "entry-limit",
        "byte-limit",
        "unverified",
        "entries",
    }
)


@dataclass
class Opening:
    """What the service holds for the open citizen. Dropped on close."""

    grant: Grant
    citizen: CitizenSummary
    resources: dict[str, dict] = field(default_factory=dict)
    shared: SharedValues = field(default_factory=SharedValues)  # their equal parts, once
    bytes_at_open: int = 0
    trips_at_open: int = 0
    gaps: dict[Pane, list[Gap]] = field(default_factory=dict)
    loaded: set[Pane] = field(default_factory=set)
    latest: set[Pane] = field(default_factory=set)  # only their newest values so far
    saved: bool = False  # a saved copy is on screen
    saved_as_of: datetime | None = None  # its age (None: unknown)
    told_refresh_failed: bool = False
    news: NewsTracker | None = None  # the clinician's previous opening, and the news since
    mapped: MappingMemo | None = None  # the last mapping's panes, for the next step to reuse

    def add_gaps(self, gaps: dict[Pane, list[Gap]]) -> None:
        for pane, found in gaps.items():
            for gap in found:
                if self.saved_as_of is not None and gap.reason in FAILURES and gap.as_of is None:
                    gap = replace(gap, as_of=self.saved_as_of)
                self.gaps.setdefault(pane, []).append(gap)

    def mark_not_done(self, panes: set[Pane], gap: Gap) -> None:
        """`gap` for every pane that did not complete (a deadline, the link, a failure)."""
        self.add_gaps({p: [gap] for p in panes - self.loaded})

    def failed(self) -> bool:
        return any(g.reason in FAILURES for gaps in self.gaps.values() for g in gaps)


@dataclass(frozen=True, slots=True)
class Ended:
    """How a refresh ended when it did not complete: the error, or the deadline."""

    error: FhirError | None = None


async def _pump(
    fetcher: RecordFetcher, plan: FetchPlan, queue: asyncio.Queue[FetchStep | Ended | BaseException | None]
) -> None:
    try:
        async for step in fetcher.fetch(plan):
            await queue.put(step)
        await queue.put(None)
    except FhirError as exc:
        await queue.put(Ended(exc))
    except RecursionError:  # an absurdly nested answer: that answer fails, not the app
        await queue.put(Ended(FhirProtocolError("the server sent data nested too deeply")))
    except Exception as exc:  # noqa: BLE001 - handed to the opening, which raises it there
        await queue.put(exc)


async def steps(
    fetcher: RecordFetcher,
    plan: FetchPlan,
    deadline_seconds: float,
) -> AsyncIterator[FetchStep | Ended]:
    """The fetch steps as they come; an `Ended` last when the refresh did not complete
    (Ended(None): the deadline passed). Unexpected errors are raised here.

    The deadline is time without progress: the bytes received growing since the last look
    moves it on, so a large record arriving steadily is fetched whole (a
    20,000-observation citizen takes longer than 20 s on a busy machine or a slow link) while
    a link that hangs still ends at the limit. `MAX_OPENING_SECONDS` bounds it all."""
    queue: asyncio.Queue[FetchStep | Ended | BaseException | None] = asyncio.Queue()
    task = asyncio.create_task(_pump(fetcher, plan, queue))
    loop = asyncio.get_running_loop()
    ceiling = loop.time() + max(deadline_seconds, MAX_OPENING_SECONDS)
    until = loop.time() + deadline_seconds
    seen = fetcher.bytes_received()
    try:
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), max(0.0, min(until, ceiling) - loop.time()))
            except TimeoutError:
                now = fetcher.bytes_received()
                if now > seen and loop.time() < ceiling:
                    seen, until = now, loop.time() + deadline_seconds
                    continue
                yield Ended(None)
                return
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
            if isinstance(item, Ended):
                return
    finally:
        task.cancel()


def plan_for(opening: Opening, since: datetime | None, bounds: OpeningBounds, now: datetime | None = None) -> FetchPlan:
    """What to fetch for the opening: what changed `since` the last sync (None: everything);
    `now`: the service's clock (the overview's window of recent labs)."""
    return FetchPlan(
        patient_id=opening.citizen.patient_id,
        since=since,
        shared=opening.shared,
        known=opening.resources if since is not None else None,
        known_sources=frozenset(k for k in opening.resources if k.partition("/")[0] in SOURCE_TYPES),
        bounds=bounds,
        now=now,
    )


def apply_step(opening: Opening, step: FetchStep) -> None:
    for resource in step.resources:
        key = key_of(resource)
        if key:
            opening.resources[key] = resource
    for key in step.removed:  # deleted on the server since the last sync
        opening.resources.pop(key, None)
    opening.loaded.update(step.panes)
    opening.latest.update(step.latest)
    opening.add_gaps(step.gaps)


def ended_gap(ended: Ended) -> Gap:
    """The gap of every pane left incomplete by how the refresh ended."""
    if ended.error is None:
        return Gap("timeout", "", "the opening's deadline passed")
    if isinstance(ended.error, (FhirOfflineError, FhirTimeoutError)):
        return Gap("offline", "", ended.error.message)
    return Gap("failed", "", ended.error.message)


def with_gaps(record: Record, opening: Opening) -> Record:
    """The record with every pane's gaps of this opening (a pane with gaps is answered), and
    the panes holding only their newest values so far marked `latest` (still loading)."""
    changes = {}
    for pane in opening.latest - opening.loaded - set(opening.gaps):
        current = getattr(record, pane.value, None)
        if current is not None and not current.loaded:
            changes[pane.value] = replace(current, latest=True)
    for pane, gaps in opening.gaps.items():
        current = getattr(record, pane.value, None)
        if current is not None:
            changes[pane.value] = replace(current, gaps=(*current.gaps, *gaps), loaded=True)
    return replace(record, **changes) if changes else record


__all__ = ["Ended", "Opening", "apply_step", "ended_gap", "plan_for", "steps", "with_gaps"]

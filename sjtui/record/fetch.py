"""The low-bandwidth fetch engine: few round trips, small payloads, overview first.

Probes the server's CapabilityStatement once (cached by the client) and chooses:
- servers that can search inside a `batch` Bundle (HAPI, Medplum, Azure, the demo): one
  batch for the overview panes (first pages only, small), then one batch for the other panes
  together with the remaining pages of the overview searches, then what is left;
- servers that cannot (e.g. Google Cloud Healthcare): the same steps as parallel plain GETs,
  a few at a time.
Sources referenced by entries (Organizations, their parents, HealthcareServices, Locations) come
with a first opening's second-step searches where the server declares the includes
(`source_includes.py`); what is still missing is fetched after the step with `_id=a,b,c`
searches, and never again when already known (cached).

Every shortfall is reported, never swallowed: each step carries the `Gap`s of its panes
(a search failed, partly failed, was not a searchset, had unreadable entries, hit a bound).
A parameter the server rejects is left out and the search asked again (`adapt.py`, through
`searches.Searcher`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sjtui.fhir.client import FhirClient
from sjtui.fhir.shared_values import SharedValues
from sjtui.record.adapt import RejectedParams
from sjtui.record.bounds import OpeningBounds
from sjtui.record.fetch_plan import FULL_PAGE, Steps, delta_steps, failed_parts, latest_answered, opening_steps
from sjtui.record.model import Gap, Pane
from sjtui.record.own_events import take_stubs
from sjtui.record.queries import (
    REPORT_RESULTS,
    PaneQuery,
    census_query,
    count_url,
    matches,
    pane_queries,
    query_url,
)
from sjtui.record.searches import Round, Searcher, Share
from sjtui.record.source_includes import SourceIncludes, source_urls, with_sources
from sjtui.record.supported import drop_unsupported

PARALLEL_GETS = 6


def _keep(resources: list[dict]) -> None:
    """No memo given: resources stay as decoded."""


@dataclass(frozen=True, slots=True)
class FetchPlan:
    patient_id: str
    since: datetime | None = None  # delta sync: only resources changed after this
    use_elements: bool = True
    known_sources: frozenset[str] = frozenset()  # "Organization/x" already cached
    # The opening's memo: resources share equal parts as each page arrives (memory).
    shared: SharedValues | None = field(default=None, compare=False)
    # Delta sync: the cached resources ("Type/id" -> resource), to find what the server deleted.
    known: Mapping[str, dict] | None = field(default=None, compare=False)
    bounds: OpeningBounds = field(default_factory=OpeningBounds)
    # The opening's "now" (the service's clock): the overview's window of recent labs. None:
    # no window (the first step asks the newest values of every analysis, every report).
    now: datetime | None = None


@dataclass(slots=True)
class FetchStep:
    """What one step brought: the panes now complete, the resources that arrived (each key
    once: two searches of a step may find the same resource), and why any pane is not fully
    known (gaps are reported once, in the step that found them)."""

    panes: set[Pane]
    resources: list[dict]
    gaps: dict[Pane, list[Gap]] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()  # "Type/id" deleted on the server since the last sync
    # Panes whose overview part (their newest values, `latest.py`) arrived; their full lists
    # are still loading.
    latest: set[Pane] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.resources = _unique(self.resources)


@dataclass(slots=True)
class _Fetching:
    """One fetch's means: its searcher, how a round is run, the sources known so far."""

    searcher: Searcher
    run: Callable[..., Awaitable[Round]]
    share: Share
    use_batch: bool
    known: set[str]
    includes: SourceIncludes
    all_panes: set[Pane]

    async def sources(self, resources: list[dict]) -> list[dict]:
        """Sources referenced but unknown, and then their parents (departments -> hospital)."""
        out: list[dict] = []
        batch = resources
        for _ in range(2):
            urls = source_urls(batch, self.known, self.includes)
            if not urls:
                break
            got = await self.searcher.round(urls, [None] * len(urls), self.use_batch, self.share)
            out.extend(got.resources)
            batch = got.resources
        return out


class RecordFetcher:
    def __init__(
        self, client: FhirClient, *, parallel: int = PARALLEL_GETS, rejected: RejectedParams | None = None
    ) -> None:
        self._client = client
        self._parallel = parallel
        self.rejected = rejected or RejectedParams()

    def bytes_received(self) -> int:
        """Bytes the client has received so far (how an opening sees progress)."""
        return self._client.meter.snapshot().bytes_received

    async def fetch(self, plan: FetchPlan) -> AsyncIterator[FetchStep]:
        caps = await self._client.capabilities()
        share = plan.shared.share if plan.shared is not None else _keep
        use_batch = bool(getattr(caps, "batch_search_supported", False))
        searcher = Searcher(self._client, self.rejected, plan.bounds, parallel=self._parallel)
        includes = getattr(caps, "supports_include", None)
        operations = getattr(caps, "supports_operation", None)
        queries = pane_queries(
            plan.patient_id,
            since=plan.since,
            use_elements=plan.use_elements,
            include_report_results=bool(includes and includes("DiagnosticReport", REPORT_RESULTS)),
        )
        queries, unsupported = drop_unsupported(queries, caps)  # not asked: "not known", why
        if plan.since is not None:
            steps = delta_steps(queries, plan)
        else:
            steps = opening_steps(queries, plan, lastn=bool(operations and operations("Observation", "lastn")))
        # A first opening's later searches bring the sources their entries name (declared only).
        sources = SourceIncludes(includes if plan.since is None and callable(includes) else None)

        async def run(qs: list[PaneQuery], extra: Iterable[str] = ()) -> Round:
            urls = [query_url(q) for q in qs] + list(extra)
            owners: list[Pane | None] = [q.pane for q in qs] + [None] * (len(urls) - len(qs))
            return await searcher.round(urls, owners, use_batch, share)

        ctx = _Fetching(searcher, run, share, use_batch, set(plan.known_sources), sources, {q.pane for q in queries})

        # Step 1: the overview, one round trip (a delta sync: everything, and the counts).
        round1 = await run(steps.first + steps.latest, steps.counts)
        steps.rest = with_sources(steps.rest_of_lists(failed_parts(steps, round1)), sources)
        latest = latest_answered(steps, round1) if steps.latest else set()
        if plan.since is not None and (others := take_stubs(round1, plan.known)) is not None:
            steps.rest.append(others)  # someone else's access: fetched in full next
        done = steps.first_done(round1)
        yield FetchStep(
            panes=set(done),
            resources=round1.resources,
            gaps=_joined(_spread(round1.gaps, steps.covered), unsupported),
            latest=latest,
        )
        async for step in self._after_first(steps, round1, plan, ctx, done):
            yield step

    async def _after_first(
        self, steps: Steps, round1: Round, plan: FetchPlan, ctx: _Fetching, done: set[Pane]
    ) -> AsyncIterator[FetchStep]:
        searcher, run, share, all_panes = ctx.searcher, ctx.run, ctx.share, ctx.all_panes
        covered = steps.covered
        # Step 2: the other panes, the rest of the overview searches, and the sources.
        if searcher.over_budget():
            yield _bounded(all_panes - done)
            return
        sources = source_urls(round1.resources, ctx.known, ctx.includes)
        round2, more = await asyncio.gather(run(steps.rest, sources), searcher.follow(round1.partials, share))
        resources = round2.resources + more.resources
        done |= ({q.pane for q in steps.rest} | {p.pane for p in round1.partials if p.pane}) - {
            p.pane for p in round2.partials
        }
        done = steps.with_covered(done)
        gaps = _joined(round2.gaps, more.gaps)
        if not round2.partials:
            resources += await ctx.sources(resources)
            removed, unverified = await self._deleted(
                searcher, steps.queries, round1, plan.known, round1.resources + resources
            )
            yield FetchStep(
                panes=all_panes, resources=resources, gaps=_spread(_joined(gaps, unverified), covered), removed=removed
            )
            return
        yield FetchStep(panes=set(done), resources=resources, gaps=_spread(gaps, covered))

        # Step 3: what is left of long lists.
        if searcher.over_budget():
            yield _bounded(all_panes - done)
            return
        round3 = await searcher.follow(round2.partials, share)
        round3.resources += await ctx.sources(round3.resources + resources)
        removed, unverified = await self._deleted(
            searcher, steps.queries, round1, plan.known, round1.resources + resources + round3.resources
        )
        yield FetchStep(
            panes=all_panes,
            resources=round3.resources,
            gaps=_spread(_joined(round3.gaps, unverified), covered),
            removed=removed,
        )

    async def _deleted(
        self,
        searcher: Searcher,
        queries: list[PaneQuery],
        round1: Round,
        known: Mapping[str, dict] | None,
        arrived: list[dict],
    ) -> tuple[frozenset[str], dict[Pane, list[Gap]]]:
        """Keys the cache knows that the server no longer has (see `queries.count_url`),
        and the panes where that could not be checked (their count and listing both failed).
        A listing that is cut short removes nothing (it would hide data that still exists)."""
        if known is None:
            return frozenset(), {}
        by_type: dict[str, list[tuple[str, dict]]] = {}
        for key, resource in known.items():
            by_type.setdefault(key.partition("/")[0], []).append((key, resource))
        for resource in arrived:
            if key := key_of(resource):
                by_type.setdefault(key.partition("/")[0], []).append((key, resource))
        suspects: list[tuple[PaneQuery, set[str], int | None]] = []
        for q in queries:
            url = count_url(q)
            total = round1.totals.get(url)
            expected = {k for k, r in by_type.get(q.resource_type, ()) if matches(r, q)}
            if total is None and url in round1.failed_counts and expected:
                suspects.append((q, expected, None))  # no count: list the ids instead
            elif total is not None and total < len(expected):
                suspects.append((q, expected, total))
        if not suspects:
            return frozenset(), {}
        present = await asyncio.gather(
            *(searcher.census(query_url(census_query(q, FULL_PAGE))) for q, _, _ in suspects)
        )
        removed: set[str] = set()
        unverified: dict[Pane, list[Gap]] = {}
        for (q, expected, total), found in zip(suspects, present, strict=False):
            if found is not None and (total is None or len(found) >= total):
                removed |= expected - found
            elif total is None:
                unverified.setdefault(q.pane, []).append(
                    Gap("unverified", q.resource_type, "neither a count nor an id listing")
                )
        return frozenset(removed), unverified


def _spread(gaps: dict[Pane, list[Gap]], covered: list[tuple[PaneQuery, PaneQuery]]) -> dict[Pane, list[Gap]]:
    """The gaps, and for a search left out because a wider one covers it, the wider search's
    gaps of that type on its pane too (the imaging pane is not known when the reports are not)."""
    if not covered:
        return gaps
    out = {pane: list(found) for pane, found in gaps.items()}
    for narrower, wider in covered:
        for gap in gaps.get(wider.pane, ()):
            if gap.resource_type in ("", narrower.resource_type):
                out.setdefault(narrower.pane, []).append(gap)
    return out


def _unique(resources: list[dict]) -> list[dict]:
    """Each "Type/id" once (the last copy wins: a full search after a `$lastn` answer)."""
    by_key: dict[str, dict] = {}
    unkeyed: list[dict] = []
    for resource in resources:
        key = key_of(resource)
        if key:
            by_key[key] = resource
        else:
            unkeyed.append(resource)
    return unkeyed + list(by_key.values()) if len(by_key) + len(unkeyed) < len(resources) else resources


def _bounded(panes: set[Pane]) -> FetchStep:
    """The last step when the opening's byte bound was passed: the rest is not known."""
    gaps = {p: [Gap("byte-limit", "", "the opening's byte bound was reached")] for p in panes}
    return FetchStep(panes=set(panes), resources=[], gaps=gaps)


def _joined(*parts: dict[Pane, list[Gap]]) -> dict[Pane, list[Gap]]:
    out: dict[Pane, list[Gap]] = {}
    for part in parts:
        for pane, gaps in part.items():
            out.setdefault(pane, []).extend(gaps)
    return out


def key_of(resource: object) -> str:
    """ "Type/id" of a fetched resource, "" when it has no usable type or id."""
    if not isinstance(resource, dict):
        return ""
    rtype, rid = resource.get("resourceType"), resource.get("id")
    return f"{rtype}/{rid}" if isinstance(rtype, str) and isinstance(rid, str) and rtype and rid else ""


__all__ = ["FetchPlan", "FetchStep", "RecordFetcher", "key_of"]

"""The low-bandwidth fetch engine: few round trips, small payloads, overview first.

Probes the server's CapabilityStatement once (cached by the client) and chooses:
- servers that can search inside a `batch` Bundle (HAPI, Medplum, Azure, the demo): one
  batch for the overview panes (first pages only, small), then one batch for the other panes
  together with the remaining pages of the overview searches, then what is left;
- servers that cannot (e.g. Google Cloud Healthcare): the same steps as parallel plain GETs,
  a few at a time.
Sources referenced by entries (Organizations, their parents, HealthcareServices) are fetched
once per step with `_id=a,b,c` searches, and never again when already known (cached).
A search the server rejects because of `_elements` is retried without it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import parse_qsl

from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.fhir.results import BatchRequest
from sjtui.fhir.shared_values import SharedValues
from sjtui.record.model import Pane
from sjtui.record.ports import CapabilitiesView
from sjtui.record.queries import (
    OVERVIEW_PANES,
    REPORT_RESULTS,
    PaneQuery,
    census_query,
    count_url,
    matches,
    pane_queries,
    query_url,
)

PARALLEL_GETS = 6
FIRST_PAGE = 100  # overview searches: the newest entries arrive first and fast
FULL_PAGE = 1000  # everything else: fewer round trips (servers cap it; we follow `next`)
SOURCE_TYPES = ("Organization", "HealthcareService")
_REF = re.compile(r"(?:^|/)(Organization|HealthcareService)/([A-Za-z0-9\-.]{1,64})$")


_Share = Callable[[list[dict]], None]


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


@dataclass(slots=True)
class FetchStep:
    """What one step brought: the panes now complete and the resources that arrived."""

    panes: set[Pane]
    resources: list[dict]
    pane_errors: dict[Pane, str] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()  # "Type/id" deleted on the server since the last sync


@dataclass(slots=True)
class _Partial:
    """A search whose first page arrived and whose `next` link is still to follow."""

    pane: Pane | None
    bundle: dict


@dataclass(slots=True)
class _Round:
    resources: list[dict] = field(default_factory=list)
    partials: list[_Partial] = field(default_factory=list)
    errors: dict[Pane, str] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # count URL -> matches


class RecordFetcher:
    def __init__(self, client: FhirClient, *, parallel: int = PARALLEL_GETS) -> None:
        self._client = client
        self._parallel = parallel

    async def fetch(self, plan: FetchPlan) -> AsyncIterator[FetchStep]:
        caps: CapabilitiesView = await self._client.capabilities()
        share = plan.shared.share if plan.shared is not None else _keep
        use_batch = caps.batch_search_supported
        known = set(plan.known_sources)
        includes = getattr(caps, "supports_include", None)
        queries = pane_queries(plan.patient_id, since=plan.since, use_elements=plan.use_elements,
                               include_report_results=bool(
                                   includes and includes("DiagnosticReport", REPORT_RESULTS)))
        if plan.since is not None:
            # A delta sync: the cached record is already on screen and few things changed, so
            # one batch for everything (one round trip, one request body) beats overview-first.
            first = [_paged(q, FULL_PAGE) for q in queries]
            rest = []
        else:
            first = [_paged(q, FIRST_PAGE) for q in queries if q.pane in OVERVIEW_PANES]
            rest = [_paged(q, FULL_PAGE) for q in queries if q.pane not in OVERVIEW_PANES]
        all_panes = {q.pane for q in queries}
        counts = [count_url(q) for q in queries] if plan.since is not None and plan.known is not None else []

        # Step 1: the overview, one round trip (a delta sync: everything, and the counts).
        round1 = await self._round(first, use_batch, share, extra=counts)
        incomplete = {p.pane for p in round1.partials}
        done = {q.pane for q in first} - incomplete
        yield FetchStep(panes=set(done), resources=round1.resources, pane_errors=round1.errors)

        # Step 2: the other panes, the rest of the overview searches, and the sources.
        sources = _source_urls(round1.resources, known)
        round2, more = await asyncio.gather(
            self._round(rest, use_batch, share, extra=sources), self._follow(round1.partials, share)
        )
        resources = round2.resources + more.resources
        incomplete = {p.pane for p in round2.partials}
        done |= ({q.pane for q in rest} | {p.pane for p in round1.partials if p.pane}) - incomplete
        errors = {**round2.errors, **more.errors}
        if not round2.partials:
            resources += await self._sources(resources, known, use_batch, share)
            removed = await self._deleted(queries, round1.totals, plan.known, round1.resources + resources)
            yield FetchStep(panes=all_panes, resources=resources, pane_errors=errors, removed=removed)
            return
        yield FetchStep(panes=set(done), resources=resources, pane_errors=errors)

        # Step 3: what is left of long lists.
        round3 = await self._follow(round2.partials, share)
        round3.resources += await self._sources(round3.resources + resources, known, use_batch, share)
        removed = await self._deleted(queries, round1.totals, plan.known,
                                      round1.resources + resources + round3.resources)
        yield FetchStep(panes=all_panes, resources=round3.resources, pane_errors=round3.errors,
                        removed=removed)

    async def _deleted(self, queries: list[PaneQuery], totals: dict[str, int],
                       known: Mapping[str, dict] | None, arrived: list[dict]) -> frozenset[str]:
        """Keys the cache knows that the server no longer has (see `queries.count_url`).
        A search whose count could not be had, or whose id listing fails, removes nothing."""
        if known is None or not totals:
            return frozenset()
        by_type: dict[str, list[tuple[str, dict]]] = {}
        for key, resource in known.items():
            by_type.setdefault(key.partition("/")[0], []).append((key, resource))
        for resource in arrived:
            if key := key_of(resource):
                by_type.setdefault(key.partition("/")[0], []).append((key, resource))
        suspects: list[tuple[PaneQuery, set[str], int]] = []
        for q in queries:
            total = totals.get(count_url(q))
            if total is None:
                continue
            expected = {k for k, r in by_type.get(q.resource_type, ()) if matches(r, q)}
            if total < len(expected):
                suspects.append((q, expected, total))
        if not suspects:
            return frozenset()
        present = await asyncio.gather(*(self._census(q) for q, _, _ in suspects))
        removed: set[str] = set()
        for (_, expected, total), found in zip(suspects, present, strict=True):
            # A listing shorter than the count is cut short (a server's paging cap): trusting
            # it would hide data that still exists, so it removes nothing.
            if found is not None and len(found) >= total:
                removed |= expected - found
        return frozenset(removed)

    async def _census(self, q: PaneQuery) -> set[str] | None:
        """Every key the search matches now (ids only, all pages), or None when it fails."""
        census = census_query(q, FULL_PAGE)
        params = {k: [v] for k, v in census.params.items()}
        found: set[str] = set()
        try:
            async for page in self._client.search_pages(q.resource_type, params):
                found.update(k for r in page.resources if (k := key_of(r)))
        except (FhirOfflineError, FhirTimeoutError):
            raise
        except FhirError:
            return None
        return found

    async def _sources(self, resources: list[dict], known: set[str], use_batch: bool, share: _Share) -> list[dict]:
        """Sources referenced but unknown, and then their parents (departments -> hospital)."""
        out: list[dict] = []
        batch = resources
        for _ in range(2):
            urls = _source_urls(batch, known)
            if not urls:
                break
            got = await self._round([], use_batch, share, extra=urls)
            out.extend(got.resources)
            batch = got.resources
        return out

    async def _round(self, queries: list[PaneQuery], use_batch: bool, share: _Share,
                     extra: Iterable[str] = ()) -> _Round:
        urls = [query_url(q) for q in queries] + list(extra)
        owners: list[Pane | None] = [q.pane for q in queries] + [None] * (len(urls) - len(queries))
        if not urls:
            return _Round()
        if use_batch:
            return await self._batch(urls, owners, share)
        return await self._parallel_gets(urls, owners, share)

    async def _batch(self, urls: list[str], owners: list[Pane | None], share: _Share) -> _Round:
        responses = await self._client.batch([BatchRequest(url=u) for u in urls])
        result = _Round()
        retry: list[tuple[str, Pane | None]] = []
        for url, owner, response in zip(urls, owners, responses, strict=False):
            bundle = response.resource if 200 <= response.status < 300 else None
            if bundle is None:
                if response.status == 400 and "_elements=" in url:
                    retry.append((_without_elements(url), owner))
                elif owner is not None:
                    result.errors[owner] = f"the server answered {response.status}"
                continue
            _take(result, url, owner, bundle, share)
        if retry:
            again = await self._parallel_gets([u for u, _ in retry], [o for _, o in retry], share)
            _merge(result, again)
        return result

    async def _parallel_gets(self, urls: list[str], owners: list[Pane | None], share: _Share) -> _Round:
        result = _Round()
        gate = asyncio.Semaphore(self._parallel)

        async def one(url: str, owner: Pane | None) -> None:
            async with gate:
                bundle = await self._first_page(url, owner, result)
                if bundle is None and "_elements=" in url:
                    bundle = await self._first_page(_without_elements(url), owner, result)
                    if bundle is not None and owner is not None:
                        result.errors.pop(owner, None)
                if bundle is not None:
                    _take(result, url, owner, bundle, share)

        await asyncio.gather(*(one(u, o) for u, o in zip(urls, owners, strict=True)))
        return result

    async def _first_page(self, url: str, owner: Pane | None, result: _Round) -> dict | None:
        rtype, _, query = url.partition("?")
        params: dict[str, list[str]] = {}
        for k, v in parse_qsl(query, keep_blank_values=True):
            params.setdefault(k, []).append(v)
        try:
            async for page in self._client.search_pages(rtype, params, max_pages=1):
                return _page_bundle(page)
        except (FhirOfflineError, FhirTimeoutError):
            raise
        except FhirError as exc:
            if owner is not None:
                result.errors[owner] = exc.message
        return None

    async def _follow(self, partials: list[_Partial], share: _Share) -> _Round:
        result = _Round()

        async def one(partial: _Partial) -> None:
            try:
                result.resources.extend(await self._client.follow_next(partial.bundle, each_page=share))
            except (FhirOfflineError, FhirTimeoutError):
                raise
            except FhirError as exc:
                if partial.pane is not None:
                    result.errors[partial.pane] = exc.message

        await asyncio.gather(*(one(p) for p in partials))
        return result


def _paged(q: PaneQuery, size: int) -> PaneQuery:
    return replace(q, params={**q.params, "_count": str(size)})


def _take(result: _Round, url: str, owner: Pane | None, bundle: dict, share: _Share) -> None:
    if "_summary=count" in url:
        total = bundle.get("total")
        if isinstance(total, int) and not isinstance(total, bool) and total >= 0:
            result.totals[url] = total
        return
    resources = _bundle_resources(bundle)
    share(resources)
    result.resources.extend(resources)
    if _next_link(bundle):
        result.partials.append(_Partial(owner, bundle))


def _merge(into: _Round, other: _Round) -> None:
    into.resources.extend(other.resources)
    into.partials.extend(other.partials)
    into.errors.update(other.errors)


def _page_bundle(page: object) -> dict:
    """A SearchPage as a searchset Bundle (so `follow_next` can continue from it)."""
    entries = [{"resource": r, "search": {"mode": "match"}} for r in getattr(page, "resources", [])]
    entries += [{"resource": r, "search": {"mode": "include"}} for r in getattr(page, "included", [])]
    bundle: dict = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
    total = getattr(page, "total", None)
    if isinstance(total, int):
        bundle["total"] = total
    next_url = getattr(page, "next_url", None) or getattr(page, "next", None)
    if isinstance(next_url, str) and next_url:
        bundle["link"] = [{"relation": "next", "url": next_url}]
    return bundle


def _bundle_resources(bundle: dict) -> list[dict]:
    out = []
    for entry in bundle.get("entry") or []:
        if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
            out.append(entry["resource"])
    return out


def _next_link(bundle: dict) -> str | None:
    for link in bundle.get("link") or []:
        if isinstance(link, dict) and link.get("relation") == "next" and link.get("url"):
            return str(link["url"])
    return None


def _without_elements(url: str) -> str:
    return re.sub(r"&?_elements=[^&]*", "", url).replace("?&", "?")


def _source_urls(resources: Iterable[dict], known: set[str]) -> list[str]:
    """`_id` searches for the sources referenced but not known yet; marks them known."""
    wanted: dict[str, set[str]] = {t: set() for t in SOURCE_TYPES}
    for resource in resources:
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if rtype in wanted and isinstance(rid, str):
            known.add(f"{rtype}/{rid}")
        for ref in _references(resource):
            match = _REF.search(ref)
            if match:
                wanted[match.group(1)].add(match.group(2))
    urls = []
    for rtype, ids in wanted.items():
        missing = sorted(i for i in ids if f"{rtype}/{i}" not in known)
        known.update(f"{rtype}/{i}" for i in missing)
        for i in range(0, len(missing), 50):
            urls.append(f"{rtype}?_id=" + ",".join(missing[i : i + 50]))
    return urls


def _references(value: object, depth: int = 0) -> Iterable[str]:
    """Every `reference` string inside a resource (bounded depth: server data is untrusted)."""
    if depth > 8:
        return
    if isinstance(value, dict):
        ref = value.get("reference")
        if isinstance(ref, str):
            yield ref
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _references(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _references(child, depth + 1)


def key_of(resource: object) -> str:
    """ "Type/id" of a fetched resource, "" when it has no usable type or id."""
    if not isinstance(resource, dict):
        return ""
    rtype, rid = resource.get("resourceType"), resource.get("id")
    return f"{rtype}/{rid}" if isinstance(rtype, str) and isinstance(rid, str) and rtype and rid else ""

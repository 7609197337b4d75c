"""The low-bandwidth fetch engine: few round trips, small payloads, overview first.

Probes the server's CapabilityStatement once (cached by the client) and chooses:
- servers that can search inside a `batch` Bundle (HAPI, Medplum, Azure, the demo): one
  batch for the overview panes, then one batch for the rest; remaining pages of large
  searches follow their `next` links concurrently;
- servers that cannot (e.g. Google Cloud Healthcare): parallel plain GETs, a few at a time.
Organizations referenced by entries (sources) are fetched once, in the second step.
A search the server rejects because of `_elements` is retried without it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sjtui.fhir.client import BatchRequest, FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.model import Pane
from sjtui.record.queries import OVERVIEW_PANES, PaneQuery, pane_queries, query_url

PARALLEL_GETS = 6
_ORG_REF = re.compile(r"(?:^|/)Organization/([A-Za-z0-9\-.]{1,64})$")


@dataclass(frozen=True, slots=True)
class FetchPlan:
    patient_id: str
    since: datetime | None = None  # delta sync: only resources changed after this
    use_elements: bool = True
    known_organizations: frozenset[str] = frozenset()  # ids already cached: not fetched again


@dataclass(slots=True)
class FetchStep:
    """What one step brought: the panes it completes and their resources."""

    panes: set[Pane]
    resources: list[dict]
    pane_errors: dict[Pane, str] = field(default_factory=dict)


class RecordFetcher:
    def __init__(self, client: FhirClient, *, parallel: int = PARALLEL_GETS) -> None:
        self._client = client
        self._parallel = parallel
        self._known_orgs: set[str] = set()

    async def fetch(self, plan: FetchPlan) -> AsyncIterator[FetchStep]:
        caps = await self._client.capabilities()
        self._known_orgs |= plan.known_organizations
        queries = pane_queries(plan.patient_id, since=plan.since, use_elements=plan.use_elements)
        first = [q for q in queries if q.pane in OVERVIEW_PANES]
        rest = [q for q in queries if q.pane not in OVERVIEW_PANES]
        use_batch = bool(getattr(caps, "batch_search_supported", False))
        step = await self._run(first, use_batch, extra=[])
        yield step
        org_query = self._organization_query(step.resources)
        step2 = await self._run(rest, use_batch, extra=org_query)
        more_orgs = self._organization_query(step2.resources)
        if more_orgs:
            step3 = await self._run([], use_batch, extra=more_orgs)
            step2.resources.extend(step3.resources)
        yield step2

    def _organization_query(self, resources: Iterable[dict]) -> list[str]:
        """A search for the Organizations referenced but not yet known (sources)."""
        wanted: set[str] = set()
        for resource in resources:
            if resource.get("resourceType") == "Organization" and isinstance(resource.get("id"), str):
                self._known_orgs.add(resource["id"])
            for ref in _references(resource):
                match = _ORG_REF.search(ref)
                if match:
                    wanted.add(match.group(1))
        missing = sorted(wanted - self._known_orgs)
        self._known_orgs.update(missing)
        urls = []
        for i in range(0, len(missing), 50):
            urls.append("Organization?_id=" + ",".join(missing[i : i + 50]))
        return urls

    async def _run(self, queries: list[PaneQuery], use_batch: bool, extra: list[str]) -> FetchStep:
        panes = {q.pane for q in queries}
        if not queries and not extra:
            return FetchStep(panes=panes, resources=[])
        urls = [query_url(q) for q in queries] + extra
        owners: list[Pane | None] = [q.pane for q in queries] + [None] * len(extra)
        if use_batch:
            return await self._run_batch(urls, owners, panes)
        return await self._run_parallel(urls, owners, panes)

    async def _run_batch(self, urls: list[str], owners: list[Pane | None], panes: set[Pane]) -> FetchStep:
        responses = await self._client.batch([BatchRequest(url=u) for u in urls])
        step = FetchStep(panes=panes, resources=[])
        pending_pages = []
        for url, owner, response in zip(urls, owners, responses):
            bundle = response.resource if 200 <= response.status < 300 else None
            if bundle is None and response.status == 400 and "_elements=" in url:
                bundle = await self._search_url(_without_elements(url), owner, step)
                if bundle is None:
                    continue
            elif bundle is None:
                if owner is not None:
                    step.pane_errors[owner] = f"the server answered {response.status}"
                continue
            step.resources.extend(_bundle_resources(bundle))
            if _next_link(bundle):
                pending_pages.append(self._client.follow_next(bundle))
        for extra in await asyncio.gather(*pending_pages):
            step.resources.extend(extra)
        return step

    async def _search_url(self, url: str, owner: Pane | None, step: FetchStep) -> dict | None:
        """One plain GET search given as a relative URL; returns its first page Bundle."""
        rtype, _, query = url.partition("?")
        params: dict[str, list[str]] = {}
        from urllib.parse import parse_qsl

        for k, v in parse_qsl(query, keep_blank_values=True):
            params.setdefault(k, []).append(v)
        try:
            result = await self._client.search(rtype, params)
        except (FhirOfflineError, FhirTimeoutError):
            raise
        except FhirError as exc:
            if owner is not None:
                step.pane_errors[owner] = exc.message
            return None
        return {"resourceType": "Bundle", "type": "searchset", "entry": [
            {"resource": r, "search": {"mode": "match"}} for r in result.resources
        ] + [{"resource": r, "search": {"mode": "include"}} for r in getattr(result, "included", [])]}

    async def _run_parallel(self, urls: list[str], owners: list[Pane | None], panes: set[Pane]) -> FetchStep:
        step = FetchStep(panes=panes, resources=[])
        gate = asyncio.Semaphore(self._parallel)

        async def one(url: str, owner: Pane | None) -> None:
            async with gate:
                bundle = await self._search_url(url, owner, step)
                if bundle is None and "_elements=" in url:
                    bundle = await self._search_url(_without_elements(url), owner, step)
                    if bundle is not None and owner is not None:
                        step.pane_errors.pop(owner, None)
                if bundle is not None:
                    step.resources.extend(_bundle_resources(bundle))

        await asyncio.gather(*(one(u, o) for u, o in zip(urls, owners)))
        return step


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

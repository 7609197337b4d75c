"""One round of searches (a batch, or parallel GETs), following pages, and id listings, with
every answer checked and every shortfall reported as a `Gap` of its pane.

- An entry answered 400/422 (a parameter the server rejects) is asked again without it (see
  `adapt.py`); other failures are gaps ("failed").
- A 2xx answer that is not a searchset Bundle (an OperationOutcome instead, or `entry` not a
  list) is a gap ("not-searchset"), never an empty list; entries that are not resources are
  counted ("entries").
- Paging stops at the entry bound, the page bound (a guard against `next` links that never
  end) and when the opening's byte bound is passed (gaps "entry-limit", "page-limit",
  "byte-limit"); a page that fails after the first is a gap ("partial", with
  how many are missing when the server gave a total).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import (
    FhirError,
    FhirHttpError,
    FhirOfflineError,
    FhirProtocolError,
    FhirTimeoutError,
)
from sjtui.fhir.results import BatchRequest
from sjtui.record.adapt import REJECTED_STATUSES, RejectedParams, is_count, to_drop, without
from sjtui.record.bounds import BoundHit, OpeningBounds
from sjtui.record.mapping.quarantine import from_client, screen
from sjtui.record.model import Gap, Pane

Share = Callable[[list[dict]], None]
MAX_ADAPT_ATTEMPTS = 2
_BOUND_DETAIL = {
    "byte-limit": "stopped at the opening's byte bound",
    "entry-limit": "stopped after {bounds.max_entries} entries",
    "page-limit": "stopped after {bounds.max_pages} further pages",
}


@dataclass(slots=True)
class Partial:
    """A search whose first page arrived and whose `next` link is still to follow."""

    pane: Pane | None
    resource_type: str
    bundle: dict
    got: int = 0
    total: int | None = None


@dataclass(slots=True)
class Round:
    resources: list[dict] = field(default_factory=list)
    partials: list[Partial] = field(default_factory=list)
    gaps: dict[Pane, list[Gap]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # count URL (as planned) -> matches
    failed_counts: set[str] = field(default_factory=set)  # count URLs that gave no number

    def gap(self, pane: Pane | None, gap: Gap) -> None:
        if pane is not None:
            self.gaps.setdefault(pane, []).append(gap)

    def merge(self, other: Round) -> None:
        self.resources.extend(other.resources)
        self.partials.extend(other.partials)
        for pane, gaps in other.gaps.items():
            self.gaps.setdefault(pane, []).extend(gaps)
        self.totals.update(other.totals)
        self.failed_counts |= other.failed_counts


def _rtype(url: str) -> str:
    return url.partition("?")[0]


def _params(url: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for k, v in parse_qsl(url.partition("?")[2], keep_blank_values=True):
        params.setdefault(k, []).append(v)
    return params


def searchset_problem(bundle: Any) -> str:
    """Why a 2xx answer is not a usable searchset ("" when it is)."""
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return "not a Bundle"
    entries = bundle.get("entry")
    if entries is not None and not isinstance(entries, list):
        return "Bundle.entry is not a list"
    return ""


def bundle_resources(bundle: dict) -> tuple[list[dict], int]:
    """(the resources of a searchset's entries, how many entries were not resources).
    Outcome entries (warnings) are neither."""
    out: list[dict] = []
    bad = 0
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        resource = from_client(resource) or resource  # given up by the client: quarantined
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            bad += 1
            continue
        search = entry.get("search")
        mode = search.get("mode") if isinstance(search, dict) else None
        if mode == "outcome" or (mode is None and resource["resourceType"] == "OperationOutcome"):
            continue
        out.append(resource)
    return out, bad


def next_link(bundle: dict) -> str | None:
    links = bundle.get("link")
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("relation") == "next" and link.get("url"):
            return str(link["url"])
    return None


def _total(bundle: dict) -> int | None:
    total = bundle.get("total")
    return total if isinstance(total, int) and not isinstance(total, bool) and total >= 0 else None


def _page_bundle(page: Any) -> dict:
    """A SearchPage as a searchset Bundle (so `follow_next` can continue from it)."""
    entries: list[Any] = [{"resource": r, "search": {"mode": "match"}} for r in page.resources]
    entries += [{"resource": r, "search": {"mode": "include"}} for r in page.included]
    bundle: dict = {"resourceType": "Bundle", "type": "searchset", "entry": entries}
    if isinstance(page.total, int):
        bundle["total"] = page.total
    if page.next_url:
        bundle["link"] = [{"relation": "next", "url": page.next_url}]
    return bundle


class Searcher:
    def __init__(self, client: FhirClient, rejected: RejectedParams, bounds: OpeningBounds, *, parallel: int) -> None:
        self._client = client
        self.rejected = rejected
        self.bounds = bounds
        self._parallel = parallel
        self._bytes_at_start = client.meter.snapshot().bytes_received

    def over_budget(self) -> bool:
        used = self._client.meter.snapshot().bytes_received - self._bytes_at_start
        return used >= self.bounds.max_bytes

    # --- one round ----------------------------------------------------------------------
    async def round(self, urls: list[str], owners: list[Pane | None], use_batch: bool, share: Share) -> Round:
        if not urls:
            return Round()
        if use_batch:
            return await self._batch(urls, urls, owners, share, attempt=0)
        return await self._gets(urls, owners, share)

    def _take(self, result: Round, planned: str, owner: Pane | None, bundle: Any, share: Share) -> None:
        rtype = _rtype(planned)
        if is_count(planned):
            total = _total(bundle) if isinstance(bundle, dict) else None
            if total is None:
                result.failed_counts.add(planned)
            else:
                result.totals[planned] = total
            return
        problem = searchset_problem(bundle)
        if problem:
            result.gap(owner, Gap("not-searchset", rtype, problem))
            return
        resources, bad = bundle_resources(bundle)
        resources = screen(resources)  # one absurd resource is quarantined on its own
        if bad:
            result.gap(owner, Gap("entries", rtype, f"{bad} entries are not resources", bad))
        share(resources)
        result.resources.extend(resources)
        if next_link(bundle):
            result.partials.append(Partial(owner, rtype, bundle, len(resources), _total(bundle)))

    async def _batch(
        self, planned: list[str], urls: list[str], owners: list[Pane | None], share: Share, *, attempt: int
    ) -> Round:
        sent = [self.rejected.apply(u) for u in urls]
        responses = await self._client.batch([BatchRequest(url=u) for u in sent])
        result = Round()
        again: list[tuple[str, str, Pane | None]] = []
        for plan, url, owner, response in zip(planned, sent, owners, responses, strict=False):
            if response.ok:
                self._take(result, plan, owner, response.resource, share)
                continue
            text = response.outcome.text if response.outcome is not None else ""
            if response.status in REJECTED_STATUSES and not is_count(url):
                drop = to_drop(url, text, attempt)
                if drop and attempt < MAX_ADAPT_ATTEMPTS:
                    self.rejected.note(url, drop)
                    again.append((plan, without(url, drop), owner))
                    continue
            if is_count(plan):
                result.failed_counts.add(plan)
            else:
                error = response.as_error(_rtype(url))  # the client's words for this failure
                detail = error.message if error is not None else f"the server answered {response.status}"
                result.gap(owner, Gap("failed", _rtype(url), detail))
        if again:
            result.merge(
                await self._batch(
                    [p for p, _, _ in again],
                    [u for _, u, _ in again],
                    [o for _, _, o in again],
                    share,
                    attempt=attempt + 1,
                )
            )
        return result

    async def _gets(self, urls: list[str], owners: list[Pane | None], share: Share) -> Round:
        result = Round()
        gate = asyncio.Semaphore(self._parallel)

        async def one(plan: str, owner: Pane | None) -> None:
            async with gate:
                bundle = await self._first_page(plan, owner, result)
            if bundle is not None:
                self._take(result, plan, owner, bundle, share)

        await asyncio.gather(*(one(u, o) for u, o in zip(urls, owners, strict=False)))
        return result

    async def _first_page(self, plan: str, owner: Pane | None, result: Round) -> dict | None:
        url = self.rejected.apply(plan)
        for attempt in range(MAX_ADAPT_ATTEMPTS + 1):
            try:
                async for page in self._client.search_pages(_rtype(url), _params(url), max_pages=1):
                    return _page_bundle(page)
                return None
            except (FhirOfflineError, FhirTimeoutError):
                raise
            except FhirHttpError as exc:
                text = exc.outcome.text if exc.outcome is not None else exc.message
                drop = to_drop(url, text, attempt) if exc.status in REJECTED_STATUSES else set()
                if drop and not is_count(url) and attempt < MAX_ADAPT_ATTEMPTS:
                    self.rejected.note(url, drop)
                    url = without(url, drop)
                    continue
                self._failed(result, plan, owner, Gap("failed", _rtype(url), exc.message))
                return None
            except FhirProtocolError as exc:
                self._failed(result, plan, owner, Gap("not-searchset", _rtype(url), exc.message))
                return None
            except FhirError as exc:
                self._failed(result, plan, owner, Gap("failed", _rtype(url), exc.message))
                return None
        return None

    @staticmethod
    def _failed(result: Round, plan: str, owner: Pane | None, gap: Gap) -> None:
        if is_count(plan):
            result.failed_counts.add(plan)
        else:
            result.gap(owner, gap)

    # --- further pages --------------------------------------------------------------------
    async def follow(self, partials: list[Partial], share: Share) -> Round:
        result = Round()
        await asyncio.gather(*(self._follow_one(p, share, result) for p in partials))
        return result

    async def _follow_one(self, partial: Partial, share: Share, result: Round) -> None:
        got: list[dict] = []
        calls = bad = 0
        bounds = self.bounds

        def each_page(resources: list[dict]) -> None:
            # `follow_next` calls this twice a page: its matches, then its includes.
            nonlocal calls, bad
            calls += 1
            resources = [from_client(r) or r for r in resources]
            kept = screen([r for r in resources if isinstance(r, dict) and isinstance(r.get("resourceType"), str)])
            bad += len(resources) - len(kept)
            share(kept)
            got.extend(kept)
            if self.over_budget():
                raise BoundHit("byte-limit")
            if calls % 2 == 0 and partial.got + len(got) >= bounds.max_entries:
                raise BoundHit("entry-limit")
            if calls % 2 == 0 and calls // 2 > bounds.max_pages:
                raise BoundHit("page-limit")  # the server offered more pages than the bound

        rtype = partial.resource_type
        try:
            # One page past the bound: proof that the server offered more than it.
            await self._client.follow_next(partial.bundle, max_pages=bounds.max_pages + 1, each_page=each_page)
        except BoundHit as hit:
            result.gap(partial.pane, Gap(hit.reason, rtype, _BOUND_DETAIL[hit.reason].format(bounds=bounds)))
        except (FhirOfflineError, FhirTimeoutError):
            result.resources.extend(got)
            raise
        except FhirError as exc:
            missing = None
            if partial.total is not None:
                missing = max(0, partial.total - partial.got - len(got)) or None
            result.gap(partial.pane, Gap("partial", rtype, exc.message, missing))
        if bad:
            result.gap(partial.pane, Gap("entries", rtype, f"{bad} entries are not resources", bad))
        result.resources.extend(got)

    # --- id listings (deletion checks) ----------------------------------------------------
    async def census(self, url: str) -> set[str] | None:
        """Every "Type/id" the search matches now (all pages), or None when that cannot be
        had completely (failed, rejected, cut by a bound)."""
        url = self.rejected.apply(url)
        for attempt in range(MAX_ADAPT_ATTEMPTS + 1):
            found: set[str] = set()
            pages = 0
            try:
                async for page in self._client.search_pages(_rtype(url), _params(url), max_pages=self.bounds.max_pages):
                    pages += 1
                    for r in page.resources:
                        rid = r.get("id") if isinstance(r, dict) else None
                        if isinstance(rid, str) and rid:
                            found.add(f"{r.get('resourceType')}/{rid}")
                    if page.next_url and (pages >= self.bounds.max_pages or self.over_budget()):
                        return None
                return found
            except (FhirOfflineError, FhirTimeoutError):
                raise
            except FhirHttpError as exc:
                text = exc.outcome.text if exc.outcome is not None else exc.message
                drop = to_drop(url, text, attempt) if exc.status in REJECTED_STATUSES else set()
                if not drop or attempt >= MAX_ADAPT_ATTEMPTS:
                    return None
                self.rejected.note(url, drop)
                url = without(url, drop)
            except FhirError:
                return None
        return None

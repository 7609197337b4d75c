"""The async FHIR R4 client: read, search with paging, batch, conditional GET (writes and
operations: `writes.py`; the CapabilityStatement: `capability_fetch.py`).

One long-lived `httpx.AsyncClient` per server (`session.py`: keep-alive, HTTP/2, verified TLS).
Compression follows what is installed (gzip, deflate, br, zstd).

Every failure surfaces as a `FhirError` (see `errors.py`); retries, deadline, size guard and the
meter live in `http.py`. This module only knows FHIR: which URL, which headers, which JSON.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import httpx

from sjtui.fhir.attachments import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    AttachmentBytes,
    fetch_bounded,
)
from sjtui.fhir.batch import batch_body, batch_responses
from sjtui.fhir.capabilities import ServerCapabilities
from sjtui.fhir.capability_fetch import CapabilityFetcher
from sjtui.fhir.capability_memory import CapabilityMemory
from sjtui.fhir.errors import (
    FhirBoundError,
    FhirError,
    FhirHttpError,
    FhirProtocolError,
    FhirRefusedLinkError,
)
from sjtui.fhir.http import (
    DEFAULT_MAX_RESPONSE_BYTES,
    HttpCore,
    Params,
    Timeouts,
)
from sjtui.fhir.meter import Meter
from sjtui.fhir.models import (
    OperationOutcome,
    parse_bundle,
)
from sjtui.fhir.results import (
    BatchRequest,
    BatchResponse,
    ReadResult,
    SearchPage,
    SearchResult,
    meta_etag,
    response_bundle,
    response_resource,
    split_entries,
)
from sjtui.fhir.retry import RetryPolicy
from sjtui.fhir.session import FHIR_JSON, open_session
from sjtui.fhir.urls import (
    normalize_base,
    rebase_link,
    resolve_link,
    resource_path,
)
from sjtui.fhir.writes import FhirWrites

__all__ = ["FHIR_JSON", "FhirClient"]

log = logging.getLogger("sjtui.fhir")

#: Pages followed at most when the caller sets no `max_pages`: a server whose `next` links
#: never end (unique URLs, so no loop to detect) gets a clear error, not an endless fetch.
MAX_PAGES = 200
#: Batch bodies from this size go gzip-compressed (`Content-Encoding: gzip`) while the server
#: takes them; smaller ones would not win back the header.
GZIP_REQUESTS_FROM = 600


class FhirClient(FhirWrites):
    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        http2: bool = True,
        meter: Meter | None = None,
        auth: httpx.Auth | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
        batch_search: bool | None = None,
        capability_memory: CapabilityMemory | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        """`batch_search` overrides what /metadata suggests about searches inside a batch;
        `ca_bundle` names a PEM file of extra CAs to trust (TLS is always verified)."""
        self.max_attachment_bytes = max_attachment_bytes
        self.base_url = normalize_base(base_url)
        self.meter = meter or Meter()
        self.timeouts = timeouts or Timeouts()
        self._http = open_session(
            timeouts=self.timeouts, transport=transport, headers=headers, http2=http2, auth=auth, ca_bundle=ca_bundle
        )
        self._core = HttpCore(
            self.base_url,
            self._http,
            retry=retry or RetryPolicy(),
            timeouts=self.timeouts,
            meter=self.meter,
            max_response_bytes=max_response_bytes,
        )
        self._batch_search = batch_search
        self._capabilities: ServerCapabilities | None = None
        self._statements = CapabilityFetcher(
            self._core, self.base_url, capability_memory, batch_search=batch_search, on_change=self._revalidated
        )
        self._capabilities_lock = asyncio.Lock()
        #: Does the server take gzip-compressed request bodies? None: not known yet (tried on
        #: the first large batch; a 400 or 415 to it makes it False and the batch goes plain).
        self.gzip_requests: bool | None = None

    # -- lifecycle -----------------------------------------------------------------------
    async def aclose(self) -> None:
        self._statements.close()
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- capabilities --------------------------------------------------------------------
    async def capabilities(self, *, label: str | None = None) -> ServerCapabilities:
        """The server's capabilities, fetched once per client (`capability_fetch.py`: from
        memory at once, a stale copy revalidated in the background, conditionally).

        A missing or unreadable statement gives conservative defaults (cached); being offline
        raises (not cached), so the next call tries again.
        """
        if self._capabilities is not None:
            return self._capabilities
        async with self._capabilities_lock:
            if self._capabilities is None:
                self._capabilities = await self._statements.first(label=label)
        return self._capabilities

    def _revalidated(self, caps: ServerCapabilities) -> None:
        """A background revalidation brought a changed statement: used from now on."""
        self._capabilities = caps

    # -- read ----------------------------------------------------------------------------
    async def read(
        self,
        resource_type: str,
        resource_id: str,
        *,
        etag: str | None = None,
        elements: Sequence[str] | None = None,
        label: str | None = None,
    ) -> ReadResult:
        """GET one resource; with `etag`, a 304 gives `not_modified=True` and no resource."""
        url = resource_path(self.base_url, resource_type, resource_id)
        params = {"_elements": ",".join(elements)} if elements else None
        headers = {"If-None-Match": etag} if etag else None
        response = await self._core.send(
            "GET", url, kind="read", idempotent=True, label=label, params=params, headers=headers
        )
        if response.status == 304:
            return ReadResult(resource=None, etag=response.etag or etag, not_modified=True)
        resource = response_resource(response, expected_type=resource_type)
        return ReadResult(resource=resource, etag=response.etag or meta_etag(resource))

    # -- search --------------------------------------------------------------------------
    async def search_pages(
        self,
        resource_type: str,
        params: Params,
        *,
        max_pages: int | None = None,
        label: str | None = None,
    ) -> AsyncIterator[SearchPage]:
        """Yield each page of a search, following `next` links exactly as the server gave them."""
        url = resource_path(self.base_url, resource_type)
        async for page in self._pages(url, params, max_pages=max_pages, label=label):
            yield page

    async def search(
        self,
        resource_type: str,
        params: Params,
        *,
        max_pages: int | None = None,
        label: str | None = None,
    ) -> SearchResult:
        """All pages of a search gathered; matches and includes kept apart."""
        resources: list[dict[str, Any]] = []
        included: list[dict[str, Any]] = []
        outcomes: list[OperationOutcome] = []
        total: int | None = None
        pages = 0
        truncated = False
        async for page in self.search_pages(resource_type, params, max_pages=max_pages, label=label):
            if page.index == 0:
                total = page.total
            resources.extend(page.resources)
            included.extend(page.included)
            outcomes.extend(page.outcomes)
            pages += 1
            truncated = page.next_url is not None
        return SearchResult(resources, included, outcomes, total, pages, truncated)

    async def follow_next(
        self,
        bundle: dict[str, Any],
        *,
        max_pages: int | None = None,
        label: str | None = None,
        each_page: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> list[dict[str, Any]]:
        """Fetch the pages after `bundle` (e.g. a searchset from a batch entry).

        Returns the resources of those further pages (matches, then includes, page by page).
        `each_page` sees each page's resources as it arrives (e.g. `SharedValues.share`).
        """
        first = parse_bundle(bundle) if isinstance(bundle, dict) else None
        if first is None:
            raise FhirProtocolError("Expected a Bundle to page through.")
        link = first.link_url("next")
        if link is None:
            return []
        out: list[dict[str, Any]] = []
        url = await self._next_url(link)
        async for page in self._pages(url, None, max_pages=max_pages, label=label, first=1):
            if each_page is not None:
                each_page(page.resources)
                each_page(page.included)
            out.extend(page.resources)
            out.extend(page.included)
        return out

    async def _pages(
        self,
        url: str,
        params: Params | None,
        *,
        max_pages: int | None,
        label: str | None,
        first: int = 0,
    ) -> AsyncIterator[SearchPage]:
        seen = {url} if params is None else set()
        index = first
        count = 0
        while True:
            response = await self._core.send("GET", url, kind="search", idempotent=True, label=label, params=params)
            bundle = response_bundle(response)
            matches, included, outcomes = split_entries(bundle)
            next_link = bundle.link_url("next")
            yield SearchPage(matches, included, outcomes, bundle.total, next_link, index)
            index += 1
            count += 1
            if next_link is None or (max_pages is not None and count >= max_pages):
                return
            if max_pages is None and count >= MAX_PAGES:
                raise FhirBoundError(
                    f"The server offered more than {MAX_PAGES} pages; paging stopped.",
                    detail="too-many-pages",
                    pages=MAX_PAGES,
                )
            url, params = await self._next_url(next_link), None
            if url in seen:
                log.warning("fhir: the server's paging links loop; paging stopped")
                return
            seen.add(url)

    async def _next_url(self, link: str) -> str:
        """Where a `next` link leads: on the configured server as given, or from the base the
        server declares for itself (behind a reverse proxy) moved onto the configured base.
        Anything else is refused (FhirRefusedLinkError)."""
        try:
            return resolve_link(self.base_url, link)
        except FhirRefusedLinkError:
            try:
                declared = (await self.capabilities()).implementation_url
            except FhirError:  # no statement to ask: the link stays refused
                declared = None
            moved = rebase_link(self.base_url, link, declared)
            if moved is None:
                raise
            return resolve_link(self.base_url, moved)

    # -- batch ---------------------------------------------------------------------------
    async def batch(self, requests: Sequence[BatchRequest], *, label: str | None = None) -> list[BatchResponse]:
        """One POST of a batch Bundle of GETs; one response per request, in order.

        A failing entry comes back with its status and OperationOutcome; only a failure of the
        whole batch raises. Being all GETs, the batch is idempotent and so retried.
        """
        if not requests:
            return []
        body = batch_body(requests)
        headers = {"Content-Type": FHIR_JSON}
        if self.gzip_requests is not False and len(body) >= GZIP_REQUESTS_FROM:
            # The entries share most of their text: compressed, the uplink carries a fifth.
            try:
                response = await self._core.send(
                    "POST",
                    self.base_url,
                    kind="batch",
                    idempotent=True,
                    label=label,
                    content=gzip.compress(body, compresslevel=9, mtime=0),
                    headers={**headers, "Content-Encoding": "gzip"},
                )
                self.gzip_requests = True
                return batch_responses(response_bundle(response), len(requests))
            except FhirHttpError as exc:
                if self.gzip_requests or exc.status not in (400, 415):
                    raise
                log.info("fhir: the server refuses compressed request bodies; sending them plain")
                self.gzip_requests = False  # remembered for this server: plain from now on
        response = await self._core.send(
            "POST",
            self.base_url,
            kind="batch",
            idempotent=True,
            label=label,
            content=body,
            headers=headers,
        )
        return batch_responses(response_bundle(response), len(requests))

    # -- attachments ---------------------------------------------------------------------
    async def fetch_attachment(
        self,
        url: str,
        *,
        content_type: str | None = None,
        label: str | None = None,
        max_bytes: int | None = None,
    ) -> AttachmentBytes:
        """The bytes of an attachment (`Binary/x` or an absolute URL on this server), at most
        `max_bytes` (default: the client's `max_attachment_bytes`); a longer one is cut there
        and comes back with `truncated=True`, so the UI can say so.

        Asks for the attachment's own content type first; a server that answers with a FHIR
        Binary resource instead gets its base64 `data` decoded (and cut the same way).
        """
        limit = self.max_attachment_bytes if max_bytes is None else max(0, max_bytes)
        return await fetch_bounded(self._core, self.base_url, url, content_type=content_type, label=label, limit=limit)

"""Getting a server's CapabilityStatement without ever delaying the first search.

- Remembered and within its time-to-live (24 h): used at once, no request.
- Remembered but expired: used at once all the same (a server's capabilities rarely change),
  and revalidated in the background with a conditional GET (`If-None-Match` with the
  remembered `ETag`, `If-Modified-Since` with its `Last-Modified`): a `304` only renews the
  copy; a changed statement replaces it for the rest of the session.
- Never seen: fetched (the record service asks for it beside the first citizen search, so
  it is there before any record is opened).

Not trimmed: `_summary=true` would drop `rest` (not a summary element of CapabilityStatement
in R4), which holds everything the viewer reads, and `_elements` is not defined for the
capabilities interaction. The conditional GET is what saves the bytes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sjtui.fhir.capabilities import ServerCapabilities, parse_capabilities
from sjtui.fhir.capability_memory import CapabilityMemory, Remembered
from sjtui.fhir.errors import FhirError, FhirHttpError, FhirProtocolError
from sjtui.fhir.http import HttpCore
from sjtui.fhir.models import parse_json

__all__ = ["CapabilityFetcher"]

log = logging.getLogger("sjtui.fhir")


class CapabilityFetcher:
    def __init__(
        self,
        core: HttpCore,
        base_url: str,
        memory: CapabilityMemory | None,
        *,
        batch_search: bool | None,
        on_change: Callable[[ServerCapabilities], None],
    ) -> None:
        self._core = core
        self._base_url = base_url
        self._memory = memory
        self._batch_search = batch_search
        self._on_change = on_change
        self.revalidation: asyncio.Task[None] | None = None

    def _parse(self, data: Any) -> ServerCapabilities:
        return parse_capabilities(data, batch_search=self._batch_search)

    async def first(self, *, label: str | None = None) -> ServerCapabilities:
        """The capabilities for this session: remembered ones at once (an expired copy is
        revalidated in the background), else fetched."""
        remembered = self._memory.remembered(self._base_url) if self._memory is not None else None
        if remembered is not None:
            if not remembered.fresh:
                self.revalidation = asyncio.get_running_loop().create_task(self._revalidate(remembered))
            return self._parse(remembered.statement)
        data: Any = None
        try:
            data = await self._fetch(None, label=label)
        except (FhirHttpError, FhirProtocolError) as exc:
            log.info("fhir: no usable CapabilityStatement (%s)", type(exc).__name__)
        return self._parse(data)

    async def _fetch(self, remembered: Remembered | None, *, label: str | None = None) -> Any:
        """GET /metadata (conditional when `remembered` has validators); the statement, or
        `remembered.statement` when the server answered 304. Remembers what it got."""
        headers = {}
        if remembered is not None and remembered.etag:
            headers["If-None-Match"] = remembered.etag
        if remembered is not None and remembered.last_modified:
            headers["If-Modified-Since"] = remembered.last_modified
        response = await self._core.send(
            "GET", f"{self._base_url}/metadata", kind="metadata", idempotent=True, label=label, headers=headers
        )
        if response.status == 304 and remembered is not None:
            data: Any = remembered.statement
        else:
            data = parse_json(response.body) if response.status == 200 else None
        if isinstance(data, dict) and self._memory is not None:
            self._memory.save(
                self._base_url,
                data,
                etag=response.etag or (remembered.etag if remembered else None),
                last_modified=response.headers.get("last-modified")
                or (remembered.last_modified if remembered else None),
            )
        return data

    async def _revalidate(self, remembered: Remembered) -> None:
        try:
            data = await self._fetch(remembered, label="metadata")
        except FhirError as exc:  # offline or refused: the remembered copy stays in use
            log.info("fhir: CapabilityStatement not revalidated (%s)", type(exc).__name__)
            return
        if isinstance(data, dict) and data is not remembered.statement:
            self._on_change(self._parse(data))

    def close(self) -> None:
        if self.revalidation is not None and not self.revalidation.done():
            self.revalidation.cancel()

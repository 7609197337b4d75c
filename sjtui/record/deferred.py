"""A record service that becomes ready after the first frame.

Building the real service imports httpx and the demo backend, loads fixtures, opens the
encrypted cache and the audit journal: a third of a cold start. The app therefore shows its
first screen at once and builds the service in the background; calls made before it is ready
wait for it (the clinician is typing a CPR meanwhile). `status()` answers at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING

from sjtui.record.service_api import RecordServiceApi, ServiceStatus

if TYPE_CHECKING:  # annotations only: the first frame needs none of the record's types
    from sjtui.access.grant import Grant
    from sjtui.record.entries import CitizenSummary, ImagingReport, Note
    from sjtui.record.model import Pane, Record


class DeferredService:
    def __init__(self, backend_label: str) -> None:
        self._label = backend_label
        self._inner: RecordServiceApi | None = None
        self._ready = asyncio.Event()
        self._failed: BaseException | None = None

    def set(self, service: RecordServiceApi) -> None:
        self._inner = service
        self._ready.set()

    def fail(self, error: BaseException) -> None:
        self._failed = error
        self._ready.set()

    async def _get(self) -> RecordServiceApi:
        await self._ready.wait()
        if self._inner is None:
            raise self._failed or RuntimeError("the record service could not start")
        return self._inner

    async def find_citizens(self, query: str, *, via: str = "search") -> list[CitizenSummary]:
        return await (await self._get()).find_citizens(query, via=via)

    async def open(self, citizen: CitizenSummary, grant: Grant) -> AsyncIterator[Record]:
        service = await self._get()
        async for record in service.open(citizen, grant):
            yield record

    async def load_body(self, grant: Grant, entry: Note | ImagingReport) -> str:
        return await (await self._get()).load_body(grant, entry)

    async def break_glass(self, grant: Grant, reason: str) -> Grant:
        return await (await self._get()).break_glass(grant, reason)

    def record_pane_view(self, grant: Grant, pane: Pane) -> Awaitable[None]:
        if self._inner is not None:  # a pane view needs an opening, so the service is ready
            return self._inner.record_pane_view(grant, pane)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)  # nothing to write
        return done

    async def audit_written(self) -> None:
        if self._inner is not None:
            await self._inner.audit_written()

    def close(self, grant: Grant) -> None:
        if self._inner is not None:
            self._inner.close(grant)

    def status(self) -> ServiceStatus:
        if self._inner is not None:
            return self._inner.status()
        return ServiceStatus(
            backend=self._label,
            online=True,
            bytes_received=0,
            round_trips=0,
            pending_audit=0,
            cache_mode="off",
            last_sync=None,
        )

    async def deliver_audit(self) -> None:
        deliver = getattr(self._inner, "deliver_audit", None)
        if deliver is not None:
            await deliver()

    async def aclose(self) -> None:
        close = getattr(self._inner, "aclose", None)
        if close is not None:
            await close()

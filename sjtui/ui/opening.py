"""Start fetching a record the moment consent is confirmed.

Composing the record screen costs a few hundred milliseconds of CPU; on a slow link the
audit write and the overview request should already be under way meanwhile. An
`OpeningStream` runs `service.open(...)` in its own task and buffers the Records until the
screen consumes them (in order, errors included); cancelling it stops the fetch.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from sjtui.access.grant import Grant
from sjtui.record.entries import CitizenSummary
from sjtui.record.model import Record

_END = object()


class OpeningStream:
    def __init__(self, service: Any, citizen: CitizenSummary, grant: Grant) -> None:
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._task = asyncio.get_running_loop().create_task(self._pump(service.open(citizen, grant)))

    async def _pump(self, records: AsyncIterator[Record]) -> None:
        try:
            async for record in records:
                self._queue.put_nowait(record)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, who reports it
            self._queue.put_nowait(exc)
        self._queue.put_nowait(_END)

    def __aiter__(self) -> AsyncIterator[Record]:
        return self._records()

    async def _records(self) -> AsyncIterator[Record]:
        while True:
            item = await self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, Record):
                yield item

    def cancel(self) -> None:
        self._task.cancel()

"""The CapabilityStatement never delays the first search: a remembered copy is used at once,
an expired one revalidated in the background with a conditional GET (the demo answers 304)."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import httpx
import pytest

from sjtui.demo.app import create_app
from sjtui.fhir.capability_memory import CapabilityMemory
from sjtui.fhir.client import FhirClient

BASE = "http://demo"


class Gate(httpx.AsyncBaseTransport):
    """The demo server in-process; `/metadata` answers only once `release` is set. Notes each
    request's path and status in order."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.release = asyncio.Event()
        self.seen: list[tuple[str, int]] = []
        self.conditional: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/metadata":
            self.conditional += [h for h in ("if-none-match", "if-modified-since") if h in request.headers]
            await self.release.wait()
        response = await self.inner.handle_async_request(request)
        self.seen.append((request.url.path, response.status_code))
        return response


def _age(memory_dir, seconds: float) -> None:
    for path in memory_dir.iterdir():
        past = time.time() - seconds
        os.utime(path, (past, past))


async def test_an_expired_statement_is_used_at_once_and_revalidated_with_a_304(tmp_path) -> None:
    app = create_app()
    memory = CapabilityMemory(tmp_path)
    first = FhirClient(BASE, transport=httpx.ASGITransport(app=app), http2=False, capability_memory=memory)
    assert (await first.capabilities()).supports_operation("Observation", "lastn")
    await first.aclose()
    _age(tmp_path, 3 * 24 * 3600)  # three days later: past the 24 h time-to-live

    gate = Gate(app)
    client = FhirClient(BASE, transport=gate, http2=False, capability_memory=memory)
    caps = await client.capabilities()  # at once: /metadata has not answered
    assert caps.batch_search_supported and not gate.seen
    page = await client.search("Patient", {"_id": "poul"})  # the first search does not wait
    assert page.resources and gate.seen == [("/Patient", 200)]
    before = client.meter.snapshot()
    gate.release.set()
    await asyncio.wait_for(client._statements.revalidation, timeout=5)  # type: ignore[arg-type]  # started above
    assert gate.seen[-1] == ("/metadata", 304) and set(gate.conditional) == {"if-none-match", "if-modified-since"}
    moved = client.meter.snapshot().bytes_received - before.bytes_received
    assert moved < 400  # headers only: the statement itself did not come down again
    assert memory.load(BASE) is not None  # renewed for another 24 h
    await client.aclose()


async def test_a_changed_statement_replaces_the_remembered_one(tmp_path) -> None:
    memory = CapabilityMemory(tmp_path)
    memory.save(BASE, {"resourceType": "CapabilityStatement", "rest": []}, etag='W/"old"')
    _age(tmp_path, 3 * 24 * 3600)
    client = FhirClient(BASE, transport=httpx.ASGITransport(app=create_app()), http2=False, capability_memory=memory)
    assert not (await client.capabilities()).batch_supported  # the old copy, at once
    await asyncio.wait_for(client._statements.revalidation, timeout=5)  # type: ignore[arg-type]  # started above
    assert (await client.capabilities()).batch_supported  # the server's current one
    remembered = memory.remembered(BASE)
    assert remembered is not None and remembered.fresh and remembered.etag and remembered.etag != 'W/"old"'
    await client.aclose()


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
async def test_the_demo_answers_a_conditional_metadata_request_with_304(header: str) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app()), base_url=BASE) as http:
        full = await http.get("/metadata")
        validator = full.headers["etag"] if header == "If-None-Match" else full.headers["last-modified"]
        again = await http.get("/metadata", headers={header: validator})
        assert full.status_code == 200 and again.status_code == 304 and not again.content
        assert (await http.get("/metadata", headers={"If-None-Match": 'W/"other"'})).status_code == 200

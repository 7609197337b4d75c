"""The meter: round trips (retries and 304s included), wire vs decoded bytes, labels; size guard."""

from __future__ import annotations

import asyncio
import gzip
import json

import httpx
import pytest

from sjtui.fhir import FhirClient, FhirTooLargeError, Meter, RetryPolicy

BASE = "http://fhir.test"


async def _no_sleep(_: float) -> None:
    return None


async def _chunks(data: bytes, size: int = 512):
    """A streamed body, as real transports deliver it (so httpx counts raw bytes)."""
    for i in range(0, len(data), size):
        yield data[i : i + size]


def _bundle(n: int) -> bytes:
    entries = [
        {
            "resource": {
                "resourceType": "Observation",
                "id": f"o{i}",
                "code": {"text": "P-Kalium"},
                "valueQuantity": {"value": 4.1},
            },
            "search": {"mode": "match"},
        }
        for i in range(n)
    ]
    return json.dumps({"resourceType": "Bundle", "type": "searchset", "entry": entries}).encode()


def _client(handler, **kw) -> FhirClient:
    return FhirClient(BASE, transport=httpx.MockTransport(handler), retry=RetryPolicy(sleep=_no_sleep), **kw)


async def test_gzip_compressed_vs_decoded_bytes() -> None:
    body = _bundle(200)
    packed = gzip.compress(body)

    def handler(request: httpx.Request) -> httpx.Response:
        assert "gzip" in request.headers["accept-encoding"]
        return httpx.Response(
            200,
            content=_chunks(packed),
            headers={"content-type": "application/fhir+json", "content-encoding": "gzip"},
        )

    async with _client(handler) as fhir:
        result = await fhir.search("Observation", {"patient": "poul"})
    snap = fhir.meter.snapshot()
    assert len(result.resources) == 200
    assert snap.total.decoded_bytes == len(body)
    assert len(packed) < snap.total.bytes_received < len(packed) + 400  # body + headers
    assert snap.bytes_received < snap.decoded_bytes / 5
    assert snap.total.round_trips == 1 and snap.total.bytes_sent > 0
    assert snap.label("search").round_trips == 1


async def test_round_trips_include_retries_and_labels() -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return httpx.Response(503)
        if request.headers.get("if-none-match"):
            return httpx.Response(304)
        return httpx.Response(200, json={"resourceType": "Patient", "id": "p"})

    meter = Meter()
    updates = []
    remove = meter.add_listener(updates.append)
    async with _client(handler, meter=meter) as fhir:
        with meter.operation("overview"):
            await fhir.read("Patient", "p")
            # concurrent tasks started inside the block inherit the label
            await asyncio.gather(*(fhir.read("Patient", "p", etag='W/"1"') for _ in range(3)))
        await fhir.read("Patient", "p", label="stamkort")
        remove()
        await fhir.read("Patient", "p")
    snap = meter.snapshot()
    assert snap.total.round_trips == 7
    assert snap.label("overview").round_trips == 5  # 503 + retry + three 304s
    assert snap.label("overview").not_modified == 3
    assert snap.label("overview").failures == 1
    assert snap.label("stamkort").round_trips == 1
    assert snap.label("read").round_trips == 1
    assert snap.total.elapsed >= 0
    assert len(updates) == 6  # the listener was removed before the last read
    meter.reset()
    assert meter.snapshot().total.round_trips == 0 and not meter.snapshot().by_label


async def test_size_guard_streamed() -> None:
    async def endless():
        for _ in range(1000):
            yield b"x" * 1024

    async with _client(lambda r: httpx.Response(200, content=endless()), max_response_bytes=64 * 1024) as fhir:
        with pytest.raises(FhirTooLargeError):
            await fhir.read("Patient", "p")
    assert fhir.meter.snapshot().total.bytes_received < 200 * 1024


async def test_size_guard_declared_length_and_gzip_bomb() -> None:
    async with _client(
        lambda r: httpx.Response(200, headers={"content-length": str(10**9)}, content=b"{}"),
        max_response_bytes=1024,
    ) as fhir:
        with pytest.raises(FhirTooLargeError):
            await fhir.read("Patient", "p")

    bomb = gzip.compress(b" " * (2 * 1024 * 1024))

    async def stream():
        yield bomb

    async with _client(
        lambda r: httpx.Response(200, content=stream(), headers={"content-encoding": "gzip"}),
        max_response_bytes=1024 * 1024,
    ) as fhir:
        with pytest.raises(FhirTooLargeError):
            await fhir.read("Patient", "p")

"""Retries, backoff, Retry-After, stale connections, deadlines: seen from the wire."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from sjtui.fhir import (
    FhirClient,
    FhirOfflineError,
    FhirRateLimitError,
    FhirTimeoutError,
    RetryPolicy,
    Timeouts,
)
from sjtui.fhir.errors import FhirHttpError
from sjtui.fhir.retry import parse_retry_after

BASE = "http://fhir.test/r4"
PATIENT = {"resourceType": "Patient", "id": "p1", "meta": {"versionId": "3"}}


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def scripted(*steps):
    """A transport that plays `steps` in order: a Response, an exception, or a callable."""
    seen: list[httpx.Request] = []
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        return step

    return httpx.MockTransport(handler), seen


def ok(body=PATIENT, **kw) -> httpx.Response:
    return httpx.Response(200, json=body, headers={"content-type": "application/fhir+json"}, **kw)


def client(transport, sleep=None, **kw) -> FhirClient:
    policy = RetryPolicy(sleep=sleep or FakeSleep(), jitter=False)
    return FhirClient(BASE, transport=transport, retry=policy, **kw)


async def test_503_with_retry_after_is_honoured() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(
        httpx.Response(503, headers={"Retry-After": "3"}),
        httpx.Response(503, headers={"Retry-After": "2"}),
        ok(),
    )
    async with client(transport, sleep) as fhir:
        result = await fhir.read("Patient", "p1")
    assert result.resource == PATIENT
    assert len(seen) == 3
    assert sleep.delays == [3.0, 2.0]


async def test_429_then_success() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.Response(429), ok())
    async with client(transport, sleep) as fhir:
        result = await fhir.read("Patient", "p1")
    assert result.resource["id"] == "p1"
    assert len(seen) == 2
    assert sleep.delays == [0.5]  # no Retry-After: backoff (jitter off) base_delay


async def test_429_forever_gives_rate_limit_error_after_all_attempts() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.Response(429))
    async with client(transport, sleep) as fhir:
        with pytest.raises(FhirRateLimitError) as info:
            await fhir.read("Patient", "p1")
    assert info.value.status == 429
    assert len(seen) == 4
    assert sleep.delays == [0.5, 1.0, 2.0]


async def test_connect_error_then_success() -> None:
    transport, seen = scripted(httpx.ConnectError("refused"), ok())
    async with client(transport) as fhir:
        assert (await fhir.read("Patient", "p1")).resource["id"] == "p1"
    assert len(seen) == 2


async def test_connect_error_forever_is_offline() -> None:
    transport, seen = scripted(httpx.ConnectError("Name or service not known"))
    async with client(transport) as fhir:
        with pytest.raises(FhirOfflineError) as info:
            await fhir.read("Patient", "p1")
    assert len(seen) == 4
    assert "Name or service" not in info.value.message


async def test_post_create_is_not_retried() -> None:
    for failure in (httpx.Response(503), httpx.ReadError("reset"), httpx.RemoteProtocolError("x")):
        transport, seen = scripted(failure, httpx.Response(201))
        async with client(transport) as fhir:
            with pytest.raises((FhirHttpError, FhirOfflineError)):
                await fhir.create({"resourceType": "AuditEvent"})
        assert len(seen) == 1, failure


async def test_conditional_create_is_retried() -> None:
    transport, seen = scripted(
        httpx.ReadError("reset"),
        httpx.Response(201, headers={"Location": f"{BASE}/AuditEvent/a1/_history/1"}),
    )
    async with client(transport) as fhir:
        result = await fhir.create({"resourceType": "AuditEvent"}, if_none_exist="identifier=urn:uuid:1")
    assert len(seen) == 2
    assert seen[-1].headers["If-None-Exist"] == "identifier=urn:uuid:1"
    assert result.id == "a1" and result.created


async def test_put_is_retried() -> None:
    transport, seen = scripted(httpx.Response(502), httpx.Response(200))
    async with client(transport) as fhir:
        result = await fhir.update({"resourceType": "AuditEvent", "id": "a1"})
    assert [r.method for r in seen] == ["PUT", "PUT"]
    assert seen[0].url.path == "/r4/AuditEvent/a1"
    assert result.status == 200


async def test_stale_connection_is_retried_at_once() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.RemoteProtocolError("Server disconnected"), ok())
    async with client(transport, sleep) as fhir:
        assert (await fhir.read("Patient", "p1")).resource is not None
    assert len(seen) == 2
    assert sleep.delays == []  # no waiting for the normal stale-HTTP/2 case


async def test_second_protocol_error_backs_off() -> None:
    sleep = FakeSleep()
    transport, seen = scripted(httpx.RemoteProtocolError("a"), httpx.RemoteProtocolError("b"), ok())
    async with client(transport, sleep) as fhir:
        await fhir.read("Patient", "p1")
    assert len(seen) == 3
    assert sleep.delays == [0.5]


async def test_read_timeout_exhausted_is_timeout_error() -> None:
    transport, seen = scripted(httpx.ReadTimeout("slow"))
    async with client(transport) as fhir:
        with pytest.raises(FhirTimeoutError):
            await fhir.search("Observation", {"patient": "1203541237"})
    assert len(seen) == 4


async def test_404_is_not_retried() -> None:
    transport, seen = scripted(httpx.Response(404))
    async with client(transport) as fhir:
        with pytest.raises(FhirHttpError):
            await fhir.read("Patient", "p1")
    assert len(seen) == 1


class StallingTransport(httpx.AsyncBaseTransport):
    """The first `stalls` requests never finish sending their body."""

    def __init__(self, stalls: int) -> None:
        self.stalls = stalls
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.calls <= self.stalls:

            async def trickle():
                yield b'{"resourceType":'
                await asyncio.sleep(10)
                yield b"}"

            return httpx.Response(200, content=trickle())
        return ok()


async def test_stalled_transfer_retried_once() -> None:
    transport = StallingTransport(stalls=1)
    async with client(transport, timeouts=Timeouts(deadline=0.05)) as fhir:
        assert (await fhir.read("Patient", "p1")).resource["id"] == "p1"
    assert transport.calls == 2


async def test_stalled_twice_is_timeout_error() -> None:
    transport = StallingTransport(stalls=5)
    async with client(transport, timeouts=Timeouts(deadline=0.05)) as fhir:
        with pytest.raises(FhirTimeoutError):
            await fhir.read("Patient", "p1")
    assert transport.calls == 2


def test_backoff_full_jitter_and_cap() -> None:
    policy = RetryPolicy(rand=lambda: 1.0)
    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert RetryPolicy(rand=lambda: 0.25).backoff(3) == 0.5
    assert RetryPolicy(jitter=False, rand=lambda: 0.0).backoff(2) == 1.0


def test_parse_retry_after() -> None:
    now = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=20), usegmt=True), now=now) == 20.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=20), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("-5") is None

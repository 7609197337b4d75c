"""Each fault becomes an error of its own kind, and safe requests are retried within a budget.

Seen from the client, against the demo backend's fault mode (and mock transports where the
wire needs to be exact). Time is a fake clock advanced by the fake sleep and the transports.
"""

from __future__ import annotations

import httpx
import pytest

from sjtui.fhir import FhirClient, FhirError, RetryPolicy
from sjtui.fhir.deadline import request_deadline
from sjtui.fhir.errors import ErrorKind, FhirMessage
from sjtui.fhir.results import BatchRequest

from faulty_demo import FakeClock, FakeSleep, faulty_client

BASE = "http://fhir.test/r4"
PATIENT = {"resourceType": "Patient", "id": "p1"}


async def _search_error(spec: str) -> FhirError:
    client, _ = faulty_client(spec)
    async with client:
        with pytest.raises(FhirError) as info:
            await client.search("Observation", {"patient": "poul"})
    return info.value


@pytest.mark.parametrize(
    ("spec", "kind", "detail"),
    [
        ("status=500", ErrorKind.SERVER_FAILING, "status"),
        ("status=502", ErrorKind.SERVER_FAILING, "status"),
        ("status=401", ErrorKind.SIGN_IN, "status"),
        ("status=403", ErrorKind.NO_ACCESS, "status"),
        ("status=404", ErrorKind.NOT_FOUND, "status"),
        ("status=400", ErrorKind.REJECTED, "status"),
        ("status=503,retry-after=86400", ErrorKind.BUSY, "retry-after"),
        ("html", ErrorKind.UNREADABLE, "html-page"),
        ("html,status=511", ErrorKind.UNREADABLE, "html-page"),
        ("gzip-truncated", ErrorKind.UNREADABLE, "invalid-json"),
        ("reset", ErrorKind.OFFLINE, "connection-lost"),
        ("endless-paging", ErrorKind.BOUND, "too-many-pages"),
        ("behind-proxy=http://internal.invalid:8080/fhir,declared=no", ErrorKind.REFUSED_LINK, "foreign-link"),
    ],
)
async def test_each_fault_is_its_own_kind(spec: str, kind: ErrorKind, detail: str) -> None:
    error = await _search_error(spec)
    assert (error.kind, error.detail) == (kind, detail)
    # The message a pane keeps as text still knows its kind (the UI translates it).
    assert isinstance(error.message, FhirMessage) and error.message.kind == kind
    assert "poul" not in error.message  # no query or id in the message


async def test_5xx_says_how_often_it_was_tried() -> None:
    error = await _search_error("status=502")
    assert error.params["status"] == 502 and error.params["attempts"] == 4


def _counting(responses: list[httpx.Response]) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return responses.pop(0) if len(responses) > 1 else responses[0]

    return httpx.MockTransport(handler), seen


def _client(transport: httpx.AsyncBaseTransport, sleep=None, clock=None, **kw) -> FhirClient:
    policy = RetryPolicy(sleep=sleep or FakeSleep(), jitter=False, **({"clock": clock} if clock else {}), **kw)
    return FhirClient(BASE, transport=transport, retry=policy)


def _bundle(kind: str, entries: list) -> httpx.Response:
    return httpx.Response(
        200,
        json={"resourceType": "Bundle", "type": kind, "entry": entries},
        headers={"content-type": "application/fhir+json"},
    )


async def test_a_batch_of_searches_is_retried_on_500() -> None:
    answer = _bundle(
        "batch-response",
        [{"resource": {"resourceType": "Bundle", "type": "searchset"}, "response": {"status": "200 OK"}}],
    )
    transport, seen = _counting([httpx.Response(500), httpx.Response(500), answer])
    async with _client(transport) as fhir:
        responses = await fhir.batch([BatchRequest("AllergyIntolerance?patient=p1")])
    assert len(seen) == 3 and responses[0].ok


async def test_a_plain_create_is_not_retried_on_500() -> None:
    transport, seen = _counting([httpx.Response(500), httpx.Response(201)])
    async with _client(transport) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.create({"resourceType": "AuditEvent"})
    assert len(seen) == 1 and info.value.kind == ErrorKind.SERVER_FAILING


async def test_a_retry_after_of_a_day_fails_at_once_as_busy() -> None:
    sleep = FakeSleep()
    transport, seen = _counting([httpx.Response(429, headers={"Retry-After": "86400"})])
    async with _client(transport, sleep) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.read("Patient", "p1")
    assert len(seen) == 1 and sleep.delays == []
    assert info.value.kind == ErrorKind.BUSY and info.value.params["seconds"] == 86400


async def test_a_retry_after_beyond_what_is_left_of_the_budget_is_not_waited_for() -> None:
    sleep = FakeSleep()
    transport, seen = _counting([httpx.Response(503, headers={"Retry-After": "8"})])
    async with _client(transport, sleep, budget=5.0) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.read("Patient", "p1")
    assert len(seen) == 1 and sleep.delays == [] and info.value.kind == ErrorKind.BUSY


class SilentServer(httpx.AsyncBaseTransport):
    """Never answers: each attempt costs `per_attempt` seconds of the fake clock, then times out."""

    def __init__(self, clock: FakeClock, per_attempt: float) -> None:
        self.clock = clock
        self.per_attempt = per_attempt
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        self.clock.now += self.per_attempt
        raise httpx.ReadTimeout("no answer", request=request)


async def test_a_server_that_never_answers_costs_the_budget_not_four_read_timeouts() -> None:
    clock = FakeClock()
    started = clock.now
    transport = SilentServer(clock, per_attempt=12.0)
    async with _client(transport, FakeSleep(clock), clock=clock, budget=20.0) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.search("Observation", {"patient": "p1"})
    assert info.value.kind == ErrorKind.TIMEOUT
    assert transport.calls == 2  # 12 s, a short wait, 12 s: the 20 s budget is spent
    assert clock.now - started < 26


class Trickle(httpx.AsyncBaseTransport):
    """A body that keeps coming, a few bytes per chunk, each chunk 5 s of the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.chunks_sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async def body():
            yield b'{"resourceType":"Patient","id":"p1","x":"'
            for _ in range(100):
                self.clock.now += 5.0
                self.chunks_sent += 1
                yield b"a"
            yield b'"}'

        return httpx.Response(200, content=body(), headers={"content-type": "application/fhir+json"})


async def test_a_slow_trickle_is_ended_by_the_overall_deadline() -> None:
    clock = FakeClock()
    transport = Trickle(clock)
    async with _client(transport, FakeSleep(clock), clock=clock, budget=20.0) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.read("Patient", "p1")
    assert info.value.kind == ErrorKind.TIMEOUT
    assert transport.chunks_sent <= 5


async def test_a_deadline_scope_bounds_every_request_inside_it() -> None:
    transport, seen = _counting([httpx.Response(200, json=PATIENT)])
    async with _client(transport) as fhir:
        with request_deadline(0.0), pytest.raises(FhirError) as info:
            await fhir.read("Patient", "p1")
        assert (await fhir.read("Patient", "p1")).resource == PATIENT  # outside: fine
    assert info.value.kind == ErrorKind.TIMEOUT
    assert len(seen) == 1


async def test_invalid_json_and_an_html_page_are_unreadable_not_server_errors() -> None:
    for body, ctype, detail in [
        (b'{"resourceType": "Patient", "id": ', "application/fhir+json", "invalid-json"),
        (b"<html><body>Log in to the guest network</body></html>", "text/html", "html-page"),
        (b"<!DOCTYPE html><html></html>", "application/fhir+json", "html-page"),
    ]:
        transport, _ = _counting([httpx.Response(200, content=body, headers={"content-type": ctype})])
        async with _client(transport) as fhir:
            with pytest.raises(FhirError) as info:
                await fhir.read("Patient", "p1")
        assert (info.value.kind, info.value.detail) == (ErrorKind.UNREADABLE, detail), body


async def test_a_failed_batch_entry_becomes_an_error_of_its_kind() -> None:
    client, _ = faulty_client("reject-param=_sort")
    async with client:
        failed, fine = await client.batch(
            [
                BatchRequest("AllergyIntolerance?patient=poul&_sort=-date"),
                BatchRequest("AllergyIntolerance?patient=poul"),
            ]
        )
    error = failed.as_error("AllergyIntolerance")
    assert error is not None and error.kind == ErrorKind.REJECTED and error.params["status"] == 400
    assert "_sort" in error.outcome.text  # what the server said, kept for F8
    assert fine.as_error() is None

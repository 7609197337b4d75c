"""A FhirClient over the in-process demo backend with a fault plan (shared by fault tests)."""

from __future__ import annotations

import httpx

from sjtui.demo.app import create_app
from sjtui.fhir import FhirClient, RetryPolicy, Timeouts


class FakeSleep:
    """Records the waits instead of waiting (optionally advancing a FakeClock)."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.delays: list[float] = []
        self.clock = clock

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        if self.clock is not None:
            self.clock.now += delay


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RecordingTransport(httpx.AsyncBaseTransport):
    """The ASGI transport, remembering each request's host (any host reaches the app)."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.hosts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return await self.inner.handle_async_request(request)


def faulty_client(
    spec: str | None = None, *, app=None, budget: float | None = 20.0, deadline: float | None = 5.0, **kw
) -> tuple[FhirClient, object]:
    """A client for the demo app with `spec` faults; returns (client, app)."""
    app = app if app is not None else create_app()
    if spec:
        app.state.faults.add_spec(spec)
    policy = RetryPolicy(sleep=FakeSleep(), jitter=False, budget=budget)
    transport = RecordingTransport(app)
    client = FhirClient(
        "http://demo", transport=transport, http2=False, retry=policy, timeouts=Timeouts(deadline=deadline), **kw
    )
    app.state.transport = transport
    return client, app


def without_lastn(app) -> None:
    """The demo server as one that does not declare `Observation/$lastn`: the overview's first
    batch then asks the plain searches' first pages (and the long lists page)."""
    for rest in app.state.handler._capability["rest"]:
        for resource in rest["resource"]:
            resource.pop("operation", None)

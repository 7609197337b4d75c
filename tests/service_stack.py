"""The record service over the embedded demo backend, for the service tests (a helpers
module; the `stack` fixture that builds one is in conftest.py)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

import httpx

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import Services, build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.fhir.retry import RetryPolicy
from sjtui.record.entries import CitizenSummary
from sjtui.record.model import Record

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")
PANES = [
    "cave",
    "notes",
    "labs",
    "imaging",
    "medication",
    "vaccinations",
    "home",
    "appointments",
    "courses",
    "access_log",
]


@dataclass
class Stack:
    app: object
    services: Services
    key: UnlockedKey

    @property
    def service(self):
        return self.services.service

    @property
    def log(self):
        return self.app.state.request_log


def make_client(app, **kw) -> FhirClient:
    return FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False, **kw)


def dead_client(*, attempts: int) -> FhirClient:
    """A client whose network is gone (no route), retrying without waiting."""

    def no_route(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    async def no_sleep(_seconds: float) -> None:
        return None

    return FhirClient(
        "http://demo",
        transport=httpx.MockTransport(no_route),
        http2=False,
        retry=RetryPolicy(attempts=attempts, sleep=no_sleep),
    )


def make_stack() -> Stack:
    """The demo backend, a fresh key and the services over them (SJTUI_HOME set by the caller)."""
    app = create_app()
    key = UnlockedKey.ephemeral()
    services = build_services(Settings(), key, client=make_client(app))
    return Stack(app=app, services=services, key=key)


def grant_for(citizen: CitizenSummary):
    return make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Akut tilkald, åndenød",
        clinician=NURSE,
    )


async def open_all(service, citizen, grant) -> list[Record]:
    return [record async for record in service.open(citizen, grant)]


async def find(service, query: str) -> CitizenSummary:
    hits = await service.find_citizens(query)
    assert len(hits) == 1, hits
    return hits[0]


def decoded(entry) -> dict:
    """The JSON body of a logged response, decompressed as it went over the wire."""
    body = entry.body
    encoding = entry.response_headers.get("content-encoding", "")
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    elif encoding == "zstd":
        import zstandard

        body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
    return json.loads(body)

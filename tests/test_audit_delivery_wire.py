"""A delivery started just before an opening does not send AuditEvents during its fetch:
deliveries wait until the opening settled, then its entries go up as one batch. Checked on
the wire: the order of the requests the client sends to the demo server."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

import httpx
import pytest

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


class Recording(httpx.AsyncBaseTransport):
    """The demo server in-process; notes each request as "audit" (a batch of AuditEvent PUTs)
    or "read" (anything else), in the order sent."""

    def __init__(self, app: Any) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.sent: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if request.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        self.sent.append("audit" if b'"PUT"' in body and b"AuditEvent" in body else "read")
        return await self.inner.handle_async_request(request)


async def test_a_delivery_started_before_an_opening_waits_until_it_settled() -> None:
    wire = Recording(create_app())
    client = FhirClient("http://demo", transport=wire, http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, deliver_audit=True)
    service = services.service
    (poul,) = await service.find_citizens("1203541237")  # its look-up entry waits in the outbox
    assert service.status().pending_audit == 1
    service._delivery.kick()  # a delivery task, started just before the opening
    grant = make_grant(
        patient_id=poul.patient_id, cpr=poul.cpr, basis=Basis.CURRENT_TREATMENT, reason="Opfølgning", clinician=NURSE
    )
    start = len(wire.sent)
    records = [record async for record in service.open(poul, grant)]
    during = wire.sent[start:]
    assert records[-1].labs.complete
    assert during and "audit" not in during, during  # nothing went up while the record came down
    assert service.status().pending_audit == 2  # the look-up and the opening, both waiting

    for _ in range(100):  # the opening settled: its batch goes now, once
        await asyncio.sleep(0.01)
        await service._delivery.wait(timeout=5)
        if not service.status().pending_audit:
            break
    after = wire.sent[start + len(during) :]
    assert after.count("audit") == 1 and service.status().pending_audit == 0
    await service.aclose()

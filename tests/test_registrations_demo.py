"""Living will and organ donor registrations over the wire: the demo server serves and
declares Consent, the basic card's fetch asks for it, and a server that cannot answer (does
not list Consent, refuses the search) leaves the registrations "not known", never "none"."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.record.model import ListState, Record

from record_servers import find_one, open_all

pytestmark = pytest.mark.usefixtures("ui_home")


class Shaped(httpx.AsyncBaseTransport):
    """The demo over ASGI, with a CapabilityStatement that leaves out a resource type (or
    batch), and a resource type whose searches are refused (403)."""

    def __init__(self, app: Any, *, undeclared: str = "", refused: str = "", no_batch: bool = False) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.undeclared, self.refused, self.no_batch = undeclared, refused, no_batch
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.rstrip("/")
        self.paths.append(f"{request.method} {path}")
        if self.refused and request.method == "GET" and path.endswith("/" + self.refused):
            outcome = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "forbidden"}]}
            return httpx.Response(403, json=outcome, headers={"content-type": "application/fhir+json"})
        response = await self.inner.handle_async_request(request)
        if not path.endswith("/metadata"):
            return response
        await response.aread()
        statement = json.loads(response.content)
        for rest in statement.get("rest", []):
            rest["resource"] = [r for r in rest.get("resource", []) if r.get("type") != self.undeclared]
            if self.no_batch:
                rest["interaction"] = [
                    i for i in rest.get("interaction", []) if i.get("code") not in ("batch", "transaction")
                ]
        return httpx.Response(200, json=statement, headers={"content-type": "application/fhir+json"})


async def _open(cpr: str, **shape: Any) -> tuple[Record, Shaped, dict]:
    app = create_app()
    transport = Shaped(app, **shape)
    client = FhirClient("http://demo", transport=transport, http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, use_cache=False)
    citizen = await find_one(services.service, cpr)
    records = await open_all(services.service, citizen)
    statement = (await client.capabilities()).search_params
    return records[-1], transport, dict(statement)


async def test_the_demo_declares_consent_and_poul_is_a_registered_organ_donor() -> None:
    record, _, declared = await _open("1203541237")
    assert {"patient", "status", "category", "date"} <= set(declared["Consent"])
    data = record.registrations
    assert data.state is ListState.KNOWN
    (donor,) = data.items
    assert (donor.kind, donor.decision) == ("organ-donor", "yes")
    assert donor.source.label() == "Sundhedsdatastyrelsen, Organdonorregistret"
    assert record.basic.complete  # the relatives are their own list


async def test_lars_has_a_living_will_with_its_situations() -> None:
    record, _, _ = await _open("0408572349")
    (will,) = record.registrations.items
    assert will.kind == "living-will" and len(will.items) == 2
    assert will.items[0] == "Uafvendeligt døende"


async def test_inge_has_none_found_on_a_complete_search() -> None:
    record, _, _ = await _open("2311411128")
    assert record.registrations.items == () and record.registrations.state is ListState.EMPTY


async def test_a_server_that_does_not_list_consent_is_not_asked_and_the_list_is_not_known() -> None:
    record, transport, _ = await _open("2311411128", undeclared="Consent", no_batch=True)
    assert not any("/Consent" in p for p in transport.paths)
    data = record.registrations
    assert data.state is ListState.UNKNOWN and data.why_unknown() == ("unsupported",)
    assert record.basic.complete and record.citizen.name == "Inge Margrethe Holm"


async def test_a_refused_consent_search_is_not_known_and_the_rest_of_the_record_is_shown() -> None:
    record, transport, _ = await _open("1203541237", refused="Consent", no_batch=True)
    assert any(p.endswith("/Consent") for p in transport.paths)
    data = record.registrations
    assert data.state is ListState.UNKNOWN and "failed" in data.why_unknown()
    assert record.basic.complete and record.cave.complete and record.labs.items


async def test_the_access_guard_covers_consent_reads_and_searches() -> None:
    from sjtui.demo.auth import AuthServer

    from auth_helpers import bearer, decision, device_sign_in

    app = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo.test") as client:
        token = (await device_sign_in(client))["access_token"]
        assert (await client.get("/Consent", params={"patient": "poul"}, headers=bearer(token))).status_code == 403
        assert (await client.get("/Consent/poul-organdonor-001", headers=bearer(token))).status_code == 403
        await client.post("/$access-decision", json=decision("poul"), headers=bearer(token))
        found = await client.get("/Consent", params={"patient": "poul"}, headers=bearer(token))
        assert found.status_code == 200 and found.json()["total"] == 1
        assert (await client.get("/Consent/poul-organdonor-001", headers=bearer(token))).status_code == 200
        # ...and not Lars' living will, whose record this clinician has not opened
        assert (await client.get("/Consent", params={"patient": "lars"}, headers=bearer(token))).status_code == 403
        assert (await client.get("/Consent/lars-livstestamente-001", headers=bearer(token))).status_code == 403


async def test_a_reopen_brings_a_withdrawn_registration_and_it_is_no_longer_shown() -> None:
    app = create_app()
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client)  # with the cache
    poul = await find_one(services.service, "1203541237")
    first = (await open_all(services.service, poul))[-1]
    assert [i.decision for i in first.registrations.items] == ["yes"]

    consent = dict(app.state.store.get("Consent", "poul-organdonor-001").resource)
    app.state.store.upsert({**consent, "status": "inactive"})  # withdrawn in the register

    again = await open_all(services.service, poul)
    assert again[0].from_cache and again[0].registrations.items  # the saved copy first...
    last = again[-1]
    assert not last.from_cache and last.registrations.items == ()  # ...then the delta: withdrawn
    assert last.registrations.state is ListState.EMPTY

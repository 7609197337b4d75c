"""Demo servers with quirks for the record-layer tests (issue #10), and a service over them.

`services_for(app)` builds the app's services around any ASGI app (the demo, wrapped);
`Stall` is a demo server that never answers a batch naming a given resource type."""

from __future__ import annotations

import asyncio
import gzip
import json
from typing import Any

import httpx

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.fhir.client import FhirClient
from sjtui.fhir.retry import RetryPolicy
from sjtui.record.entries import CitizenSummary
from sjtui.record.model import Record

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")
POUL_CPR = "1203541237"
# Every citizen of the demo server (fictitious CPR numbers of the synthetic fixtures).
DEMO_CITIZENS = {
    "poul": POUL_CPR,
    "lars": "0408572349",
    "inge": "2311411128",
    "mikkel": "1405863457",
    "ane": "0902792466",
}

# pane -> (resource type, a query part naming its search)
PANE_SEARCHES: dict[str, tuple[str, str]] = {
    "basic": ("Patient", ""),
    "cave": ("AllergyIntolerance", ""),
    "medication": ("MedicationStatement", ""),
    "courses": ("Encounter", ""),
    "appointments": ("Appointment", ""),
    "labs": ("Observation", "category=laboratory"),
    "home": ("Observation", "category=vital-signs"),
    "notes": ("DocumentReference", ""),
    # A first opening's imaging reports come with the labs pane's search for every report
    # (which covers `category=RAD`, `fetch_plan.opening_steps`).
    "imaging": ("DiagnosticReport", ""),
    "vaccinations": ("Immunization", ""),
    "access_log": ("AuditEvent", ""),
}


def client_for(app: Any, *, attempts: int = 1) -> FhirClient:
    async def no_sleep(_seconds: float) -> None:
        return None

    return FhirClient(
        "http://demo",
        transport=httpx.ASGITransport(app=app),
        http2=False,
        retry=RetryPolicy(attempts=attempts, sleep=no_sleep),
    )


def services_for(app: Any, key: Any, settings: Settings | None = None, **kw: Any) -> Any:
    return build_services(settings or Settings(), key, client=client_for(app), **kw)


def grant_for(citizen: CitizenSummary) -> Any:
    return make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Akut tilkald, åndenød",
        clinician=NURSE,
    )


async def open_all(service: Any, citizen: CitizenSummary) -> list[Record]:
    return [record async for record in service.open(citizen, grant_for(citizen))]


async def find_one(service: Any, query: str = POUL_CPR) -> CitizenSummary:
    hits = await service.find_citizens(query)
    assert len(hits) == 1, hits
    return hits[0]


async def open_demo(app: Any, cpr: str = POUL_CPR) -> tuple[list[Record], Any]:
    """Every Record of one first opening of `cpr` through the app's services over `app`
    (ephemeral key, no audit delivery), and the services (to look into the opening)."""
    services = services_for(app, UnlockedKey.ephemeral(), deliver_audit=False)
    citizen = await find_one(services.service, cpr)
    return await open_all(services.service, citizen), services


def search_of(url: str, pane: str) -> bool:
    rtype, part = PANE_SEARCHES[pane]
    return url.startswith(rtype + "?") and part in url and "_summary=count" not in url


class Stall:
    """Never answers a batch whose body names `needle` (a link that hangs mid-opening)."""

    def __init__(self, app: Any, needle: str) -> None:
        self.app = app
        self.needle = needle.encode()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("method") == "POST":
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            coding = dict(scope.get("headers", [])).get(b"content-encoding", b"")
            text = gzip.decompress(body) if coding == b"gzip" else body  # the client compresses
            if self.needle in text:
                await asyncio.Event().wait()  # forever (cancelled by the opening's deadline)
            sent = False

            async def replay() -> dict:
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)


def bundle_of(entry: dict) -> dict:
    resource = entry.get("resource")
    return resource if isinstance(resource, dict) else {}


def dumps(data: Any) -> bytes:
    return json.dumps(data).encode()

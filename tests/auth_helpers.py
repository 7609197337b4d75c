"""Helpers for tests of sign-in and access checks: drive the demo authorisation server the
way a user's browser would (form posts), and record access decisions."""

from __future__ import annotations

from typing import Any

import httpx

CLINICAL_SEARCHES = (
    "Condition", "Observation", "DiagnosticReport", "DocumentReference", "MedicationStatement",
    "MedicationRequest", "Immunization", "AllergyIntolerance", "Flag", "Encounter", "EpisodeOfCare",
    "Appointment", "RelatedPerson", "Device", "AuditEvent",
)
SCOPE = "openid fhirUser offline_access user/*.read user/AuditEvent.write"


async def approve_device(client: httpx.AsyncClient, user_code: str, user: str = "hjemmesyg01") -> None:
    """What the user does on the phone: open the verification page, pick a user, approve."""
    page = await client.get("/auth/verify", params={"user_code": user_code})
    assert page.status_code == 200
    done = await client.post("/auth/verify", data={"user_code": user_code, "user": user, "action": "approve"})
    assert done.status_code == 200, done.text


async def device_sign_in(client: httpx.AsyncClient, user: str = "hjemmesyg01", scope: str = SCOPE) -> dict[str, Any]:
    start = (await client.post("/auth/device", data={"client_id": "sjtui", "scope": scope})).json()
    await approve_device(client, start["user_code"], user)
    answer = await client.post("/auth/token", data={
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": start["device_code"], "client_id": "sjtui"})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def decision(patient: str, basis: str = "consent", reason: str = "Hjemmebesøg, KOL",
             break_glass: str | None = None) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": "patient", "valueReference": {"reference": f"Patient/{patient}"}},
        {"name": "basis", "valueCode": basis},
        {"name": "reason", "valueString": reason},
    ]
    if break_glass:
        params += [{"name": "breakGlass", "valueBoolean": True},
                   {"name": "breakGlassReason", "valueString": break_glass}]
    return {"resourceType": "Parameters", "parameter": params}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

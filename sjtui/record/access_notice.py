"""Telling the server the legal basis before reading: `POST [base]/$access-decision`.

A backend that enforces §42a (the demo backend with `auth`, see `sjtui/demo/guard/decisions.py`)
refuses a citizen's clinical data until the user's token has recorded a decision for that
citizen; break-the-glass is recorded the same way with its own reason. The audit journal entry
is written first; this call comes next and the fetch after it.
"""

from __future__ import annotations

from typing import Any

from sjtui.access.grant import Grant
from sjtui.fhir.client import FhirClient

__all__ = ["OPERATION", "decision_parameters", "has_withheld", "post_access_decision"]

OPERATION = "$access-decision"


def decision_parameters(grant: Grant) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": "patient", "valueReference": {"reference": f"Patient/{grant.patient_id}"}},
        {"name": "basis", "valueCode": grant.basis.value},
        {"name": "reason", "valueString": grant.reason},
        {"name": "opening", "valueString": grant.opening_id},
    ]
    if grant.break_glass is not None:
        params += [
            {"name": "breakGlass", "valueBoolean": True},
            {"name": "breakGlassReason", "valueString": grant.break_glass.reason},
        ]
    return {"resourceType": "Parameters", "parameter": params}


async def post_access_decision(client: FhirClient, grant: Grant) -> None:
    """Record the grant at the server; a FhirError if the server refuses or cannot be reached."""
    await client.operation(OPERATION, decision_parameters(grant), label="access-decision")


def has_withheld(resources: dict[str, Any]) -> bool:
    """True when some resources are only the stub a server sends of a private-marked item
    before break-the-glass (id, meta and whose it is, no content): after break-the-glass the record is
    fetched in full again, since a delta sync would not bring their content."""
    return any(
        isinstance(r, dict)
        and set(r) <= {"resourceType", "id", "meta", "subject", "patient"}
        and r.get("resourceType") != "Binary"
        and "security" in (r.get("meta") or {})
        for r in resources.values()
    )

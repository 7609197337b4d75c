"""Audit entries as FHIR R4 AuditEvents, shaped after IHE BALP (Basic Audit Log Patterns).

- open / offline-open / pane-view / body-view: BALP *PatientRead*: type audit-event-type
  `rest`, subtype restful-interaction `read`, action `R`.
- search: BALP *PatientQuery*: subtype `search-type`, action `E`, the query (base64) in a
  query entity.
- break-glass: a separate *Security Alert* (DCM 110113) with subtype *Emergency Override
  Started* (DCM 110127), after the FHIR core example `auditevent-example-breakglass-start`.

Agents (BALP slices): the user (v3-ParticipationType `IRCP`, requestor, with purposeOfUse
v3-ActReason `TREAT` for both Danish bases, plus `BTG` and `ETREAT` once break-the-glass is in
force) and the client application (DCM 110153 Source Role ID, which BALP uses for the client,
plus DCM 110150 Application). The server agent (DCM 110152) is added when its address is
known. The chosen basis, the reason and the pane travel in `entity.detail` of the patient
entity (and the reason in `purposeOfEvent.text`) so a MinLog-style view can show "why".

`id` is the entry id, so PUT AuditEvent/<id> is idempotent. R4 AuditEvent has no `identifier`
element, so the urn:uuid form travels as a `meta.tag` (for servers that need conditional create).
"""

from __future__ import annotations

import base64
from datetime import UTC
from typing import Any

from .entry import AuditEntry

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
DCM = "http://dicom.nema.org/resources/ontology/DCM"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL = "http://hl7.org/fhir/restful-interaction"
ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
NETWORK_TYPE = "http://hl7.org/fhir/network-type"
APP_NAME = "sjtui"

_TREAT = {"system": ACT_REASON, "code": "TREAT", "display": "treatment"}
_BTG = {"system": ACT_REASON, "code": "BTG", "display": "break the glass"}
_ETREAT = {"system": ACT_REASON, "code": "ETREAT", "display": "Emergency Treatment"}
_BASIS_TEXT = {
    "consent": "Borgerens samtykke",
    "current-treatment": "Aktuelt behandlingsforløb",
}


def _coding(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def _recorded(entry: AuditEntry) -> str:
    return entry.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _purposes(entry: AuditEntry) -> list[dict[str, Any]]:
    if entry.kind in ("search", "security"):
        return [{"coding": [_TREAT]}]
    codings = [_TREAT]
    if entry.break_glass_reason or entry.kind == "break-glass":
        codings = [_TREAT, _BTG, _ETREAT]
    return [{"coding": [c]} for c in codings]


def _user_agent(entry: AuditEntry) -> dict[str, Any]:
    agent: dict[str, Any] = {
        "type": {"coding": [_coding(PARTICIPATION, "IRCP", "information recipient")]},
        "who": {
            "identifier": {"value": entry.user_id},
            "display": entry.user_name or entry.user_id,
        },
        "name": entry.user_name or entry.user_id,
        "requestor": True,
        "purposeOfUse": _purposes(entry),
    }
    if entry.workstation:
        agent["network"] = {"address": entry.workstation, "type": "1"}
    return agent


def _client_agent(entry: AuditEntry) -> dict[str, Any]:
    return {
        "type": {
            "coding": [
                _coding(DCM, "110153", "Source Role ID"),
                _coding(DCM, "110150", "Application"),
            ]
        },
        "who": {"display": APP_NAME},
        "requestor": False,
    }


def _server_agent(server: str) -> dict[str, Any]:
    return {
        "type": {"coding": [_coding(DCM, "110152", "Destination Role ID")]},
        "who": {"display": server},
        "requestor": False,
        "network": {"address": server, "type": "5"},
    }


def _details(entry: AuditEntry) -> list[dict[str, str]]:
    pairs = [
        ("sjtui-basis", entry.basis),
        ("sjtui-reason", entry.reason),
        ("sjtui-opening", entry.opening_id),
        ("sjtui-pane", entry.pane),
        ("sjtui-resource", entry.resource_key),
        ("sjtui-break-glass-reason", entry.break_glass_reason),
        ("sjtui-private-revealed", "true" if entry.private_revealed else ""),
        ("sjtui-mode", "offline" if entry.kind == "offline-open" else ""),
        ("sjtui-kind", entry.kind),
        ("sjtui-detail", entry.detail if entry.kind != "search" else ""),
        # "workstation": the identity was asserted by the workstation, not proven by a sign-in.
        ("sjtui-identity", entry.identity_assurance),
    ]
    return [{"type": k, "valueString": v} for k, v in pairs if v]


def _patient_entity(entry: AuditEntry) -> dict[str, Any]:
    what: dict[str, Any] = {}
    if entry.patient_id:
        what["reference"] = f"Patient/{entry.patient_id}"
    if entry.cpr:
        what["identifier"] = {"system": CPR_SYSTEM, "value": entry.cpr}
    return {
        "what": what,
        "type": _coding(ENTITY_TYPE, "1", "Person"),
        "role": _coding(OBJECT_ROLE, "1", "Patient"),
        "detail": _details(entry),
    }


def _data_entity(resource_key: str) -> dict[str, Any]:
    parts = resource_key.split("/")
    what = {"reference": resource_key} if len(parts) == 2 and all(parts) else {"display": resource_key}
    return {
        "what": what,
        "type": _coding(ENTITY_TYPE, "2", "System Object"),
        "role": _coding(OBJECT_ROLE, "4", "Domain Resource"),
    }


def search_kind(entry: AuditEntry) -> str:
    """ "cpr" or "name": from the entry, or (older entries) from the query's shape."""
    if entry.query_kind:
        return entry.query_kind
    text = entry.detail.replace("-", "").strip()
    return "cpr" if entry.detail.startswith("Patient?identifier") or text.isdigit() else "name"


def _query_shape(entry: AuditEntry) -> str:
    """The search as the server may see it: its parameter, never the text typed (a name
    typed into a search box is itself personal data; it stays in the sealed journal)."""
    if search_kind(entry) == "cpr":
        return f"Patient?identifier={CPR_SYSTEM}|"
    return "Patient?name="


def _query_entity(entry: AuditEntry) -> dict[str, Any]:
    details = [
        ("sjtui-kind", "search"),
        ("sjtui-search-kind", search_kind(entry)),
        ("sjtui-search-via", entry.via),
        ("sjtui-hits", str(len(entry.found))),
    ]
    return {
        "type": _coding(ENTITY_TYPE, "2", "System Object"),
        "role": _coding(OBJECT_ROLE, "24", "Query"),
        "query": base64.b64encode(_query_shape(entry).encode("utf-8")).decode("ascii"),
        "detail": [{"type": k, "valueString": v} for k, v in details if v],
    }


def _found_entity(patient_id: str) -> dict[str, Any]:
    return {
        "what": {"reference": f"Patient/{patient_id}"},
        "type": _coding(ENTITY_TYPE, "1", "Person"),
        "role": _coding(OBJECT_ROLE, "1", "Patient"),
    }


_SECURITY_SUBTYPES = {
    "audit-chain-break": ("110133", "Audit Recording Stopped"),
    "audit-repaired": ("110134", "Audit Recording Started"),
    "key-replaced": ("110129", "Security Configuration"),
    "key-restored": ("110129", "Security Configuration"),
}


def _security_event(event: dict[str, Any], entry: AuditEntry) -> None:
    """A Security Alert about the audit trail or the key (no patient involved)."""
    code, display = _SECURITY_SUBTYPES.get(entry.event, ("110129", "Security Configuration"))
    event["type"] = _coding(DCM, "110113", "Security Alert")
    event["subtype"] = [_coding(DCM, code, display)]
    event["action"] = "E"
    event["outcome"] = "8"
    event["outcomeDesc"] = entry.detail
    event["entity"] = [
        {
            "what": {"display": "sjtui audit journal"},
            "type": _coding(ENTITY_TYPE, "2", "System Object"),
            "role": _coding(OBJECT_ROLE, "13", "Security Resource"),
            "detail": [
                {"type": "sjtui-kind", "valueString": "security"},
                {"type": "sjtui-event", "valueString": entry.event or "security"},
            ],
        }
    ]


def _purpose_of_event(entry: AuditEntry) -> list[dict[str, Any]]:
    if entry.kind in ("search", "security"):
        return []
    if entry.kind == "break-glass":
        return [{"coding": [_BTG, _ETREAT], "text": entry.break_glass_reason}]
    basis = _BASIS_TEXT.get(entry.basis, entry.basis)
    return [{"coding": [_TREAT], "text": f"{basis}: {entry.reason}"}]


def to_audit_event(entry: AuditEntry, *, server: str | None = None) -> dict[str, Any]:
    """One FHIR R4 AuditEvent (a dict ready to PUT) for one journal entry."""
    event: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": entry.entry_id,
        "recorded": _recorded(entry),
        "outcome": "0",
        "agent": [_user_agent(entry), _client_agent(entry)],
        "source": {
            "observer": {"display": " / ".join(p for p in (entry.workstation, entry.organisation) if p) or APP_NAME},
            "type": [_coding(SOURCE_TYPE, "1", "User Device")],
        },
        "entity": [_patient_entity(entry)] if (entry.patient_id or entry.cpr) else [],
    }
    if entry.organisation:
        event["source"]["site"] = entry.organisation
    if server:
        event["agent"].append(_server_agent(server))
    if entry.kind == "security":
        _security_event(event, entry)
    elif entry.kind == "break-glass":
        event["type"] = _coding(DCM, "110113", "Security Alert")
        event["subtype"] = [_coding(DCM, "110127", "Emergency Override Started")]
        event["action"] = "E"
    elif entry.kind == "search":
        event["type"] = _coding(EVENT_TYPE, "rest", "Restful Operation")
        event["subtype"] = [_coding(RESTFUL, "search-type", "search type")]
        event["action"] = "E"
        for patient_id in entry.found:
            if patient_id != entry.patient_id:
                event["entity"].append(_found_entity(patient_id))
        event["entity"].append(_query_entity(entry))
    else:
        event["type"] = _coding(EVENT_TYPE, "rest", "Restful Operation")
        event["subtype"] = [_coding(RESTFUL, "read", "read")]
        event["action"] = "R"
        if entry.kind == "body-view" and entry.resource_key:
            event["entity"].append(_data_entity(entry.resource_key))
    purposes = _purpose_of_event(entry)
    if purposes:
        event["purposeOfEvent"] = purposes
    # R4 AuditEvent has no `identifier` element; the entry id travels as `id` (PUT by id) and
    # as a meta tag, so a server without client-assigned ids can use a conditional create
    # (POST with If-None-Exist: _tag=urn:sjtui:audit-entry|urn:uuid:<id>).
    event["meta"] = {"tag": [entry_tag(entry.entry_id)]}
    return event


ENTRY_TAG_SYSTEM = "urn:sjtui:audit-entry"


def entry_tag(entry_id: str) -> dict[str, str]:
    """The meta tag naming an entry on the server (urn:uuid of the entry id)."""
    return {"system": ENTRY_TAG_SYSTEM, "code": f"urn:uuid:{_uuid(entry_id)}"}


def _uuid(entry_id: str) -> str:
    """entry ids are uuid4 hex; the urn:uuid form needs the dashed spelling."""
    h = entry_id.replace("-", "")
    if len(h) == 32:
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return entry_id

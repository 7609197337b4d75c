"""FHIR resource factories for the mapping tests (a helpers module, not a test module)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from sjtui.record.mapping import build_record

R_LABEL = {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}
SOR = "urn:oid:1.2.208.176.1.1"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


# Where each type names its citizen (resources of other citizens, or none, are dropped).
_CITIZEN_FIELD = {
    "RelatedPerson": "patient",
    "AllergyIntolerance": "patient",
    "Immunization": "patient",
    "EpisodeOfCare": "patient",
    "Flag": "subject",
    "DocumentReference": "subject",
    "Observation": "subject",
    "DiagnosticReport": "subject",
    "MedicationStatement": "subject",
    "MedicationRequest": "subject",
    "Encounter": "subject",
    "Condition": "subject",
    "Procedure": "subject",
    "CarePlan": "subject",
    "Consent": "patient",
}


def res(rtype: str, rid: str, private: bool = False, citizen: str | None = "p1", **fields) -> dict:
    """A resource of citizen `citizen` (None: naming no citizen)."""
    resource = {
        "resourceType": rtype,
        "id": rid,
        "meta": {"versionId": "1", "lastUpdated": "2026-01-01T10:00:00+01:00"},
    }
    if private:
        resource["meta"]["security"] = [R_LABEL]
    if citizen is not None:
        if rtype in _CITIZEN_FIELD:
            resource[_CITIZEN_FIELD[rtype]] = {"reference": f"Patient/{citizen}"}
        elif rtype == "Appointment":
            resource["participant"] = [{"actor": {"reference": f"Patient/{citizen}"}}]
        elif rtype == "AuditEvent":
            resource["entity"] = [{"what": {"reference": f"Patient/{citizen}"}}]
    resource.update(fields)
    return resource


def ref(key: str, display: str = "") -> dict:
    out = {"reference": key}
    if display:
        out["display"] = display
    return out


def orgs() -> list[dict]:
    return [
        res(
            "Organization",
            "ouh",
            name="Odense Universitetshospital",
            type=[{"text": "hospital"}],
            identifier=[{"system": SOR, "value": "1001"}],
        ),
        res(
            "Organization",
            "ouh-lung",
            name="Lungemedicinsk afdeling J",
            type=[{"text": "department"}],
            partOf=ref("Organization/ouh", "OUH"),
            identifier=[{"system": SOR, "value": "1002"}],
        ),
        res(
            "Organization",
            "gp",
            name="Lægerne Vestergade, Vejen",
            type=[{"text": "gp"}],
            telecom=[{"system": "phone", "value": "75360000"}],
        ),
    ]


def cc(text: str, code: str = "", system: str = "http://loinc.org") -> dict:
    out: dict = {"text": text}
    if code:
        out["coding"] = [{"system": system, "code": code, "display": text}]
    return out


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def build(*resources, reveal: bool = False, **kw):
    return build_record([*orgs(), *resources], patient_id="p1", reveal_private=reveal, as_of=kw.pop("as_of", NOW), **kw)

"""Builders for people, courses, notes, medication, vaccinations, appointments, CAVE and audit.

Each function adds resources to a RecordBuilder in the shape the fixture conventions in
HELPERS.md describe, and returns the new id so callers can link resources together.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .common import (
    ACT_CODE,
    ATC_SYSTEM,
    CPR_SYSTEM,
    LOINC_SYSTEM,
    REF_DATE,
    SKS_D_SYSTEM,
    Json,
    RecordBuilder,
    b64,
    coding,
    concept,
    iso,
    ref,
)
from .organisations import ORGS, SERVICES, org_ref
from .places import home_participant

NOTE_TYPES: dict[str, tuple[str, str, str]] = {
    "epikrise": ("18842-5", "Discharge summary", "Epikrise"),
    "sygepleje": ("11506-3", "Progress note", "Sygeplejenotat"),
    "laege": ("11506-3", "Progress note", "Lægenotat"),
    "ambulant": ("11506-3", "Progress note", "Ambulant notat"),
    "telefon": ("11506-3", "Progress note", "Telefonnotat"),
}


def _later(when: datetime, hours: int = 2) -> datetime:
    return when + timedelta(hours=hours)


def patient(
    b: RecordBuilder,
    *,
    cpr: str,
    given: list[str],
    family: str,
    gender: str,
    birth: str,
    line: str,
    postal: str,
    city: str,
    phone: str,
    gp: str,
    marital: tuple[str, str] | None = None,
    protected: bool = False,
) -> str:
    body: Json = {
        "identifier": [{"use": "official", "system": CPR_SYSTEM, "value": cpr}],
        "active": True,
        "name": [{"use": "official", "family": family, "given": given, "text": " ".join([*given, family])}],
        "telecom": [{"system": "phone", "value": phone, "use": "mobile"}],
        "gender": gender,
        "birthDate": birth,
        "address": [
            {"use": "home", "type": "physical", "line": [line], "postalCode": postal, "city": city, "country": "DK"}
        ],
        "communication": [{"language": concept("Dansk", coding("urn:ietf:bcp:47", "da", "Dansk")), "preferred": True}],
        "generalPractitioner": [org_ref(gp)],
    }
    if marital:
        body["maritalStatus"] = concept(
            marital[1], coding("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", marital[0])
        )
    return b.add("Patient", body, updated=datetime(2019, 1, 3, 9), rid=b.patient_id, private=protected)


def related_person(
    b: RecordBuilder, *, given: str, family: str, role: str, role_text: str, phone: str, updated: datetime
) -> str:
    body: Json = {
        "active": True,
        "patient": b.patient(),
        "relationship": [concept(role_text, coding("http://terminology.hl7.org/CodeSystem/v3-RoleCode", role))],
        "name": [{"family": family, "given": [given], "text": f"{given} {family}"}],
        "telecom": [{"system": "phone", "value": phone, "use": "mobile"}],
    }
    return b.add("RelatedPerson", body, updated=updated, kind="rel")


def condition(
    b: RecordBuilder,
    code: str,
    display: str,
    onset: datetime,
    *,
    encounter: str | None = None,
    private: bool = False,
    active: bool = True,
) -> str:
    body: Json = {
        "clinicalStatus": concept(
            "Aktiv" if active else "Afsluttet",
            coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active" if active else "resolved"),
        ),
        "verificationStatus": {
            "coding": [coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed")]
        },
        "category": [
            {"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis")]}
        ],
        "code": concept(display, coding(SKS_D_SYSTEM, code, display)),
        **b.subject(),
        "onsetDateTime": iso(onset),
        "recordedDate": iso(onset),
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("Condition", body, updated=_later(onset), kind="cond", private=private)


def episode(
    b: RecordBuilder, type_text: str, org: str, start: datetime, end: datetime | None = None, *, private: bool = False
) -> str:
    period: Json = {"start": iso(start)}
    if end:
        period["end"] = iso(end)
    body: Json = {
        "status": "finished" if end and end.date() < REF_DATE else "active",
        "type": [{"text": type_text}],
        "patient": b.patient(),
        "managingOrganization": org_ref(org),
        "period": period,
    }
    return b.add("EpisodeOfCare", body, updated=_later(end or start), kind="eoc", private=private)


def encounter(
    b: RecordBuilder,
    cls: str,
    start: datetime,
    end: datetime,
    dept: str,
    reason: str,
    *,
    diagnosis: tuple[str, str] | None = None,
    episode_id: str | None = None,
    private: bool = False,
) -> str:
    """An admission (IMP) or outpatient contact (AMB); adds its Condition when given."""
    eid = b.new_id("enc")
    labels = {"IMP": "inpatient encounter", "AMB": "ambulatory", "VR": "virtual"}
    body: Json = {
        "status": "finished" if end.date() < REF_DATE else "in-progress",
        "class": coding(ACT_CODE, cls, labels[cls]),
        "type": [{"text": {"IMP": "Indlæggelse", "AMB": "Ambulant besøg", "VR": "Telefonkonsultation"}[cls]}],
        **b.subject(),
        "period": {"start": iso(start), "end": iso(end)},
        "reasonCode": [{"text": reason}],
        "serviceProvider": org_ref(dept),
    }
    if episode_id:
        body["episodeOfCare"] = [ref("EpisodeOfCare", episode_id)]
    if diagnosis:
        cid = condition(b, diagnosis[0], diagnosis[1], start, encounter=eid, private=private)
        body["diagnosis"] = [{"condition": ref("Condition", cid, diagnosis[1]), "rank": 1}]
    b.add("Encounter", body, updated=_later(end), rid=eid, private=private)
    return eid


def note(
    b: RecordBuilder,
    kind: str,
    when: datetime,
    dept: str,
    author: str,
    title: str,
    description: str,
    text: str,
    *,
    encounter_id: str | None = None,
    inline: bool = False,
    private: bool = False,
) -> str:
    """A DocumentReference whose body lives in a Binary (or inline for short notes)."""
    loinc, loinc_display, type_text = NOTE_TYPES[kind]
    attachment: Json = {
        "contentType": "text/plain; charset=utf-8",
        "language": "da",
        "title": title,
        "size": len(text.encode("utf-8")),
        "creation": iso(when),
    }
    if inline:
        attachment["data"] = b64(text)
    else:
        bid = b.add(
            "Binary",
            {"contentType": "text/plain; charset=utf-8", "data": b64(text)},
            updated=_later(when, 1),
            kind="bin",
            private=private,
        )
        attachment["url"] = f"Binary/{bid}"
    body: Json = {
        "status": "current",
        "docStatus": "final",
        "type": concept(type_text, coding(LOINC_SYSTEM, loinc, loinc_display)),
        **b.subject(),
        "date": iso(when),
        "author": [{"display": author}],
        "custodian": org_ref(dept),
        "description": description,
        "content": [{"attachment": attachment}],
    }
    if encounter_id:
        body["context"] = {"encounter": [ref("Encounter", encounter_id)]}
    return b.add("DocumentReference", body, updated=_later(when, 1), kind="doc", private=private)


def medication(
    b: RecordBuilder,
    atc: str,
    name: str,
    status: str,
    start: datetime,
    dosage: str,
    reason: str,
    source: str,
    *,
    end: datetime | None = None,
    status_reason: str | None = None,
    asserted: datetime | None = None,
    private: bool = False,
) -> str:
    """A MedicationStatement as on the shared medication card (FMK)."""
    period: Json = {"start": iso(start)}
    if end:
        period["end"] = iso(end)
    asserted = asserted or (end if end and end.date() <= REF_DATE else start)
    body: Json = {
        "status": status,
        "medicationCodeableConcept": concept(name, coding(ATC_SYSTEM, atc)),
        **b.subject(),
        "effectivePeriod": period,
        "dateAsserted": iso(asserted),
        "informationSource": org_ref(source),
        "reasonCode": [{"text": reason}],
        "dosage": [{"text": dosage}],
    }
    if status_reason:
        body["statusReason"] = [{"text": status_reason}]
    return b.add("MedicationStatement", body, updated=_later(asserted), kind="med", private=private)


def immunization(
    b: RecordBuilder, atc: str, text: str, when: datetime, org: str, dose: int, lot: str, disease: str
) -> str:
    """A given vaccination as registered in the national vaccination register."""
    body: Json = {
        "status": "completed",
        "vaccineCode": concept(text, coding(ATC_SYSTEM, atc)),
        "patient": b.patient(),
        "occurrenceDateTime": iso(when),
        "recorded": iso(when),
        "primarySource": True,
        "lotNumber": lot,
        "performer": [{"actor": org_ref(org)}],
        "protocolApplied": [{"targetDisease": [{"text": disease}], "doseNumberPositiveInt": dose}],
    }
    return b.add("Immunization", body, updated=_later(when), kind="imm")


def appointment(
    b: RecordBuilder,
    start: datetime,
    minutes: int,
    description: str,
    service: str,
    *,
    status: str | None = None,
    created: datetime,
    instruction: str | None = None,
    private: bool = False,
) -> str:
    """An appointment at a HealthcareService (Appointment.participant cannot be an Organization)."""
    end = start + timedelta(minutes=minutes)
    status = status or ("booked" if start.date() >= REF_DATE else "fulfilled")
    svc = SERVICES[service]
    body: Json = {
        "status": status,
        "description": description,
        "start": iso(start),
        "end": iso(end),
        "minutesDuration": minutes,
        "created": iso(created),
        "serviceType": [{"text": svc.name}],
        "participant": [
            {"actor": b.patient(), "required": "required", "status": "accepted"},
            {"actor": ref("HealthcareService", svc.sid, svc.display()), "required": "required", "status": "accepted"},
            *home_participant(b, svc.sid),
        ],
    }
    if instruction:
        body["patientInstruction"] = instruction
    updated = created if start.date() >= REF_DATE else _later(end)
    return b.add("Appointment", body, updated=updated, kind="appt", private=private)


def allergy(
    b: RecordBuilder,
    text: str,
    *,
    criticality: str,
    kind: str,
    category: str,
    manifestation: str,
    recorded: datetime,
    recorder: str,
    atc: str | None = None,
) -> str:
    code = concept(text, coding(ATC_SYSTEM, atc)) if atc else {"text": text}
    body: Json = {
        "clinicalStatus": {
            "coding": [coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active")]
        },
        "verificationStatus": {
            "coding": [coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed")]
        },
        "type": kind,
        "category": [category],
        "criticality": criticality,
        "code": code,
        "patient": b.patient(),
        "recordedDate": iso(recorded),
        "recorder": {"display": recorder},
        "asserter": {"display": recorder},
        "reaction": [{"manifestation": [{"text": manifestation}]}],
    }
    return b.add("AllergyIntolerance", body, updated=_later(recorded), kind="allergy")


# Danish text for the flag-category codes the fixtures use (shown in the CAVE line).
FLAG_CATEGORY_TEXT = {
    "safety": "Sikkerhed",
    "clinical": "Klinisk",
    "behavioral": "Adfærd",
    "drug": "Medicin",
    "admin": "Administrativ",
}


def flag(b: RecordBuilder, text: str, start: datetime, org: str, category: str) -> str:
    body: Json = {
        "status": "active",
        "category": [
            {
                "coding": [coding("http://terminology.hl7.org/CodeSystem/flag-category", category)],
                "text": FLAG_CATEGORY_TEXT.get(category, category),
            }
        ],
        "code": {"text": text},
        **b.subject(),
        "period": {"start": iso(start)},
        "author": org_ref(org),
    }
    return b.add("Flag", body, updated=_later(start), kind="flag")


def audit_read(b: RecordBuilder, when: datetime, who: str, org: str, reason: str) -> str:
    """A past record look-up by another clinician, shaped after IHE BALP PatientRead."""
    body: Json = {
        "type": coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"),
        "subtype": [coding("http://hl7.org/fhir/restful-interaction", "read", "read")],
        "action": "R",
        "recorded": iso(when),
        "outcome": "0",
        "agent": [
            {
                "type": concept(
                    "Bruger", coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser")
                ),
                "who": {"display": f"{who}, {ORGS[org].display()}"},
                "requestor": True,
                "purposeOfUse": [
                    concept(reason, coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", "treatment"))
                ],
            }
        ],
        "source": {"observer": {"display": "Sundhedsjournalen"}},
        "entity": [
            {
                "what": b.patient(),
                "type": coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                "role": coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
            }
        ],
    }
    return b.add("AuditEvent", body, updated=when, kind="audit")

"""A tiny, hand-made Bundle for tests that must not depend on the shipped fixtures.

Deterministic; ids are stable. `sample_bundle(n_labs)` gives two citizens (`poul`, `soeren`,
the latter with Danish letters in every name part), `n_labs` laboratory Observations for Poul
(one a day from 2024-01-01, potassium and creatinine alternating), vital signs, a note with its
Binary, an encounter, an appointment, medication, a vaccination, CAVE and one AuditEvent.
"""

from __future__ import annotations

import base64
from datetime import date, timedelta
from typing import Any

__all__ = ["CPR_SYSTEM", "NOTE_TEXT", "big_observation_bundle", "sample_bundle"]

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
NPU = "http://npu-terminology.org"
OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category"
NOTE_TEXT = "Borger dyspnøisk ved gang på trappen. Iltmætning 88 %.\n"
_META = {"versionId": "1", "lastUpdated": "2024-06-01T12:00:00Z"}

Json = dict[str, Any]


def _m(updated: str = _META["lastUpdated"]) -> Json:
    return {"versionId": "1", "lastUpdated": updated}


def _patient(pid: str, given: list[str], family: str, cpr: str, born: str) -> Json:
    return {
        "resourceType": "Patient",
        "id": pid,
        "meta": _m(),
        "identifier": [{"use": "official", "system": CPR_SYSTEM, "value": cpr}],
        "name": [{"use": "official", "given": given, "family": family, "text": " ".join([*given, family])}],
        "birthDate": born,
        "gender": "male",
    }


def _lab(n: int, pid: str = "poul", start: date = date(2024, 1, 1)) -> Json:
    day = start + timedelta(days=n)
    code, text, unit, value = (
        ("NPU03230", "P-Kalium", "mmol/L", 3.5 + (n % 10) / 10)
        if n % 2 == 0
        else ("NPU18016", "P-Kreatinin", "umol/L", 80 + n % 30)
    )
    return {
        "resourceType": "Observation",
        "id": f"{pid}-lab-{n}",
        "meta": _m(f"{day.isoformat()}T12:00:00Z"),
        "status": "final",
        "category": [{"coding": [{"system": OBS_CAT, "code": "laboratory"}]}],
        "code": {"coding": [{"system": NPU, "code": code}], "text": text},
        "subject": {"reference": f"Patient/{pid}"},
        "effectiveDateTime": f"{day.isoformat()}T08:30:00+01:00",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
        "referenceRange": [{"low": {"value": 3.5}, "high": {"value": 4.6}}],
        "interpretation": [{"coding": [{"code": "N"}]}],
    }


def sample_bundle(n_labs: int = 30) -> Json:
    note = base64.b64encode(NOTE_TEXT.encode("utf-8")).decode("ascii")
    resources: list[Json] = [
        _patient("poul", ["Poul", "Erik"], "Madsen", "1203541237", "1954-03-12"),
        _patient("soeren", ["Søren", "Åge"], "Ærøskøbing", "0101010000", "1950-01-01"),
        {
            "resourceType": "Organization",
            "id": "ouh-j",
            "meta": _m(),
            "name": "Lungemedicinsk afdeling J",
            "type": [{"text": "department"}],
        },
        *[_lab(n) for n in range(n_labs)],
        _lab(0, "soeren"),
        {
            "resourceType": "Observation",
            "id": "poul-spo2",
            "meta": _m(),
            "status": "final",
            "category": [{"coding": [{"system": OBS_CAT, "code": "vital-signs"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "59408-5"}], "text": "Iltmætning (SpO2)"},
            "subject": {"reference": "Patient/poul"},
            "effectiveDateTime": "2023-05-05T09:00:00+02:00",
            "valueQuantity": {"value": 91, "unit": "%"},
        },
        {
            "resourceType": "Binary",
            "id": "note-1-body",
            "meta": _m(),
            "contentType": "text/plain; charset=utf-8",
            "data": note,
        },
        {
            "resourceType": "DocumentReference",
            "id": "note-1",
            "meta": _m(),
            "status": "current",
            "type": {"coding": [{"system": "http://loinc.org", "code": "11506-3"}], "text": "Sygeplejenotat"},
            "subject": {"reference": "Patient/poul"},
            "date": "2024-02-03T14:00:00+01:00",
            "description": "Dyspnø ved anstrengelse",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain; charset=utf-8",
                        "url": "Binary/note-1-body",
                        "title": "Sygeplejenotat",
                    }
                }
            ],
        },
        {
            "resourceType": "Encounter",
            "id": "enc-1",
            "meta": _m(),
            "status": "finished",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
            "subject": {"reference": "Patient/poul"},
            "period": {"start": "2024-02-01T10:00:00+01:00", "end": "2024-02-05T12:00:00+01:00"},
            "serviceProvider": {"reference": "Organization/ouh-j", "display": "Lungemedicinsk afdeling J"},
        },
        {
            "resourceType": "Appointment",
            "id": "appt-1",
            "meta": _m(),
            "status": "booked",
            "start": "2030-01-10T09:00:00+01:00",
            "end": "2030-01-10T09:30:00+01:00",
            "description": "Ambulant kontrol",
            "participant": [
                {"actor": {"reference": "Patient/poul"}, "status": "accepted"},
                {
                    "actor": {"reference": "Organization/ouh-j", "display": "Lungemedicinsk afdeling J"},
                    "status": "accepted",
                },
            ],
        },
        {
            "resourceType": "MedicationStatement",
            "id": "med-1",
            "meta": _m(),
            "status": "active",
            "medicationCodeableConcept": {
                "coding": [{"system": "http://www.whocc.no/atc", "code": "R03AL03"}],
                "text": "Anoro Ellipta",
            },
            "subject": {"reference": "Patient/poul"},
            "effectivePeriod": {"start": "2022-01-01"},
            "dosage": [{"text": "1 inhalation dagligt"}],
        },
        {
            "resourceType": "Immunization",
            "id": "imm-1",
            "meta": _m(),
            "status": "completed",
            "vaccineCode": {"coding": [{"system": "http://www.whocc.no/atc", "code": "J07BB02"}], "text": "Influenza"},
            "patient": {"reference": "Patient/poul"},
            "occurrenceDateTime": "2023-10-01",
        },
        {
            "resourceType": "AllergyIntolerance",
            "id": "cave-1",
            "meta": _m(),
            "code": {"text": "Penicillin"},
            "patient": {"reference": "Patient/poul"},
            "recordedDate": "2010-04-04",
        },
        {
            "resourceType": "Flag",
            "id": "flag-1",
            "meta": _m(),
            "status": "active",
            "code": {"text": "Kritisk advarsel"},
            "subject": {"reference": "Patient/poul"},
            "period": {"start": "2020-01-01"},
        },
        {
            "resourceType": "AuditEvent",
            "id": "audit-old-1",
            "meta": _m(),
            "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
            "action": "R",
            "recorded": "2024-03-01T10:00:00+01:00",
            "outcome": "0",
            "agent": [{"who": {"display": "Sygeplejerske A"}, "requestor": True}],
            "source": {"observer": {"display": "sjtui"}},
            "entity": [{"what": {"reference": "Patient/poul"}}],
        },
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['resourceType']}-{r['id']}", "resource": r} for r in resources],
    }


def big_observation_bundle(n: int = 20_000, pid: str = "poul") -> Json:
    """`n` laboratory Observations for one citizen (scale tests)."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": _lab(i, pid, date(1990, 1, 1))} for i in range(n)],
    }

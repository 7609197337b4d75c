"""A citizen's data as other systems write it (test data, fictitious): a lab report with
category LAB (HL7 v2-0074) whose results carry no category, a report with no category at all,
a procedure coded only in SNOMED CT, a care plan, and a CT report filed under v2-0074 `CT`.

Karen Testesen, CPR 050778-1236 (fictitious; fails the modulus-11 check).
"""

from __future__ import annotations

PATIENT_ID = "tp-karen"
CPR = "0507781236"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
SUBJECT = {"reference": f"Patient/{PATIENT_ID}"}


def resources() -> list[dict]:
    return [
        {
            "resourceType": "Patient",
            "id": PATIENT_ID,
            "identifier": [{"system": "urn:oid:1.2.208.176.1.2", "value": CPR}],
            "name": [{"family": "Testesen", "given": ["Karen"], "text": "Karen Testesen"}],
            "birthDate": "1978-07-05",
            "gender": "female",
        },
        {
            "resourceType": "Observation",
            "id": "tp-hb",
            "status": "final",
            "subject": SUBJECT,
            "code": {"coding": [{"system": LOINC, "code": "718-7", "display": "Hemoglobin [Mass/volume] in Blood"}]},
            "effectiveDateTime": "2026-11-02T09:00:00+01:00",
            "valueQuantity": {"value": 7.1, "unit": "mmol/L"},
        },
        {
            "resourceType": "DiagnosticReport",
            "id": "tp-lab-report",
            "status": "final",
            "subject": SUBJECT,
            "category": [{"coding": [{"system": V2_0074, "code": "LAB"}]}],
            "code": {"coding": [{"system": LOINC, "code": "58410-2", "display": "CBC panel - Blood"}]},
            "effectiveDateTime": "2026-11-02T09:00:00+01:00",
            "performer": [{"reference": "Organization/sle-kba", "display": "Klinisk biokemi, Vejle"}],
            "result": [{"reference": "Observation/tp-hb", "display": "Hæmoglobin"}],
        },
        {
            "resourceType": "DiagnosticReport",
            "id": "tp-thyroid",
            "status": "final",
            "subject": SUBJECT,
            "code": {"coding": [{"system": LOINC, "code": "24348-5", "display": "Thyroid function panel"}]},
            "effectiveDateTime": "2026-10-20T10:00:00+02:00",
            "conclusion": "Normal thyroideafunktion.",
        },
        {
            "resourceType": "DiagnosticReport",
            "id": "tp-ct",
            "status": "final",
            "subject": SUBJECT,
            "category": [{"coding": [{"system": V2_0074, "code": "CT"}]}],
            "code": {"coding": [{"system": LOINC, "code": "24627-2", "display": "CT Chest"}]},
            "effectiveDateTime": "2026-10-01T13:00:00+02:00",
            "conclusion": "Ingen infiltrater.",
        },
        {
            "resourceType": "Condition",
            "id": "tp-cond",
            "subject": SUBJECT,
            "code": {"coding": [{"system": SNOMED, "code": "13645005", "display": "Chronic obstructive lung disease"}]},
        },
        {
            "resourceType": "Procedure",
            "id": "tp-valve",
            "status": "completed",
            "subject": SUBJECT,
            "code": {
                "coding": [{"system": SNOMED, "code": "700372007", "display": "Insertion of endobronchial valve"}]
            },
            "performedPeriod": {"start": "2026-09-14T08:30:00+02:00", "end": "2026-09-14T10:00:00+02:00"},
            "performer": [{"actor": {"reference": "Organization/ouh-lunge-j"}}],
            "reasonReference": [{"reference": "Condition/tp-cond"}],
        },
        {
            "resourceType": "CarePlan",
            "id": "tp-plan",
            "status": "active",
            "intent": "plan",
            "subject": SUBJECT,
            "title": "Genoptræningsplan efter indlæggelse",
            "period": {"start": "2026-11-05"},
            "author": {"reference": "Organization/vejen-hjemmesyg", "display": "Vejen Kommune, Hjemmesygeplejen"},
            "addresses": [{"reference": "Condition/tp-cond"}],
        },
        {
            "resourceType": "CarePlan",
            "id": "tp-old-plan",
            "status": "completed",
            "intent": "plan",
            "subject": SUBJECT,
            "category": [{"text": "Plejeplan"}],
            "period": {"start": "2025-01-01", "end": "2025-03-01"},
        },
    ]


def bundle() -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources()]}

"""Courses and their diagnoses (issue #13): every diagnosis of a course with its SKS /
ICD-10 code and text, from the course's own `diagnosis` and from Conditions pointing at it;
the courses pane nests procedures and care plans under the course they belong to."""

from __future__ import annotations

import json
from pathlib import Path

from sjtui.record.entries import Diagnosis
from sjtui.record.mapping import build_record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SUBJECT = {"subject": {"reference": "Patient/p1"}}


def _build(*resources: dict):
    return build_record([{"resourceType": "Patient", "id": "p1"}, *resources], patient_id="p1", reveal_private=False)


def _condition(cid: str, system: str, code: str, text: str, encounter: str = "") -> dict:
    body = {
        "resourceType": "Condition",
        "id": cid,
        **SUBJECT,
        "code": {"text": text, "coding": [{"system": system, "code": code}]},
    }
    if encounter:
        body["encounter"] = {"reference": f"Encounter/{encounter}"}
    return body


def test_an_admission_lists_all_its_diagnoses_with_code_and_system() -> None:
    encounter = {
        "resourceType": "Encounter",
        "id": "e1",
        **SUBJECT,
        "status": "finished",
        "class": {"code": "IMP"},
        "period": {"start": "2024-12-02T21:00:00+01:00"},
        "diagnosis": [
            {"condition": {"reference": "Condition/c1"}},
            {"condition": {"display": "Respiratorisk insufficiens"}},
        ],
    }
    record = _build(
        encounter,
        _condition("c1", "urn:oid:1.2.208.176.2.4.12", "DJ441", "KOL i exacerbation"),
        _condition("c2", "http://hl7.org/fhir/sid/icd-10", "J12.1", "RS-viruspneumoni", "e1"),
        # the same Condition named both ways counts once
        _condition("c1", "urn:oid:1.2.208.176.2.4.12", "DJ441", "KOL i exacerbation", "e1"),
    )
    (course,) = record.courses.items
    assert course.diagnoses == (
        Diagnosis("Condition/c1", "DJ441", "SKS", "KOL i exacerbation"),
        Diagnosis("", "", "", "Respiratorisk insufficiens"),
        Diagnosis("Condition/c2", "J12.1", "ICD-10", "RS-viruspneumoni"),
    )
    assert course.diagnosis == "KOL i exacerbation"


def test_a_junk_condition_gives_no_diagnosis_but_keeps_the_course() -> None:
    encounter = {
        "resourceType": "Encounter",
        "id": "e1",
        **SUBJECT,
        "class": {"code": "AMB"},
        "period": {"start": "2024-01-02"},
    }
    junk = {"resourceType": "Condition", "id": "bad", **SUBJECT, "code": 5, "encounter": {"reference": "Encounter/e1"}}
    record = _build(encounter, junk)
    (course,) = record.courses.items
    assert course.diagnoses == () and course.diagnosis == ""
    assert record.courses.unreadable == ()


def test_pouls_admissions_carry_sks_coded_diagnoses() -> None:
    bundle = json.loads((FIXTURES / "poul.json").read_text(encoding="utf-8"))
    resources = [e["resource"] for e in bundle["entry"]]
    orgs = json.loads((FIXTURES / "organisations.json").read_text(encoding="utf-8"))
    record = build_record(
        resources + [e["resource"] for e in orgs["entry"]],
        patient_id=resources[0]["id"]
        if resources[0]["resourceType"] == "Patient"
        else next(r["id"] for r in resources if r["resourceType"] == "Patient"),
        reveal_private=False,
    )
    coded = [d for c in record.courses.items for d in c.diagnoses]
    assert coded and all(d.system == "SKS" and d.code.startswith("D") for d in coded)

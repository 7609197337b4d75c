"""Builders for results: labs, blood gas panels, lung function, microbiology, imaging, home data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from .codes import (
    BP_DIA,
    BP_PANEL,
    BP_SYS,
    DLCO_CODE,
    FEMALE_RANGES,
    GAS,
    GAS_PANEL,
    LABS,
    SPIRO_CODE,
    Test,
)
from .common import (
    INTERPRETATION,
    LOINC_SYSTEM,
    OBS_CATEGORY,
    V2_0074,
    Json,
    RecordBuilder,
    b64,
    coding,
    concept,
    iso,
    ref,
)
from .organisations import org_ref

_INTERP_TEXT = {
    "H": "Høj",
    "L": "Lav",
    "N": "Normal",
    "HH": "Kritisk høj",
    "LL": "Kritisk lav",
    "A": "Abnorm",
    "S": "Følsom",
    "I": "Følsom ved øget eksponering",
    "R": "Resistent",
}


def interpretation(code: str) -> list[Json]:
    return [{"coding": [coding(INTERPRETATION, code, _INTERP_TEXT[code])], "text": _INTERP_TEXT[code]}]


def flag_for(test: Test, value: float) -> str:
    if test.low is not None and value < test.low:
        return "L"
    if test.high is not None and value > test.high:
        return "H"
    return "N"


def number(test: Test, value: float) -> float | int:
    return round(value) if test.decimals == 0 else round(value, test.decimals)


def quantity(test: Test, value: float) -> Json:
    return {
        "value": number(test, value),
        "unit": test.unit or test.ucum,
        "system": "http://unitsofmeasure.org",
        "code": test.ucum,
    }


def ref_range(test: Test) -> list[Json]:
    rng: Json = {}
    if test.low is not None:
        rng["low"] = quantity(test, test.low)
    if test.high is not None:
        rng["high"] = quantity(test, test.high)
    return [rng] if rng else []


def category(code: str, display: str) -> list[Json]:
    return [{"coding": [coding(OBS_CATEGORY, code, display)]}]


def _obs(
    b: RecordBuilder,
    test: Test,
    when: datetime,
    value: float,
    performer: Json,
    *,
    cat: tuple[str, str] = ("laboratory", "Laboratory"),
    encounter: str | None = None,
    interp: str | None = None,
    private: bool = False,
    kind: str = "lab",
) -> str:
    body: Json = {
        "status": "final",
        "category": category(*cat),
        "code": concept(test.text, coding(test.system, test.code, test.text)),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(when + timedelta(hours=3)),
        "performer": [performer],
        "valueQuantity": quantity(test, value),
        "interpretation": interpretation(interp or flag_for(test, value)),
    }
    rng = ref_range(test)
    if rng:
        body["referenceRange"] = rng
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("Observation", body, updated=when + timedelta(hours=3), kind=kind, private=private)


def lab(
    b: RecordBuilder,
    key: str,
    when: datetime,
    value: float,
    lab_org: str,
    *,
    encounter: str | None = None,
    interp: str | None = None,
    female: bool = False,
) -> str:
    test = LABS[key]
    if female and key in FEMALE_RANGES:
        test = replace(test, low=FEMALE_RANGES[key][0], high=FEMALE_RANGES[key][1])
    return _obs(b, test, when, value, org_ref(lab_org), encounter=encounter, interp=interp)


def lab_set(
    b: RecordBuilder,
    when: datetime,
    lab_org: str,
    values: dict[str, float],
    *,
    encounter: str | None = None,
    interp: dict[str, str] | None = None,
    female: bool = False,
) -> list[str]:
    interp = interp or {}
    return [
        lab(b, k, when, v, lab_org, encounter=encounter, interp=interp.get(k), female=female) for k, v in values.items()
    ]


def blood_gas(
    b: RecordBuilder,
    when: datetime,
    lab_org: str,
    values: dict[str, float],
    *,
    encounter: str | None = None,
    note: str | None = None,
) -> str:
    """Panel Observation with hasMember -> pH, pCO2, pO2, sO2, BE, HCO3."""
    members = [_obs(b, GAS[k], when, v, org_ref(lab_org), encounter=encounter, kind="gas") for k, v in values.items()]
    body: Json = {
        "status": "final",
        "category": category("laboratory", "Laboratory"),
        "code": concept(GAS_PANEL[1], coding(LOINC_SYSTEM, GAS_PANEL[0], "Gas panel - Arterial blood")),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(when + timedelta(minutes=15)),
        "performer": [org_ref(lab_org)],
        "hasMember": [ref("Observation", m) for m in members],
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    if note:
        body["note"] = [{"text": note}]
    return b.add("Observation", body, updated=when + timedelta(hours=1), kind="gas")


def _component(text: str, loinc: str | None, value: float, unit: str, ucum: str) -> Json:
    code = concept(text, coding(LOINC_SYSTEM, loinc, text)) if loinc else {"text": text}
    return {
        "code": code,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": ucum},
    }


def spirometry(
    b: RecordBuilder,
    when: datetime,
    org: str,
    fev1: float,
    fvc: float,
    pct_pred: int,
    *,
    encounter: str | None = None,
    note: str | None = None,
) -> str:
    ratio = round(100 * fev1 / fvc)
    body: Json = {
        "status": "final",
        "category": category("laboratory", "Laboratory"),
        "code": concept(SPIRO_CODE[1], coding(LOINC_SYSTEM, SPIRO_CODE[0], "Spirometry panel")),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(when + timedelta(hours=1)),
        "performer": [org_ref(org)],
        "interpretation": interpretation("A"),
        "component": [
            _component("FEV1", "20150-9", fev1, "l", "L"),
            _component("FVC", "19870-5", fvc, "l", "L"),
            _component("FEV1/FVC", "19926-5", ratio, "%", "%"),
            _component("FEV1 % af forventet", None, pct_pred, "%", "%"),
        ],
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    if note:
        body["note"] = [{"text": note}]
    return b.add("Observation", body, updated=when + timedelta(hours=2), kind="spiro")


def dlco(
    b: RecordBuilder, when: datetime, org: str, value: float, pct_pred: int, *, encounter: str | None = None
) -> str:
    body: Json = {
        "status": "final",
        "category": category("laboratory", "Laboratory"),
        "code": concept(DLCO_CODE[1], coding(LOINC_SYSTEM, DLCO_CODE[0], DLCO_CODE[1])),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(when + timedelta(hours=1)),
        "performer": [org_ref(org)],
        "valueQuantity": {
            "value": value,
            "unit": "mmol/min/kPa",
            "system": "http://unitsofmeasure.org",
            "code": "mmol/min/kPa",
        },
        "interpretation": interpretation("L" if pct_pred < 80 else "N"),
        "referenceRange": [
            {
                "low": {
                    "value": 6.5,
                    "unit": "mmol/min/kPa",
                    "system": "http://unitsofmeasure.org",
                    "code": "mmol/min/kPa",
                },
                "text": "Nedre grænse ca. 80 % af forventet",
            }
        ],
        "component": [_component("DLCO % af forventet", None, pct_pred, "%", "%")],
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("Observation", body, updated=when + timedelta(hours=2), kind="dlco")


def _susceptibilities(
    b: RecordBuilder, when: datetime, answered: datetime, performer: list[Json], susceptibility: list[tuple[str, str]]
) -> list[str]:
    """One Observation per antibiotic with its S/I/R result; returns their ids."""
    members: list[str] = []
    for antibiotic, sir in susceptibility:
        members.append(
            b.add(
                "Observation",
                {
                    "status": "final",
                    "category": category("laboratory", "Laboratory"),
                    "code": {"text": antibiotic},
                    **b.subject(),
                    "effectiveDateTime": iso(when),
                    "issued": iso(answered),
                    "performer": performer,
                    "valueCodeableConcept": concept(_INTERP_TEXT[sir], coding(INTERPRETATION, sir)),
                    "interpretation": interpretation(sir),
                },
                updated=answered,
                kind="mb",
            )
        )
    return members


def microbiology(
    b: RecordBuilder,
    when: datetime,
    lab_org: str,
    code_text: str,
    loinc: str,
    organism: str,
    susceptibility: list[tuple[str, str]],
    conclusion: str,
    *,
    encounter: str | None = None,
) -> str:
    """DiagnosticReport MB -> organism Observation -> hasMember susceptibility Observations."""
    answered = when + timedelta(days=2)
    performer = [org_ref(lab_org)]
    members = _susceptibilities(b, when, answered, performer, susceptibility)
    org_obs = b.add(
        "Observation",
        {
            "status": "final",
            "category": category("laboratory", "Laboratory"),
            "code": concept("Mikroorganisme", coding(LOINC_SYSTEM, "11475-1", "Microorganism identified")),
            **b.subject(),
            "effectiveDateTime": iso(when),
            "issued": iso(answered),
            "performer": performer,
            "valueCodeableConcept": {"text": organism},
            "interpretation": interpretation("A"),
            "hasMember": [ref("Observation", m) for m in members],
        },
        updated=answered,
        kind="mb",
    )
    body: Json = {
        "status": "final",
        "category": [{"coding": [coding(V2_0074, "MB", "Microbiology")]}],
        "code": concept(code_text, coding(LOINC_SYSTEM, loinc)),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(answered),
        "performer": performer,
        "result": [ref("Observation", org_obs, organism)],
        "conclusion": conclusion,
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("DiagnosticReport", body, updated=answered, kind="mbrep")


def imaging(
    b: RecordBuilder,
    when: datetime,
    org: str,
    code_text: str,
    conclusion: str,
    full_text: str,
    *,
    encounter: str | None = None,
) -> str:
    """Imaging report: short conclusion inline, the full description in a Binary."""
    answered = when + timedelta(hours=20)
    bid = b.add(
        "Binary", {"contentType": "text/plain; charset=utf-8", "data": b64(full_text)}, updated=answered, kind="bin"
    )
    body: Json = {
        "status": "final",
        "category": [{"coding": [coding(V2_0074, "RAD", "Radiology")]}],
        "code": {"text": code_text},
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(answered),
        "performer": [org_ref(org)],
        "conclusion": conclusion,
        "presentedForm": [
            {
                "contentType": "text/plain; charset=utf-8",
                "language": "da",
                "url": f"Binary/{bid}",
                "title": code_text,
                "size": len(full_text.encode("utf-8")),
            }
        ],
    }
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("DiagnosticReport", body, updated=answered, kind="rad")


def home(b: RecordBuilder, test: Test, when: datetime, value: float, device: str, *, interp: str | None = None) -> str:
    """A home measurement sent from the citizen's own device (KIH)."""
    oid = _obs(b, test, when, value, b.patient(), cat=("vital-signs", "Vital Signs"), interp=interp, kind="home")
    b.resources[-1]["device"] = {"display": device}
    return oid


def home_bp(b: RecordBuilder, when: datetime, sys: int, dia: int, device: str) -> str:
    body: Json = {
        "status": "final",
        "category": category("vital-signs", "Vital Signs"),
        "code": concept(BP_PANEL[1], coding(LOINC_SYSTEM, BP_PANEL[0], "Blood pressure panel")),
        **b.subject(),
        "effectiveDateTime": iso(when),
        "issued": iso(when + timedelta(minutes=5)),
        "performer": [b.patient()],
        "device": {"display": device},
        "component": [
            {
                "code": concept(t.text, coding(LOINC_SYSTEM, t.code, t.text)),
                "valueQuantity": quantity(t, v),
                "interpretation": interpretation(flag_for(t, v)),
                "referenceRange": ref_range(t),
            }
            for t, v in ((BP_SYS, sys), (BP_DIA, dia))
        ],
    }
    return b.add("Observation", body, updated=when + timedelta(minutes=5), kind="home")

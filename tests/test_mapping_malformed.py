"""Hostile and malformed input: every pane survives it, the bad entry shows as unreadable,
other entries and panes are untouched, and nothing raises."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from sjtui.record.mapping import build_record

from fhir_builders import NOW, build, cc, ref, res

LAB = [{"coding": [{"code": "laboratory"}]}]
VITAL = [{"coding": [{"code": "vital-signs"}]}]
RAD = [{"coding": [{"code": "RAD"}]}]
MB = [{"coding": [{"code": "MB"}]}]


def _deep(depth: int) -> dict:
    node: dict = {}
    for _ in range(depth):
        node = {"a": node, "coding": [node]}
    return node


JUNK: list[Any] = [
    None,
    5,
    -1.5,
    float("nan"),
    float("inf"),
    True,
    "x" * 200_000,
    "",
    [],
    {},
    [None, 3, "s"],
    {"text": 5},
    _deep(2000),
    "2026-13-45",
]

# pane attribute -> a valid resource of that pane
BASES: dict[str, dict] = {
    "labs": res(
        "Observation",
        "o1",
        status="final",
        category=LAB,
        code=cc("P-Kalium", "NPU1"),
        effectiveDateTime="2026-01-01T08:00:00+01:00",
        valueQuantity={"value": 4.1, "unit": "mmol/L"},
        referenceRange=[{"low": {"value": 3.5}, "high": {"value": 4.6}}],
        interpretation=[{"coding": [{"code": "N"}]}],
        performer=[ref("Organization/ouh-lung", "L")],
        encounter=ref("Encounter/e"),
    ),
    "home": res(
        "Observation",
        "h1",
        status="final",
        category=VITAL,
        code=cc("Blodtryk"),
        effectiveDateTime="2026-01-01",
        device={"display": "Måler"},
        component=[
            {"code": cc("Systolisk", "8480-6"), "valueQuantity": {"value": 140}},
            {"code": cc("Diastolisk", "8462-4"), "valueQuantity": {"value": 80}},
        ],
    ),
    "imaging": res(
        "DiagnosticReport",
        "d1",
        status="final",
        category=RAD,
        code=cc("CT"),
        effectiveDateTime="2026-01-01",
        conclusion="ok",
        performer=[ref("Organization/ouh")],
        presentedForm=[{"url": "Binary/b", "contentType": "text/plain"}],
    ),
    "notes": res(
        "DocumentReference",
        "n1",
        status="current",
        type=cc("Epikrise", "18842-5"),
        date="2026-01-01",
        author=[{"display": "Læge"}],
        custodian=ref("Organization/ouh"),
        context={"encounter": [ref("Encounter/e")]},
        description="kort",
        content=[{"attachment": {"url": "Binary/x", "contentType": "text/plain"}}],
    ),
    "cave": res(
        "AllergyIntolerance",
        "a1",
        code=cc("Penicillin"),
        criticality="high",
        clinicalStatus={"coding": [{"code": "active"}]},
        recordedDate="2020-01-01",
        reaction=[{"manifestation": [cc("Udslæt")]}],
        recorder={"display": "Læge"},
    ),
    "medication": res(
        "MedicationStatement",
        "m1",
        status="active",
        medicationCodeableConcept=cc("Spiolto", "R03AL06", "http://www.whocc.no/atc"),
        effectivePeriod={"start": "2025-01-01"},
        dosage=[{"text": "2 pust"}],
        informationSource=ref("Organization/gp"),
    ),
    "vaccinations": res(
        "Immunization",
        "v1",
        status="completed",
        vaccineCode=cc("Influenza"),
        occurrenceDateTime="2025-10-01",
        protocolApplied=[{"doseNumberPositiveInt": 1}],
        performer=[{"actor": ref("Organization/gp")}],
    ),
    "appointments": res(
        "Appointment",
        "ap1",
        status="booked",
        start="2026-04-01T10:00:00+02:00",
        end="2026-04-01T10:30:00+02:00",
        description="Kontrol",
        participant=[{"actor": ref("Location/l", "Amb")}, {"actor": ref("Patient/p1")}],
    ),
    "courses": res(
        "Encounter",
        "e1",
        status="finished",
        **{"class": {"code": "IMP"}},
        period={"start": "2026-01-01", "end": "2026-01-05"},
        serviceProvider=ref("Organization/ouh-lung"),
        reasonCode=[cc("KOL")],
        diagnosis=[{"condition": ref("Condition/c", "KOL")}],
    ),
    "access_log": res(
        "AuditEvent",
        "ae1",
        recorded="2026-01-01T10:00:00+01:00",
        action="E",
        agent=[
            {"requestor": True, "who": {"display": "Sygeplejerske"}, "purposeOfUse": [{"coding": [{"code": "TREAT"}]}]}
        ],
        entity=[{"what": ref("Patient/p1"), "detail": [{"type": "reason", "valueString": "besøg"}]}],
    ),
    "labs_mb": res(
        "DiagnosticReport",
        "mb1",
        status="final",
        category=MB,
        code=cc("Urin"),
        effectiveDateTime="2026-01-01",
        result=[ref("Observation/org")],
    ),
    "cave_flag": res(
        "Flag",
        "f1",
        status="active",
        code=cc("Faldrisiko"),
        period={"start": "2026-01-01"},
        author=ref("Organization/gp"),
    ),
    "basic": res(
        "RelatedPerson",
        "r1",
        name=[{"text": "Karen"}],
        relationship=[cc("Hustru")],
        telecom=[{"system": "phone", "value": "1"}],
    ),
}
SENTINEL = res(
    "Immunization", "sentinel", status="completed", vaccineCode=cc("Sentinel"), occurrenceDateTime="2020-01-01"
)


def _pane(name: str) -> str:
    return name.split("_")[0] if name not in ("access_log",) else name


def _paths(node: Any, prefix: tuple = (), depth: int = 3) -> Iterator[tuple]:
    if depth == 0:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if prefix == () and key in ("resourceType",):
                continue
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key), depth - 1)
    elif isinstance(node, list):
        for i, value in enumerate(node[:2]):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i), depth - 1)


def _set(resource: dict, path: tuple, value: Any) -> dict:
    out = copy.deepcopy(resource)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


def _own_items(record, pane: str) -> list:
    data = getattr(record, pane)
    return [i for i in data.items if getattr(i, "resource_key", "") != "Immunization/sentinel"]


def _pane_total(record, pane: str) -> int:
    data = getattr(record, pane)
    return len(_own_items(record, pane)) + len(data.unreadable) + data.hidden


@pytest.mark.parametrize("name", sorted(BASES))
def test_base_resources_map_cleanly(name):
    record = build(BASES[name], SENTINEL)
    data = getattr(record, _pane(name))
    assert len(_own_items(record, _pane(name))) == 1 and data.unreadable == (), name


@pytest.mark.parametrize("name", sorted(BASES))
def test_wrong_types_everywhere_never_break_a_pane(name):
    base = BASES[name]
    pane = _pane(name)
    for path in _paths(base):
        for junk in JUNK:
            if path == ("meta",) or path[:1] == ("meta",):
                continue
            record = build(_set(base, path, junk), SENTINEL)
            # At most the one entry: mapped, unreadable, or skipped; never elsewhere.
            assert _pane_total(record, pane) <= 1, (path, type(junk))
            assert [v.name for v in record.vaccinations.items if v.name == "Sentinel"] == ["Sentinel"], (
                path,
                type(junk),
            )
            for unreadable in getattr(record, pane).unreadable:
                assert len(unreadable.reason) < 80 and "xxxx" not in unreadable.reason


@pytest.mark.parametrize(
    "name, path, value",
    [
        ("labs", ("id",), None),
        ("labs", ("effectiveDateTime",), "2026-13-45"),
        ("labs", ("valueQuantity", "value"), float("nan")),
        ("labs", ("valueQuantity", "value"), "4,1"),
        ("labs", ("code",), "P-Kalium"),
        ("labs", ("referenceRange",), "3.5-4.6"),
        ("home", ("component", 0, "valueQuantity"), [1, 2]),
        ("home", ("code",), None),
        ("imaging", ("effectiveDateTime",), 20260101),
        ("imaging", ("code",), {}),
        ("notes", ("content",), []),
        ("notes", ("content", 0, "attachment"), "Binary/x"),
        ("notes", ("date",), "not a date"),
        ("cave", ("code",), None),
        ("cave", ("reaction",), "Udslæt"),
        ("cave_flag", ("code",), 7),
        ("medication", ("medicationCodeableConcept",), None),
        ("medication", ("effectivePeriod", "start"), "2025-02-30"),
        ("vaccinations", ("vaccineCode",), []),
        ("vaccinations", ("protocolApplied", 0, "doseNumberPositiveInt"), "two"),
        ("appointments", ("status",), None),
        ("appointments", ("start",), "soon"),
        ("courses", ("class",), None),
        ("courses", ("period",), "2026"),
        ("access_log", ("recorded",), None),
        ("access_log", ("agent",), []),
        ("basic", ("name",), None),
    ],
)
def test_specific_malformations_become_unreadable(name, path, value):
    record = build(_set(BASES[name], path, value), SENTINEL)
    data = getattr(record, _pane(name))
    assert _own_items(record, _pane(name)) == [] and len(data.unreadable) == 1
    expected_id = "?" if path == ("id",) else BASES[name]["id"]
    assert data.unreadable[0].resource_key == f"{BASES[name]['resourceType']}/{expected_id}"
    assert "Sentinel" in [v.name for v in record.vaccinations.items]


def test_unreadable_patient_shapes_and_odd_ids():
    for patient in (
        {"resourceType": "Patient", "id": "p1", "name": "Poul"},
        {"resourceType": "Patient", "id": "p1", "identifier": 5},
        {"resourceType": "Patient", "id": "p1", "meta": "junk", "gender": 7},
    ):
        record = build(patient, SENTINEL)
        # Still opened: the unreadable field is marked, the rest shown (name salvaged).
        assert record.citizen.resource_key == "Patient/p1" and record.citizen.unreadable_fields
        assert record.citizen.name in ("", "Poul") and len(record.basic.unreadable) == 1
        assert not record.basic.known_empty
    odd = res("Immunization", "a b/../c", status="completed", vaccineCode=cc("X"))
    record = build(odd)
    assert record.vaccinations.items == () and len(record.vaccinations.unreadable) == 1


def test_private_junk_is_hidden_not_unreadable():
    junk = {
        "resourceType": "Observation",
        "id": "x",
        "category": LAB,
        "code": 5,
        "subject": {"reference": "Patient/p1"},
        "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}]},
    }
    record = build(junk)
    assert record.labs.hidden == 1 and record.labs.unreadable == ()
    revealed = build(junk, reveal=True)
    assert revealed.labs.hidden == 0 and len(revealed.labs.unreadable) == 1


def test_junk_panel_members_and_susceptibilities():
    panel = res(
        "Observation",
        "p",
        status="final",
        category=LAB,
        code=cc("Arteriel blodgas"),
        effectiveDateTime="2026-01-01",
        hasMember=[ref("Observation/m1"), "junk", ref("Observation/m2")],
    )
    m1 = res("Observation", "m1", code=cc("pH"), valueQuantity={"value": 7.4})
    m2 = res("Observation", "m2", code=cc("pCO2"), valueQuantity={"value": "high"})
    record = build(panel, m1, m2)
    # a bare string in hasMember is passed over; a member with a junk value is unreadable
    (item,) = record.labs.items
    assert [c.name for c in item.components] == ["pH"]
    assert [u.resource_key for u in record.labs.unreadable] == ["Observation/m2"]


def test_huge_and_many_inputs_stay_fast():
    notes = [
        res(
            "DocumentReference",
            f"n{i}",
            type=cc("Notat"),
            date="2026-01-01",
            description="ø" * 50_000,
            content=[{"attachment": {"url": f"Binary/{i}"}}],
        )
        for i in range(200)
    ]
    record = build_record(notes, patient_id="p1", reveal_private=False, as_of=NOW)
    assert len(record.notes.items) == 200
    assert all(len(n.summary) <= 2000 for n in record.notes.items)

"""The derived overview."""

from __future__ import annotations

from datetime import date

from sjtui.record.model import Pane
from sjtui.record.overview import build_overview

from fhir_builders import build, cc, ref, res

TODAY = date(2026, 3, 1)
LAB = [{"coding": [{"code": "laboratory"}]}]
VITAL = [{"coding": [{"code": "vital-signs"}]}]


def lab(rid, when, interp="", name="P-Kalium", **extra):
    fields = {
        "status": "final",
        "category": LAB,
        "code": cc(name),
        "effectiveDateTime": when,
        "valueQuantity": {"value": 5.0},
    }
    if interp:
        fields["interpretation"] = [{"coding": [{"code": interp}]}]
    fields.update(extra)
    return res("Observation", rid, **fields)


def home(rid, name, when, value):
    return res(
        "Observation",
        rid,
        status="final",
        category=VITAL,
        code=cc(name, name[:3]),
        effectiveDateTime=when,
        valueQuantity={"value": value},
    )


def record():
    return build(
        res("AllergyIntolerance", "a1", code=cc("Penicillin"), clinicalStatus={"coding": [{"code": "active"}]}),
        res("AllergyIntolerance", "a2", code=cc("Gammel"), clinicalStatus={"coding": [{"code": "resolved"}]}),
        res("MedicationStatement", "m1", status="active", medicationCodeableConcept=cc("A")),
        res("MedicationStatement", "m2", status="on-hold", medicationCodeableConcept=cc("B")),
        res("MedicationStatement", "m3", status="stopped", medicationCodeableConcept=cc("C")),
        res("Encounter", "e1", **{"class": {"code": "IMP"}}, period={"start": "2025-06-01", "end": "2025-06-05"}),
        res("Encounter", "e2", **{"class": {"code": "IMP"}}, period={"start": "2026-01-02", "end": "2026-01-09"}),
        res("Encounter", "e3", **{"class": {"code": "AMB"}}, period={"start": "2026-02-01"}),
        *[
            res("Appointment", f"ap{i}", status=s, start=f"2026-03-{d:02d}T10:00:00+01:00")
            for i, (s, d) in enumerate(
                [("booked", 20), ("booked", 2), ("cancelled", 3), ("booked", 10), ("booked", 25)]
            )
        ],
        res("Appointment", "old", status="fulfilled", start="2026-02-01T10:00:00+01:00"),
        *[lab(f"l{i}", f"2026-02-{i + 1:02d}", "H") for i in range(10)],
        lab("old", "2025-10-01", "H"),
        lab("normal", "2026-02-20"),
        lab("sp1", "2025-05-01", name="Spirometri", component=[{"code": cc("FEV1"), "valueQuantity": {"value": 1}}]),
        lab("sp2", "2025-11-01", name="Spirometri", component=[{"code": cc("FEV1"), "valueQuantity": {"value": 0.8}}]),
        home("h1", "SpO2", "2026-02-27T08:00:00+01:00", 91),
        home("h2", "SpO2", "2026-02-28T08:00:00+01:00", 88),
        home("h3", "Puls", "2026-02-26T08:00:00+01:00", 92),
        res(
            "DocumentReference",
            "n1",
            type=cc("Notat"),
            date="2026-01-01",
            content=[{"attachment": {"url": "Binary/1"}}],
        ),
        res("DocumentReference", "n2", private=True, type=cc("Notat"), content=[{"attachment": {"url": "Binary/2"}}]),
        new_keys={"Observation/l9", "DocumentReference/n1"},
        loaded={Pane.CAVE, Pane.MEDICATION},
    )


def test_overview_sections():
    ov = build_overview(record(), today=TODAY)
    assert [c.title for c in ov.cave] == ["Penicillin"]
    assert [m.name for m in ov.active_medication] == ["A"] and ov.active_medication_count == 1
    assert [m.name for m in ov.paused_medication] == ["B"]
    assert ov.last_admission is not None and ov.last_admission.resource_key == "Encounter/e2"
    assert ov.last_admission.end is not None and ov.last_admission.end.day == 9
    assert [a.resource_key for a in ov.next_appointments] == ["Appointment/ap1", "Appointment/ap3", "Appointment/ap0"]
    assert len(ov.abnormal_labs) == 8
    assert ov.abnormal_labs[0].resource_key == "Observation/l9"
    assert "Observation/old" not in {lab.resource_key for lab in ov.abnormal_labs}
    assert [(m.name, m.value) for m in ov.latest_home] == [("SpO2", "88"), ("Puls", "92")]
    assert ov.latest_spirometry is not None and ov.latest_spirometry.resource_key == "Observation/sp2"
    assert ov.notes_count == 1 and ov.hidden_count == 1
    assert ov.new_counts == {Pane.LABS: 1, Pane.NOTES: 1}
    assert Pane.CAVE not in ov.pending and Pane.LABS in ov.pending


def test_overview_of_an_empty_record():
    ov = build_overview(build(), today=TODAY)
    assert ov.cave == () and ov.last_admission is None and ov.latest_spirometry is None
    assert ov.next_appointments == () and ov.new_counts == {} and ov.pending == ()


def test_appointment_later_today_still_next():
    rec = build(
        res(
            "Appointment",
            "today",
            status="booked",
            start="2026-03-01T08:00:00+01:00",
            participant=[{"actor": ref("Patient/p1")}],
        )
    )
    assert [a.resource_key for a in build_overview(rec, today=TODAY).next_appointments] == ["Appointment/today"]

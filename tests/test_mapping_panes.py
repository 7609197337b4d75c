"""Each pane's mapping from small hand-made resources following the fixture conventions."""

from __future__ import annotations

from datetime import date

from sjtui.record.mapping import citizen_summary
from sjtui.record.model import Pane

from fhir_builders import NOW, b64, build, cc, ref, res

RAD = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "RAD"}]}]
VITAL = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}]
CPR = "urn:oid:1.2.208.176.1.2"


def doc(rid: str, type_text: str, code: str, when: str | None, **extra) -> dict:
    fields = {
        "status": "current",
        "type": cc(type_text, code),
        "author": [ref("Practitioner/x", "Sygeplejerske Hanne Lund")],
        "custodian": ref("Organization/ouh-lung", "Lunge"),
        "description": f"Kort om {type_text}",
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "url": f"Binary/{rid}-body",
                    "title": type_text,
                }
            }
        ],
    }
    if when:
        fields["date"] = when
    fields.update(extra)
    return res("DocumentReference", rid, **fields)


def test_notes_kinds_bodies_order_and_course():
    inline = doc(
        "n2",
        "Sygeplejenotat",
        "11506-3",
        "2026-02-02T10:00:00+01:00",
        content=[{"attachment": {"contentType": "text/plain", "data": b64("Kort: ÆØÅ")}}],
    )
    record = build(
        doc("n1", "Epikrise", "", "2026-01-05T12:00:00+01:00", context={"encounter": [ref("Encounter/e1")]}),
        inline,
        doc("n3", "Lægenotat", "18842-5", None),
        doc("n4", "Ambulant notat", "11506-3", "2026-02-10"),
        res("Binary", "n4-body", contentType="text/plain", data=b64("Fuld tekst")),
    )
    notes = record.notes.items
    assert [n.resource_key for n in notes] == [
        "DocumentReference/n4",
        "DocumentReference/n2",
        "DocumentReference/n1",
        "DocumentReference/n3",
    ]
    by_id = {n.resource_key.split("/")[1]: n for n in notes}
    assert by_id["n1"].kind == "discharge" and by_id["n3"].kind == "discharge"
    assert by_id["n2"].kind == "note" and by_id["n2"].body == "Kort: ÆØÅ"
    assert by_id["n2"].body_url == ""
    assert by_id["n1"].body is None and by_id["n1"].body_url == "Binary/n1-body"
    assert by_id["n4"].body == "Fuld tekst"  # the Binary came with the bundle
    assert by_id["n1"].course_key == "Encounter/e1"
    assert by_id["n1"].author == "Sygeplejerske Hanne Lund"
    assert by_id["n1"].source.label() == "Odense Universitetshospital, Lungemedicinsk afdeling J"
    assert by_id["n1"].summary == "Kort om Epikrise"


def test_invalid_utf8_in_inline_body_is_replaced():
    import base64

    bad = base64.b64encode(b"ok \xff\xfe end").decode()
    note = doc("n", "Notat", "", "2026-01-01", content=[{"attachment": {"contentType": "text/plain", "data": bad}}])
    (item,) = build(note).notes.items
    assert item.body is not None and item.body.startswith("ok ") and "\ufffd" in item.body


def test_imaging_report():
    report = res(
        "DiagnosticReport",
        "ct",
        status="final",
        category=RAD,
        code=cc("CT af thorax"),
        effectiveDateTime="2025-10-01T09:00:00+02:00",
        performer=[ref("Organization/ouh-lung", "Radiologi")],
        conclusion="Svært emfysem.",
        presentedForm=[{"contentType": "text/plain", "url": "Binary/ct-text"}],
    )
    record = build(report)
    (item,) = record.imaging.items
    assert (item.title, item.conclusion, item.body, item.body_url) == (
        "CT af thorax",
        "Svært emfysem.",
        None,
        "Binary/ct-text",
    )
    assert record.labs.items == ()


def test_cave_allergy_and_flag():
    allergy = res(
        "AllergyIntolerance",
        "a1",
        code=cc("Penicillin"),
        criticality="high",
        clinicalStatus={"coding": [{"code": "active"}]},
        reaction=[{"manifestation": [cc("Udslæt"), cc("Åndenød")]}],
        recordedDate="2019-04-01",
        recorder=ref("Practitioner/d", "Læge Ib"),
    )
    refuted = res("AllergyIntolerance", "a2", code=cc("Jod"), verificationStatus={"coding": [{"code": "refuted"}]})
    flag = res(
        "Flag",
        "f1",
        status="active",
        code=cc("Faldrisiko"),
        period={"start": "2025-06-01"},
        author=ref("Organization/gp", "GP"),
    )
    record = build(allergy, refuted, flag)
    items = {i.title: i for i in record.cave.items}
    assert set(items) == {"Penicillin", "Faldrisiko"}
    assert items["Penicillin"].kind == "allergy" and items["Penicillin"].criticality == "high"
    assert items["Penicillin"].detail == "Udslæt, Åndenød" and items["Penicillin"].active
    assert items["Faldrisiko"].kind == "warning" and items["Faldrisiko"].source.kind == "gp"


def test_medication_statuses_requests_and_order():
    def ms(rid, name, atc, status, start):
        return res(
            "MedicationStatement",
            rid,
            status=status,
            medicationCodeableConcept={"text": name, "coding": [{"system": "http://www.whocc.no/atc", "code": atc}]},
            effectivePeriod={"start": start},
            dosage=[{"text": "2 pust morgen"}],
            reasonCode=[cc("KOL")],
            informationSource=ref("Organization/gp", "GP"),
        )

    record = build(
        ms("m1", "Spiolto Respimat", "R03AL06", "active", "2024-01-01"),
        ms("m2", "Prednisolon 5 mg", "H02AB06", "stopped", "2025-01-01"),
        ms("m3", "Ilt", "V03AN01", "on-hold", "2025-05-01"),
        ms("m4", "Ventoline", "R03AC02", "active", "2025-02-01"),
        ms("m5", "Fejl", "X", "entered-in-error", "2025-02-01"),
        res(
            "MedicationRequest",
            "r1",
            status="active",
            authoredOn="2025-03-01",
            medicationCodeableConcept={
                "text": "Spiolto",
                "coding": [{"system": "http://www.whocc.no/atc", "code": "R03AL06"}],
            },
        ),
        res(
            "MedicationRequest",
            "r2",
            status="completed",
            authoredOn="2025-03-01",
            medicationReference=ref("Medication/amox", "Amoxicillin"),
            dosageInstruction=[{"text": "1 tablet 3 gange dagligt"}],
        ),
    )
    items = record.medication.items
    assert [(i.name, i.status) for i in items] == [
        ("Ventoline", "active"),
        ("Spiolto Respimat", "active"),
        ("Ilt", "paused"),
        ("Amoxicillin", "stopped"),
        ("Prednisolon 5 mg", "stopped"),
    ]
    assert items[1].atc == "R03AL06" and items[1].dosage == "2 pust morgen"
    assert items[1].period_start == date(2024, 1, 1) and items[1].reason == "KOL"
    assert items[3].dosage == "1 tablet 3 gange dagligt"


def test_vaccinations():
    record = build(
        res(
            "Immunization",
            "v1",
            status="completed",
            vaccineCode={
                "text": "Influenzavaccine",
                "coding": [{"system": "http://www.whocc.no/atc", "code": "J07BB02"}],
            },
            occurrenceDateTime="2025-10-15",
            protocolApplied=[{"doseNumberPositiveInt": 2}],
            performer=[{"actor": ref("Organization/gp", "GP")}],
        )
    )
    (item,) = record.vaccinations.items
    assert (item.name, item.atc, item.dose, item.status) == ("Influenzavaccine", "J07BB02", "2", "completed")
    assert item.source.organisation == "Lægerne Vestergade, Vejen"


def test_home_measurements_blood_pressure_and_device():
    bp = res(
        "Observation",
        "bp",
        status="final",
        category=VITAL,
        code=cc("Blodtryk", "85354-9"),
        effectiveDateTime="2026-02-20T07:00:00+01:00",
        performer=[ref("Patient/p1")],
        device={"display": "Blodtryksmåler A&D"},
        component=[
            {
                "code": cc("Systolisk", "8480-6"),
                "valueQuantity": {"value": 142, "unit": "mmHg"},
                "referenceRange": [{"high": {"value": 140}}],
            },
            {"code": cc("Diastolisk", "8462-4"), "valueQuantity": {"value": 88, "unit": "mmHg"}},
        ],
    )
    spo2 = res(
        "Observation",
        "s",
        status="final",
        category=VITAL,
        code=cc("Iltmætning (SpO2)"),
        effectiveDateTime="2026-02-21T07:00:00+01:00",
        valueQuantity={"value": 88, "unit": "%"},
        referenceRange=[{"low": {"value": 90}}],
        device=ref("Device/ox", "Pulsoximeter"),
    )
    device = res("Device", "ox", deviceName=[{"name": "Pulsoximeter Nonin 3230", "type": "user-friendly-name"}])
    record = build(bp, spo2, device)
    first, second = record.home.items
    assert (first.name, first.value, first.flag, first.device) == (
        "Iltmætning (SpO2)",
        "88",
        "L",
        "Pulsoximeter Nonin 3230",
    )
    assert (second.value, second.numeric, second.unit, second.flag) == ("142/88", 142.0, "mmHg", "H")
    assert second.source.kind == "citizen" and second.device == "Blodtryksmåler A&D"
    assert record.labs.items == ()


def test_appointments_upcoming_soonest_first_then_past_newest_first():
    def appt(rid, start, status="booked"):
        return res(
            "Appointment",
            rid,
            status=status,
            start=start,
            description=f"Kontrol {rid}",
            participant=[
                {"actor": ref("Patient/p1")},
                {"actor": ref("Location/amb", "Lungeambulatoriet")},
                {"actor": ref("Organization/ouh-lung", "Lunge")},
            ],
        )

    record = build(
        appt("past1", "2026-01-10T10:00:00+01:00", "fulfilled"),
        appt("soon", "2026-03-05T10:00:00+01:00"),
        appt("later", "2026-04-05T10:00:00+02:00"),
        appt("past2", "2026-02-10T10:00:00+01:00", "fulfilled"),
        res("Appointment", "nodate", status="proposed"),
    )
    keys = [a.resource_key.split("/")[1] for a in record.appointments.items]
    assert keys == ["soon", "later", "past2", "past1", "nodate"]
    soon = record.appointments.items[0]
    assert soon.location == "Lungeambulatoriet" and soon.description == "Kontrol soon"
    assert soon.source.organisation == "Odense Universitetshospital"


def test_courses_encounters_and_episodes():
    condition = res(
        "Condition",
        "c1",
        code=cc("KOL i exacerbation", "DJ441", "urn:oid:1.2.208.176.2.4.12"),
        encounter=ref("Encounter/e1"),
    )
    enc = res(
        "Encounter",
        "e1",
        status="finished",
        **{"class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"}},
        period={"start": "2026-01-02T14:00:00+01:00", "end": "2026-01-09T11:00:00+01:00"},
        serviceProvider=ref("Organization/ouh-lung", "Lunge"),
        reasonCode=[cc("Åndenød")],
        diagnosis=[{"condition": ref("Condition/c1")}],
        episodeOfCare=[ref("EpisodeOfCare/ep")],
    )
    amb = res(
        "Encounter",
        "e2",
        status="finished",
        **{"class": {"code": "AMB"}},
        period={"start": "2026-02-01T10:00:00+01:00"},
    )
    episode = res(
        "EpisodeOfCare",
        "ep",
        status="active",
        type=[cc("KOL-forløb")],
        period={"start": "2025-01-01"},
        managingOrganization=ref("Organization/ouh"),
    )
    record = build(enc, amb, episode, condition)
    by_id = {c.resource_key: c for c in record.courses.items}
    inpatient = by_id["Encounter/e1"]
    assert inpatient.kind == "inpatient" and inpatient.diagnosis == "KOL i exacerbation"
    assert inpatient.title == "Åndenød" and inpatient.episode_key == "EpisodeOfCare/ep"
    assert inpatient.end is not None and inpatient.end.day == 9
    assert by_id["Encounter/e2"].kind == "outpatient"
    assert by_id["EpisodeOfCare/ep"].kind == "episode" and by_id["EpisodeOfCare/ep"].title == "KOL-forløb"
    assert next(c.resource_key for c in record.courses.items) == "Encounter/e2"


def test_access_log():
    event = res(
        "AuditEvent",
        "ae1",
        recorded="2026-02-01T22:10:00+01:00",
        action="E",
        subtype=[{"code": "read"}],
        agent=[
            {
                "requestor": True,
                "who": {"display": "Sygeplejerske Mette Holm"},
                "purposeOfUse": [{"coding": [{"code": "TREAT"}]}, {"coding": [{"code": "BTG"}]}],
            },
            {"requestor": False, "who": ref("Organization/gp", "GP")},
        ],
        purposeOfEvent=[{"text": "Akut besøg, åndenød"}],
        entity=[{"what": ref("Patient/p1")}],
    )
    (item,) = build(event).access_log.items
    assert (item.who, item.purpose, item.reason, item.action) == (
        "Sygeplejerske Mette Holm",
        "BTG",
        "Akut besøg, åndenød",
        "read",
    )
    assert item.organisation == "Lægerne Vestergade, Vejen"


def patient(private: bool = False) -> dict:
    return res(
        "Patient",
        "p1",
        private=private,
        identifier=[{"use": "official", "system": CPR, "value": "120354-1237"}],
        name=[{"use": "official", "given": ["Poul", "Erik"], "family": "Madsen", "text": "Poul Erik Madsen"}],
        birthDate="1954-03-12",
        gender="male",
        address=[{"line": ["Vestergade 12"], "postalCode": "6600", "city": "Vejen"}],
        telecom=[{"system": "email", "value": "x@y"}, {"system": "phone", "value": "20202020"}],
        communication=[{"language": {"coding": [{"code": "da"}]}, "preferred": True}],
        generalPractitioner=[ref("Organization/gp", "GP")],
        contact=[
            {
                "name": {"text": "Karen Madsen"},
                "relationship": [cc("Hustru")],
                "telecom": [{"system": "phone", "value": "30303030"}],
            }
        ],
    )


def test_citizen_and_relatives():
    related = res(
        "RelatedPerson",
        "r1",
        patient=ref("Patient/p1"),
        name=[{"given": ["Søren"], "family": "Madsen"}],
        relationship=[cc("Søn")],
    )
    hidden_related = res("RelatedPerson", "r2", private=True, name=[{"text": "Skjult"}])
    record = build(patient(), related, hidden_related)
    c = record.citizen
    assert (c.cpr, c.name, c.given, c.family, c.birth_date, c.gender) == (
        "1203541237",
        "Poul Erik Madsen",
        "Poul Erik",
        "Madsen",
        date(1954, 3, 12),
        "male",
    )
    assert c.address == "Vestergade 12, 6600 Vejen" and c.phone == "20202020"
    assert (c.gp, c.gp_phone, c.language, c.protected) == ("Lægerne Vestergade, Vejen", "75360000", "da", False)
    assert [(r.name, r.relationship) for r in c.relatives] == [("Karen Madsen", "Hustru"), ("Søren Madsen", "Søn")]
    assert record.basic.items == c.relatives and record.basic.hidden == 1


def test_protected_citizen_and_summary():
    record = build(patient(private=True))
    assert record.citizen.protected and record.citizen.address == ""
    assert record.citizen.name == "Poul Erik Madsen"  # protection is not break-the-glass
    summary = citizen_summary(patient(private=True))
    assert summary is not None and summary.protected and summary.address == ""
    assert summary.cpr == "1203541237" and summary.patient_id == "p1"
    open_summary = citizen_summary(patient())
    assert open_summary is not None and open_summary.address == "Vestergade 12, 6600 Vejen"
    for junk in (None, {}, {"resourceType": "Patient"}):
        assert citizen_summary(junk) is None
    # A malformed field marks that field; the citizen is still found (issue #10).
    odd = citizen_summary({"resourceType": "Patient", "id": "x", "name": "Poul", "birthDate": "2026-13-45"})
    assert odd is not None and odd.name == "Poul"
    assert set(odd.unreadable_fields) == {"name", "birthDate"} and odd.birth_date is None


def test_unreadable_patient_goes_to_the_basic_pane():
    record = build(res("Patient", "p1", birthDate="1954-02-31"))
    assert record.citizen.resource_key == "Patient/p1" and record.citizen.name == ""
    assert record.citizen.unreadable_fields == ("birthDate",)
    assert [u.resource_key for u in record.basic.unreadable] == ["Patient/p1"]


def test_loaded_and_new_keys_and_duplicates():
    v1 = res("Immunization", "v1", status="completed", vaccineCode=cc("A"), occurrenceDateTime="2025-01-01")
    v1_newer = dict(v1, vaccineCode=cc("A, rettet"))
    record = build(
        v1,
        v1_newer,
        res("Immunization", "v2", status="completed", vaccineCode=cc("B")),
        loaded={Pane.VACCINATIONS},
        new_keys={"Immunization/v2", "Observation/zz"},
    )
    assert [v.name for v in record.vaccinations.items] == ["A, rettet", "B"]
    assert record.vaccinations.loaded and not record.labs.loaded and not record.basic.loaded
    assert record.vaccinations.new_keys == frozenset({"Immunization/v2"})
    assert record.labs.new_keys == frozenset()
    assert record.as_of == NOW


def test_appointment_at_a_healthcare_service_resolves_its_provider():
    service = res("HealthcareService", "hs", name="Lungeambulatoriet", providedBy=ref("Organization/ouh-lung", "Lunge"))
    appt = res(
        "Appointment",
        "a",
        status="booked",
        start="2026-03-05T10:00:00+01:00",
        participant=[{"actor": ref("Patient/p1")}, {"actor": ref("HealthcareService/hs", "Lungeamb., OUH")}],
    )
    (with_service,) = build(appt, service).appointments.items
    assert with_service.location == "Lungeambulatoriet"
    assert with_service.source.organisation == "Odense Universitetshospital"
    (without,) = build(appt).appointments.items
    assert without.location == "Lungeamb., OUH" and without.source.organisation == "Lungeamb., OUH"

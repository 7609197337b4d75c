"""The overview's last admission and next appointment (issue #13), on the fixtures: where,
when, why and the discharge letter; when (with the ISO week), what and where with the address."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sjtui.i18n import set_language
from sjtui.record.last_admission import last_admission
from sjtui.record.mapping import build_record
from sjtui.record.mapping.addresses import place_address, postal_address
from sjtui.record.mapping.common import Index
from sjtui.record.next_appointment import next_appointments
from sjtui.record.overview import build_overview
from sjtui.ui.formatting import fmt_week, fmt_weekday, iso_week

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2026, 11, 20)


def _record(patient_id: str):
    resources = []
    for name in (patient_id, "organisations"):
        bundle = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        resources += [e["resource"] for e in bundle["entry"]]
    return build_record(resources, patient_id=patient_id, reveal_private=False)


@pytest.fixture(autouse=True)
def danish():
    set_language("da")
    yield
    set_language("da")


def test_poul_last_admission_says_where_when_why_and_the_discharge_letter() -> None:
    adm = last_admission(_record("poul"))
    assert adm is not None
    assert (adm.hospital, adm.department) == ("Sygehus Lillebælt, Vejle", "Medicinsk afdeling, Lungesektion")
    assert adm.start is not None and adm.start.date() == date(2026, 9, 14)
    assert adm.discharged is not None and adm.discharged.date() == date(2026, 9, 19)
    assert adm.diagnosis is not None
    assert (adm.diagnosis.code, adm.diagnosis.system) == ("DJ441", "SKS")
    assert adm.diagnosis.text == "Kronisk obstruktiv lungesygdom med akut eksacerbation"
    assert adm.reason == "Svær KOL-eksacerbation med hyperkapni"
    assert adm.letter is not None and adm.letter.resource_key == "DocumentReference/poul-doc-018"
    assert adm.letter.summary == "Hyperkapnisk KOL-eksacerbation, NIV i 2 døgn"


def test_lars_last_admission_is_the_delirium_admission_with_its_epikrise() -> None:
    adm = last_admission(_record("lars"))
    assert adm is not None and adm.reason == "Svær KOL-eksacerbation, hyperkapni, delirium"
    assert adm.letter is not None and "frarådes bilkørsel" in adm.letter.summary


def test_inge_last_admission_and_no_admission_at_all() -> None:
    adm = last_admission(_record("inge"))
    assert adm is not None and adm.diagnosis is not None and adm.diagnosis.code == "DN390"
    record = _record("ane")
    assert last_admission(record) is None
    # Ane's courses are known and hold no admission: the overview may say "none" there
    assert build_overview(record, today=TODAY).states["courses"].value in ("empty", "known")


def test_the_discharge_letter_belongs_to_the_admission_not_to_any_admission() -> None:
    record = _record("poul")
    adm = last_admission(record)
    assert adm is not None
    others = [n for n in record.notes.items if n.kind == "discharge" and n.resource_key != adm.letter.resource_key]
    assert others and all(n.course_key != adm.course.resource_key for n in others)


def test_poul_next_appointment_is_the_home_visit_at_his_home_address() -> None:
    upcoming = next_appointments(_record("poul").appointments.items, TODAY)
    first = upcoming[0]
    assert first.date == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert first.location == "Borgerens hjem"
    assert first.address == "Søndergade 14, 6600 Vejen"
    assert upcoming[1].location == "Lungeambulatoriet"
    assert upcoming[1].address == "Indgang 3, stuen, Kabbelvej 25, 7100 Vejle"
    assert len(upcoming) == 3  # the overview shows the soonest three


def test_lars_and_inge_appointments_carry_the_clinic_address() -> None:
    lars = next_appointments(_record("lars").appointments.items, TODAY)[0]
    assert lars.address == "Indgang B, 3. sal, Sygehusgade 35, 6700 Esbjerg"
    inge = next_appointments(_record("inge").appointments.items, TODAY)[0]
    assert (inge.location, inge.address) == ("Hjertesvigtsklinikken", "Indgang C, 1. sal, Sygehusgade 35, 6700 Esbjerg")


def test_cancelled_and_past_appointments_are_not_next() -> None:
    items = _record("poul").appointments.items
    statuses = {a.status for a in next_appointments(items, TODAY, limit=10)}
    assert statuses == {"booked"}


def test_an_address_falls_back_from_location_to_department_to_hospital() -> None:
    hospital = {"resourceType": "Organization", "id": "h", "address": [{"city": "Vejle"}]}
    dept = {"resourceType": "Organization", "id": "d", "partOf": {"reference": "Organization/h"}}
    service = {"resourceType": "HealthcareService", "id": "s", "providedBy": {"reference": "Organization/d"}}
    index = Index({"Organization/h": hospital, "Organization/d": dept, "HealthcareService/s": service})
    assert place_address(index, None, service) == "Vejle"  # only the town is known
    dept["address"] = [{"line": ["Indgang 3"], "postalCode": "7100", "city": "Vejle"}]
    assert place_address(index, None, service) == "Indgang 3, 7100 Vejle"
    location = {"resourceType": "Location", "id": "l", "address": {"text": "Hjemme hos borgeren"}}
    assert place_address(index, location, service) == "Hjemme hos borgeren"


def test_a_malformed_address_leaves_the_appointment_without_one() -> None:
    assert place_address(Index({}), {"address": {"line": "x", "city": 7}}, None) == ""
    assert postal_address({"address": []}) == ""
    service = {"location": ["not an object"]}
    assert place_address(Index({}), None, service) == ""


def test_iso_week_and_weekday_in_danish_and_english() -> None:
    # 2026-12-03 is a Thursday in ISO week 49; 2027-01-03 is still ISO week 53 of 2026
    assert iso_week(date(2026, 12, 3)) == 49
    assert iso_week(date(2027, 1, 3)) == 53
    assert (fmt_week(date(2026, 12, 3)), fmt_weekday(date(2026, 12, 3))) == ("uge 49", "torsdag")
    # late evening UTC on Sunday is Monday in Copenhagen: the local day decides
    assert fmt_weekday(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "mandag"
    assert fmt_week(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "uge 49"
    set_language("en")
    assert (fmt_week(date(2026, 12, 3)), fmt_weekday(date(2026, 12, 3))) == ("week 49", "Thursday")
    assert fmt_weekday(date(2026, 12, 3), short=True) == "Thu"
    assert fmt_week(None) == "" and fmt_weekday(None) == ""

"""Data written by other systems lands where a clinician looks (mapping and overview only)."""

from __future__ import annotations

from datetime import date

from sjtui.record.mapping import build_record
from sjtui.record.overview import build_overview
from tests import third_party_data as tp


def _record(resources=None):
    return build_record(
        resources if resources is not None else tp.resources(), patient_id=tp.PATIENT_ID, reveal_private=False
    )


def test_lab_values_with_no_category_are_on_labs() -> None:
    labs = {lab.resource_key: lab for lab in _record().labs.items}
    hb = labs["Observation/tp-hb"]
    assert (hb.name, hb.value, hb.unit) == ("Hemoglobin [Mass/volume] in Blood", "7.1", "mmol/L")
    # Its report (category LAB, no conclusion) would only repeat it: not listed twice.
    assert "DiagnosticReport/tp-lab-report" not in labs


def test_lab_report_whose_results_were_not_fetched_is_still_listed() -> None:
    without_results = [r for r in tp.resources() if r["id"] != "tp-hb"]
    labs = {lab.resource_key: lab for lab in _record(without_results).labs.items}
    report = labs["DiagnosticReport/tp-lab-report"]
    assert (report.kind, report.name) == ("panel", "CBC panel - Blood")
    assert report.source.organisation == "Klinisk biokemi, Vejle"


def test_report_with_no_category_is_on_labs_and_ct_is_on_imaging() -> None:
    record = _record()
    thyroid = next(lab for lab in record.labs.items if lab.resource_key == "DiagnosticReport/tp-thyroid")
    assert thyroid.conclusion == "Normal thyroideafunktion."
    assert [i.resource_key for i in record.imaging.items] == ["DiagnosticReport/tp-ct"]
    assert "DiagnosticReport/tp-ct" not in {lab.resource_key for lab in record.labs.items}


def test_procedure_and_care_plans_are_courses() -> None:
    courses = {c.resource_key: c for c in _record().courses.items}
    valve = courses["Procedure/tp-valve"]
    assert (valve.kind, valve.title, valve.status) == ("procedure", "Insertion of endobronchial valve", "completed")
    assert valve.diagnosis == "Chronic obstructive lung disease"
    assert valve.date is not None and valve.end is not None and valve.date < valve.end
    plan = courses["CarePlan/tp-plan"]
    assert (plan.kind, plan.title, plan.status) == ("careplan", "Genoptræningsplan efter indlæggelse", "active")
    assert plan.diagnosis == "Chronic obstructive lung disease"
    assert plan.source.organisation == "Vejen Kommune, Hjemmesygeplejen"
    assert courses["CarePlan/tp-old-plan"].title == "Plejeplan"


def test_procedure_title_prefers_text_then_standard_systems() -> None:
    from sjtui.record.mapping.procedures import procedure_title

    assert procedure_title({"text": "Ventilanlæggelse", "coding": [{"display": "x"}]}) == "Ventilanlæggelse"
    assert (
        procedure_title(
            {
                "coding": [
                    {"system": "local", "code": "L1", "display": "Lokal"},
                    {"system": "urn:oid:1.2.208.176.2.4", "code": "KGDB10", "display": "Endobronkial ventil"},
                ]
            }
        )
        == "Endobronkial ventil"
    )
    assert procedure_title({"coding": [{"system": "local", "code": "L1"}]}) == "L1"
    assert procedure_title(None) == ""


def test_unreadable_procedure_is_reported_not_raised() -> None:
    broken = {"resourceType": "Procedure", "id": "tp-bad", "status": "completed", "subject": tp.SUBJECT}
    record = _record([*tp.resources(), broken])
    assert [u.resource_key for u in record.courses.unreadable] == ["Procedure/tp-bad"]


def test_overview_shows_procedures_and_plans_that_have_not_ended() -> None:
    overview = build_overview(_record(), today=date(2026, 11, 20))
    assert [c.resource_key for c in overview.procedures] == ["Procedure/tp-valve"]
    assert [c.resource_key for c in overview.care_plans] == ["CarePlan/tp-plan"]
    assert overview.last_admission is None  # a procedure is not an admission


def test_overview_screen_lists_procedures_and_plans_as_plain_text() -> None:
    from sjtui.i18n import set_language
    from sjtui.ui.panes.overview import _left

    hostile = {
        "resourceType": "Procedure",
        "id": "tp-hostile",
        "status": "on-hold",
        "subject": tp.SUBJECT,
        "code": {"text": "[bold red]Ventil[/] \x1b[31m"},
        "performedDateTime": "2026-11-01",
    }
    record = _record([*tp.resources(), hostile])
    set_language("da")
    text = _left(build_overview(record, today=date(2026, 11, 20)), record).plain
    assert "Seneste procedurer" in text and "Insertion of endobronchial valve" in text
    assert "[bold red]Ventil[/]" in text and "\x1b" not in text  # markup shown, escapes dropped
    assert "(sat på pause)" in text
    assert "Planer" in text and "Genoptræningsplan efter indlæggelse" in text
    assert "Plejeplan" not in text  # completed plans are not on the overview

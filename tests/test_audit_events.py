"""Audit entries as IHE BALP-shaped FHIR AuditEvents, checked by an independent validator.

`fhir.resources` 8 ships R5 as its default and R4B in `fhir.resources.R4B`; R4 itself is not
packaged. AuditEvent is unchanged between R4 (4.0.1) and R4B (4.3.0) for every element used
here, so the R4B model stands in for R4.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from fhir.resources.R4B import auditevent as R4B

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import AuditEntry, to_audit_event

ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
DCM = "http://dicom.nema.org/resources/ontology/DCM"
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")
AT = datetime(2026, 11, 24, 9, 15, 30, tzinfo=UTC)


def _grant(basis: Basis = Basis.CURRENT_TREATMENT):
    return make_grant(
        patient_id="mikkel",
        cpr="1405863457",
        basis=basis,
        reason="opfølgning efter udskrivelse",
        clinician=CLINICIAN,
    )


def _all_kinds() -> list[AuditEntry]:
    g = _grant()
    bg = g.with_break_glass("akut forværring, skal kende medicin", at=AT)
    return [
        AuditEntry.opening(g, at=AT),
        AuditEntry.opening(_grant(Basis.CONSENT), offline=True, at=AT),
        AuditEntry.pane_view(g, "Laboratoriesvar", at=AT),
        AuditEntry.body_view(bg, "Journal", "DocumentReference/note-7", at=AT),
        AuditEntry.break_glass(bg),
        AuditEntry.search(CLINICIAN, "Patient?identifier=urn:oid:1.2.208.176.1.2|1405863457", at=AT),
    ]


def _codes(concepts: list[dict]) -> set[str]:
    return {c["code"] for cc in concepts for c in cc["coding"]}


def _user(event: dict) -> dict:
    return next(a for a in event["agent"] if a.get("requestor"))


def _detail(event: dict) -> dict[str, str]:
    return {d["type"]: d["valueString"] for d in event["entity"][0].get("detail", [])}


@pytest.mark.parametrize("entry", _all_kinds(), ids=lambda e: e.kind)
def test_every_kind_validates_as_fhir(entry: AuditEntry) -> None:
    event = to_audit_event(entry, server="https://fhir.example.org/r4")
    model = R4B.AuditEvent.model_validate(event)
    assert model.id == entry.entry_id
    assert event["recorded"].endswith("Z")
    assert event["outcome"] == "0"


@pytest.mark.parametrize("kind", ["open", "offline-open", "pane-view", "body-view"])
def test_reads_follow_balp_patient_read(kind: str) -> None:
    entry = next(e for e in _all_kinds() if e.kind == kind)
    ev = to_audit_event(entry)
    assert ev["type"]["system"] == "http://terminology.hl7.org/CodeSystem/audit-event-type"
    assert ev["type"]["code"] == "rest"
    assert ev["subtype"][0] == {
        "system": "http://hl7.org/fhir/restful-interaction",
        "code": "read",
        "display": "read",
    }
    assert ev["action"] == "R"
    user = _user(ev)
    assert user["type"]["coding"][0]["code"] == "IRCP"
    assert user["who"]["identifier"]["value"] == "sygpl-17"
    assert user["who"]["display"] == "Test Sygeplejerske"
    assert user["network"]["address"] == "ws-vejen-3"
    assert "TREAT" in _codes(user["purposeOfUse"])
    client = next(a for a in ev["agent"] if not a.get("requestor"))
    assert {"110153", "110150"} <= {c["code"] for c in client["type"]["coding"]}
    assert client["who"]["display"] == "sjtui"
    patient = ev["entity"][0]
    assert patient["type"]["code"] == "1" and patient["role"]["code"] == "1"
    assert patient["what"]["reference"] == "Patient/mikkel"
    assert patient["what"]["identifier"] == {
        "system": "urn:oid:1.2.208.176.1.2",
        "value": "1405863457",
    }
    assert ev["source"]["observer"]["display"] == "ws-vejen-3 / Vejen Kommune"
    assert _detail(ev)["sjtui-reason"] == "opfølgning efter udskrivelse"


def test_basis_reason_pane_and_document_travel_with_the_event() -> None:
    kinds = {e.kind: e for e in _all_kinds()}
    opened = to_audit_event(kinds["open"])
    assert _detail(opened)["sjtui-basis"] == "current-treatment"
    assert opened["purposeOfEvent"][0]["text"].endswith("opfølgning efter udskrivelse")
    assert _detail(to_audit_event(kinds["offline-open"]))["sjtui-basis"] == "consent"
    assert _detail(to_audit_event(kinds["pane-view"]))["sjtui-pane"] == "Laboratoriesvar"
    body = to_audit_event(kinds["body-view"])
    assert body["entity"][1]["what"]["reference"] == "DocumentReference/note-7"
    assert body["entity"][1]["role"]["code"] == "4"
    assert _detail(body)["sjtui-private-revealed"] == "true"
    # after break-the-glass, every read carries BTG and ETREAT besides TREAT
    assert _codes(_user(body)["purposeOfUse"]) == {"TREAT", "BTG", "ETREAT"}
    assert _codes(_user(opened)["purposeOfUse"]) == {"TREAT"}


def test_break_glass_is_a_security_alert() -> None:
    entry = next(e for e in _all_kinds() if e.kind == "break-glass")
    ev = to_audit_event(entry)
    assert ev["type"] == {"system": DCM, "code": "110113", "display": "Security Alert"}
    assert ev["subtype"][0]["system"] == DCM and ev["subtype"][0]["code"] == "110127"
    assert _codes(_user(ev)["purposeOfUse"]) >= {"BTG", "ETREAT"}
    assert ev["purposeOfEvent"][0]["text"] == "akut forværring, skal kende medicin"
    assert _detail(ev)["sjtui-break-glass-reason"] == "akut forværring, skal kende medicin"
    assert ev["recorded"] == "2026-11-24T09:15:30.000Z"


def test_search_follows_balp_patient_query() -> None:
    entry = next(e for e in _all_kinds() if e.kind == "search")
    ev = to_audit_event(entry)
    assert ev["subtype"][0]["code"] == "search-type" and ev["action"] == "E"
    query = next(e for e in ev["entity"] if e["role"]["code"] == "24")
    assert base64.b64decode(query["query"]).decode().startswith("Patient?identifier=")


def test_event_names_itself_by_entry_id() -> None:
    entry = _all_kinds()[0]
    ev = to_audit_event(entry)
    assert ev["id"] == entry.entry_id
    tag = ev["meta"]["tag"][0]
    assert tag["code"].replace("urn:uuid:", "").replace("-", "") == entry.entry_id
    server = to_audit_event(entry, server="https://fhir.example.org/r4")
    assert any(c["code"] == "110152" for a in server["agent"] for c in a["type"]["coding"])

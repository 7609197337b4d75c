"""The medication card's change history (issue #13), built from FHIR R4 resources as any
conformant server holds them: versions chained by priorPrescription / partOf / basedOn, with
status, statusReason, period, source and notes. Known, known without changes, not known."""

from __future__ import annotations

from datetime import date

from sjtui.record.medication_history import history
from sjtui.record.model import Gap, ListState

from fhir_builders import build, cc, ref, res

ATC = "http://www.whocc.no/atc"
HOSTILE = "[bold red]øget[/] \x1b[31mdosis\x1b]0;titel\x07 :warning:"


def _drug(name: str, atc: str = "N02AA01") -> dict:
    return {"text": name, "coding": [{"system": ATC, "code": atc}]}


def statement(rid: str, status: str, start: str, *, end: str = "", dosage: str = "1 tablet", **fields) -> dict:
    period = {"start": start, **({"end": end} if end else {})}
    return res(
        "MedicationStatement",
        rid,
        status=status,
        medicationCodeableConcept=fields.pop("drug", _drug('Morfin "Alternova" depottabletter 5 mg')),
        effectivePeriod=period,
        dosage=[{"text": dosage}],
        reasonCode=[cc("Åndenød")],
        informationSource=ref("Organization/ouh-lung", "Lunge J"),
        **fields,
    )


def request(rid: str, status: str, authored: str, dosage: str, **fields) -> dict:
    return res(
        "MedicationRequest",
        rid,
        status=status,
        intent="order",
        authoredOn=authored,
        medicationCodeableConcept=_drug("Bufomix Easyhaler 160/4,5 mikrog/dosis", "R03AK07"),
        dosageInstruction=[{"text": dosage}],
        requester=ref("Practitioner/dr1", "Overlæge Henrik Bøgvad"),
        **fields,
    )


def test_a_prescription_chain_is_one_row_whose_history_names_each_dose_change_newest_first() -> None:
    record = build(
        request("r1", "completed", "2019-03-01", "1 inhalation 2 gange dagligt", statusReason=cc("Øget effekt ønskes")),
        request(
            "r2",
            "stopped",
            "2022-05-10",
            "2 inhalationer 2 gange dagligt",
            priorPrescription=ref("MedicationRequest/r1"),
            statusReason=cc("Nedtrappes efter kontrol"),
        ),
        request(
            "r3", "active", "2025-03-12", "1 inhalation 2 gange dagligt", priorPrescription=ref("MedicationRequest/r2")
        ),
    )
    items = record.medication.items
    assert [i.resource_key for i in items] == ["MedicationRequest/r3"]  # earlier versions folded
    hist = history(items[0], record.medication)
    assert hist.known and not hist.no_changes
    assert [(c.kind, c.when) for c in hist.changes] == [
        ("changed", date(2025, 3, 12)),
        ("changed", date(2022, 5, 10)),
        ("started", date(2019, 3, 1)),
    ]
    newest = hist.changes[0]
    assert (newest.before, newest.after) == ("2 inhalationer 2 gange dagligt", "1 inhalation 2 gange dagligt")
    assert newest.reason == "Nedtrappes efter kontrol"  # why the earlier version ended
    assert newest.practitioner == "Overlæge Henrik Bøgvad" and "Overlæge Henrik Bøgvad" in newest.by()
    assert hist.changes[1].reason == "Øget effekt ønskes"
    assert hist.last_change == newest


def test_paused_resumed_and_stopped_with_their_reasons_and_who() -> None:
    record = build(
        statement("s1", "completed", "2025-03-17", dosage="5 mg 2 gange dagligt"),
        statement(
            "s2",
            "on-hold",
            "2025-06-01",
            dosage="5 mg 2 gange dagligt",
            partOf=[ref("MedicationStatement/s1")],
            statusReason=[cc("Obstipation")],
        ),
        statement(
            "s3",
            "stopped",
            "2025-06-20",
            end="2025-09-01",
            dosage="5 mg 2 gange dagligt",
            partOf=[ref("MedicationStatement/s2")],
            statusReason=[cc("Ikke længere behov")],
            note=[{"text": "Genoptaget efter aftale", "authorString": "Læge Maria Kjærsgaard"}],
        ),
    )
    (entry,) = record.medication.items
    assert entry.status == "stopped"
    hist = history(entry, record.medication)
    assert [(c.kind, c.when, c.reason) for c in hist.changes] == [
        ("stopped", date(2025, 9, 1), "Ikke længere behov"),
        ("resumed", date(2025, 6, 20), "Genoptaget efter aftale"),
        ("paused", date(2025, 6, 1), "Obstipation"),
        ("started", date(2025, 3, 17), "Åndenød"),
    ]
    assert hist.changes[0].practitioner == "Læge Maria Kjærsgaard"
    assert hist.changes[-1].source.department == "Lungemedicinsk afdeling J"
    assert "Odense Universitetshospital" in hist.changes[-1].by()


def test_a_drug_never_changed_is_known_without_changes() -> None:
    record = build(statement("s1", "active", "2019-03-20"))
    hist = history(record.medication.items[0], record.medication)
    assert record.medication.state is ListState.KNOWN
    assert hist.known and hist.no_changes and hist.last_change is None
    assert [c.kind for c in hist.changes] == ["started"]


def test_a_single_paused_entry_tells_its_pause_and_why() -> None:
    record = build(
        statement("s1", "on-hold", "2025-12-01", dateAsserted="2026-10-05", statusReason=[cc("Usikker effekt")])
    )
    hist = history(record.medication.items[0], record.medication)
    assert [(c.kind, c.when, c.reason) for c in hist.changes] == [
        ("paused", date(2026, 10, 5), "Usikker effekt"),
        ("started", date(2025, 12, 1), "Åndenød"),
    ]


def test_a_failed_or_partial_search_leaves_the_history_not_known_never_without_changes() -> None:
    record = build(statement("s1", "active", "2019-03-20"))
    data = record.medication.__class__(
        items=record.medication.items, loaded=True, gaps=(Gap("partial", "MedicationStatement", missing=3),)
    )
    hist = history(data.items[0], data)
    assert not hist.known and not hist.no_changes
    assert hist.why_unknown == ("partial",)


def test_a_search_that_failed_outright_is_not_known_with_its_reason() -> None:
    record = build(statement("s1", "active", "2019-03-20"))
    failed = record.medication.__class__(items=record.medication.items, loaded=True, error="timeout")
    assert history(failed.items[0], failed).why_unknown == ("failed",)


def test_an_earlier_version_named_but_not_received_leaves_the_history_not_known() -> None:
    record = build(
        request("r2", "active", "2025-03-12", "2 inhalationer", priorPrescription=ref("MedicationRequest/gone"))
    )
    hist = history(record.medication.items[0], record.medication)
    assert record.medication.state is ListState.KNOWN  # the list itself is complete
    assert not hist.known and hist.why_unknown == ("missing-earlier",)
    assert not hist.no_changes


def test_a_statement_based_on_its_prescription_is_one_row() -> None:
    record = build(
        request("r1", "active", "2024-01-08", "1 inhalation 2 gange dagligt"),
        statement(
            "s1",
            "active",
            "2024-02-01",
            drug=_drug("Bufomix Easyhaler 160/4,5 mikrog/dosis", "R03AK07"),
            dosage="2 inhalationer 2 gange dagligt",
            basedOn=[ref("MedicationRequest/r1")],
        ),
    )
    (entry,) = record.medication.items
    assert entry.resource_key == "MedicationStatement/s1"
    assert [c.kind for c in history(entry, record.medication).changes] == ["changed", "started"]


def test_versions_linked_in_a_circle_still_map_each_once() -> None:
    record = build(
        request("a", "stopped", "2024-01-01", "1", priorPrescription=ref("MedicationRequest/b")),
        request("b", "active", "2025-01-01", "2", priorPrescription=ref("MedicationRequest/a")),
    )
    (entry,) = record.medication.items
    assert len(entry.earlier) == 1
    assert len(history(entry, record.medication).changes) >= 2


def test_hostile_text_in_reasons_is_kept_as_given_for_literal_display() -> None:
    record = build(statement("s1", "stopped", "2025-01-01", end="2025-02-01", statusReason=[cc(HOSTILE)]))
    hist = history(record.medication.items[0], record.medication)
    assert hist.changes[0].kind == "stopped" and hist.changes[0].reason == HOSTILE


def test_linked_medication_carries_its_admission() -> None:
    record = build(statement("s1", "active", "2025-01-01", context=ref("Encounter/e1")))
    assert record.medication.items[0].course_key == "Encounter/e1"

"""Week/range export of look-ups for the municipality's audit; supervisor's review marks."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import (
    AuditEntry,
    AuditJournal,
    ExportError,
    ReviewStore,
    export_range,
    export_week,
)
from sjtui.crypto.aead import Sealer

KEY = Sealer(bytes(32))
NURSE = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")
DOCTOR = Clinician("laege-2", "Test Læge", "Vejen Kommune", "ws-vejen-9")


def _grant(clin: Clinician, patient: str, cpr: str, reason: str, basis=Basis.CONSENT):
    return make_grant(patient_id=patient, cpr=cpr, basis=basis, reason=reason, clinician=clin)


@pytest.fixture
def journal(tmp_path: Path) -> AuditJournal:
    """Week 2026-W48 runs 23-29 Nov 2026 in Danish time (CET, UTC+1)."""
    j = AuditJournal(tmp_path / "audit", KEY)
    before = _grant(NURSE, "inge", "2311411128", "sidst i uge 47")
    j.append(AuditEntry.opening(before, at=datetime(2026, 11, 22, 22, 30, tzinfo=UTC)))  # 23:30 local Sun
    poul = _grant(NURSE, "poul", "1203541237", "hjemmebesøg, ilt")
    t0 = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # 00:30 Monday local time: in W48
    j.append(AuditEntry.search(NURSE, "Patient?identifier=...|1203541237", at=t0 - timedelta(minutes=1)))
    j.append(AuditEntry.opening(poul, at=t0))
    j.append(AuditEntry.pane_view(poul, "Overblik", at=t0 + timedelta(seconds=5)))
    j.append(AuditEntry.pane_view(poul, "Laboratoriesvar", at=t0 + timedelta(seconds=9)))
    j.append(AuditEntry.pane_view(poul, "Overblik", at=t0 + timedelta(seconds=20)))
    j.append(AuditEntry.body_view(poul, "Journal", "DocumentReference/n1", at=t0 + timedelta(seconds=30)))
    mikkel = _grant(
        DOCTOR,
        "mikkel",
        "1405863457",
        '=HYPERLINK("http://x")',
        Basis.CURRENT_TREATMENT,
    )
    t1 = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    j.append(AuditEntry.opening(mikkel, offline=True, at=t1))
    bg = mikkel.with_break_glass("-akut, skal se psykiatrisk medicin", at=t1 + timedelta(minutes=2))
    j.append(AuditEntry.break_glass(bg))
    j.append(AuditEntry.pane_view(bg, "Medicin", at=t1 + timedelta(minutes=3)))
    after = _grant(DOCTOR, "lars", "0408572349", "mandag uge 49")
    j.append(AuditEntry.opening(after, at=datetime(2026, 11, 29, 23, 30, tzinfo=UTC)))  # Mon 00:30 W49
    return j


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_week_csv_has_one_row_per_opening_with_panes_aggregated(
    journal: AuditJournal,
) -> None:
    rows = _csv_rows(export_week(journal, "2026-W48", "csv"))
    assert [r["cpr"] for r in rows] == ["1203541237", "1405863457"]
    poul, mikkel = rows
    assert poul["time"] == "2026-11-23T00:30:00+01:00"
    assert poul["clinician_id"] == "sygpl-17" and poul["clinician_name"] == "Test Sygeplejerske"
    assert poul["organisation"] == "Vejen Kommune" and poul["workstation"] == "ws-vejen-3"
    assert poul["basis"] == "consent" and poul["reason"] == "hjemmebesøg, ilt"
    assert poul["panes_viewed"] == "Overblik, Laboratoriesvar, Journal"
    assert poul["documents_opened"] == "1"
    assert (poul["break_glass"], poul["private_revealed"], poul["offline"]) == (
        "no",
        "no",
        "no",
    )
    assert mikkel["basis"] == "current-treatment" and mikkel["offline"] == "yes"
    assert mikkel["break_glass"] == "yes" and mikkel["private_revealed"] == "yes"
    assert mikkel["panes_viewed"] == "Medicin"
    assert len(poul["entry_id"]) == 32


def test_csv_cells_cannot_become_formulas(journal: AuditJournal) -> None:
    text = export_week(journal, "2026-W48", "csv")
    mikkel = _csv_rows(text)[1]
    assert mikkel["reason"] == '\'=HYPERLINK("http://x")'
    assert mikkel["break_glass_reason"] == "'-akut, skal se psykiatrisk medicin"
    assert '"\'=HYPERLINK(""http://x"")"' in text  # quoted properly, quotes doubled


def test_week_json_is_a_list_of_objects(journal: AuditJournal) -> None:
    data = json.loads(export_week(journal, "2026-W48", "json"))
    assert len(data) == 2
    assert data[1]["break_glass"] is True
    assert data[1]["break_glass_reason"] == "-akut, skal se psykiatrisk medicin"  # JSON is not a sheet
    assert data[1]["reason"].startswith("=HYPERLINK")
    assert set(data[0]) >= {
        "time",
        "clinician_id",
        "cpr",
        "basis",
        "reason",
        "panes_viewed",
        "entry_id",
    }


def test_range_export_uses_danish_days_inclusive(journal: AuditJournal) -> None:
    rows = _csv_rows(export_range(journal, date(2026, 11, 22), date(2026, 11, 22), "csv"))
    assert [r["reason"] for r in rows] == ["sidst i uge 47"]
    rows = _csv_rows(export_range(journal, date(2026, 11, 23), date(2026, 11, 30), "csv"))
    assert len(rows) == 3


def test_summer_time_boundary(tmp_path: Path) -> None:
    j = AuditJournal(tmp_path / "a", KEY)
    g = _grant(NURSE, "poul", "1203541237", "sommer")
    j.append(AuditEntry.opening(g, at=datetime(2026, 6, 28, 22, 30, tzinfo=UTC)))  # Mon 00:30 CEST
    rows = json.loads(export_week(j, "2026-W27", "json"))
    assert rows[0]["time"] == "2026-06-29T00:30:00+02:00"
    assert json.loads(export_week(j, "2026-W26", "json")) == []


@pytest.mark.parametrize("week", ["2026-48", "W48", "2026-W54", ""])
def test_bad_week_is_refused_plainly(journal: AuditJournal, week: str) -> None:
    with pytest.raises(ExportError):
        export_week(journal, week, "csv")


def test_review_marks_are_sealed_and_last_mark_wins(journal: AuditJournal, tmp_path: Path) -> None:
    rows = json.loads(export_week(journal, "2026-W48", "json"))
    store = ReviewStore(tmp_path / "review" / "marks.jsonl", KEY)
    store.mark(rows[0]["entry_id"], False, "first thought", "Leder A")
    store.mark(rows[0]["entry_id"], True, "hjemmebesøg bekræftet i EOJ", "Leder A")
    store.mark(rows[1]["entry_id"], False, "ingen aftale i kalenderen", "Leder A")
    marks = ReviewStore(tmp_path / "review" / "marks.jsonl", KEY).marks()
    assert marks[rows[0]["entry_id"]].justified is True
    assert marks[rows[1]["entry_id"]].comment == "ingen aftale i kalenderen"
    raw = (tmp_path / "review" / "marks.jsonl").read_bytes()
    assert b"kalenderen" not in raw and b"Leder" not in raw


def test_acknowledgement_report(journal: AuditJournal, tmp_path: Path) -> None:
    rows = json.loads(export_week(journal, "2026-W48", "json"))
    store = ReviewStore(tmp_path / "marks.jsonl", KEY)
    report = store.acknowledgement_report(journal, "2026-W48", "Leder A", lang="en")
    assert "Look-ups: 2" in report and "Not reviewed: 2" in report
    store.mark(rows[1]["entry_id"], False, "ingen aftale i kalenderen", "Leder A")
    report = store.acknowledgement_report(journal, "2026-W48", "Leder A", lang="en")
    assert "Justified: 0" in report and "Not justified: 1" in report and "Not reviewed: 1" in report
    assert "23.11.2026 to 29.11.2026" in report
    unjust = report.split("## Look-ups not justified")[1].split("##")[0]
    assert "1405863457" in unjust and "ingen aftale i kalenderen" in unjust
    assert "Test Læge (laege-2)" in unjust and "break-the-glass" in unjust
    da = store.acknowledgement_report(journal, "2026-W48", "Leder A")
    assert "Ikke berettigede: 1" in da and "Leder A" in da

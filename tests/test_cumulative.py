"""The cumulative lab table: analyses by panel, sampling times newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from sjtui.record.cumulative import build_cumulative, panel_of
from sjtui.record.entries import LabResult
from sjtui.record.model import Source

from clinical_records import fixture_record
from ui_fakes import poul_record


def _single(key: str, when: datetime | None, code: str, name: str, value: str) -> LabResult:
    return LabResult(
        resource_key=key,
        date=when,
        source=Source(),
        private=False,
        course_key="",
        kind="single",
        code=code,
        code_system="",
        name=name,
        value=value,
        numeric=float(value),
        unit="mmol/l",
        reference=None,
        flag="",
    )


def test_poul_grouped_by_panel_newest_time_first() -> None:
    table = build_cumulative(fixture_record("poul").labs.items)
    panels = [g.panel for g in table.groups]
    assert panels[:5] == ["bloodgas", "spirometry", "electrolytes", "kidney", "infection"]
    assert list(table.times) == sorted(table.times, reverse=True)
    spirometry = next(g for g in table.groups if g.panel == "spirometry")
    names = [r.name for r in spirometry.rows]
    assert names[:3] == ["FEV1", "FVC", "FEV1/FVC"] and "FEV1 % af forventet" in names
    fev1 = spirometry.rows[0]
    assert [c.text for c in fev1.cells if c][:2] == ["0.81", "0.88"]
    assert fev1.unit == "l"
    electrolytes = next(g for g in table.groups if g.panel == "electrolytes")
    assert [r.name for r in electrolytes.rows] == ["P-Natrium", "P-Kalium"]


def test_microbiology_stays_in_the_list() -> None:
    table = build_cumulative(poul_record().labs.items)
    names = {r.name for g in table.groups for r in g.rows}
    assert "Ekspektorat, dyrkning" not in names
    assert {"P-Kalium", "pH", "pCO2"} <= names


def test_same_minute_is_one_column_doubles_and_undated_are_counted() -> None:
    at = datetime(2026, 1, 1, 8, 0, 12, tzinfo=UTC)
    labs = [
        _single("Observation/1", at, "NPU03230", "P-Kalium", "4.0"),
        _single("Observation/2", at.replace(second=40), "NPU03429", "P-Natrium", "140"),
        _single("Observation/3", at.replace(second=50), "NPU03230", "P-Kalium", "4.4"),
        _single("Observation/4", None, "NPU03230", "P-Kalium", "4.1"),
    ]
    table = build_cumulative(labs)
    assert len(table.times) == 1
    assert table.doubles == 1 and table.undated == 1


def test_max_columns_keeps_the_newest() -> None:
    table = build_cumulative(fixture_record("poul").labs.items, max_columns=3)
    assert len(table.times) == 3
    everything = build_cumulative(fixture_record("poul").labs.items)
    assert table.times == everything.times[:3]
    assert all(len(r.cells) == 3 for g in table.groups for r in g.rows)


def test_panel_by_code_else_by_the_panel_it_came_in() -> None:
    assert panel_of("NPU18016", "single") == "kidney"
    assert panel_of("", "spirometry") == "spirometry"
    assert panel_of("XYZ", "single") == "other"

"""Series over time across the record: labs, panel members (FEV1 in spirometry), home."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sjtui.record.entries import HomeMeasurement, LabComponent, LabResult, ReferenceRange
from sjtui.record.model import PaneData, Source
from sjtui.record.trends import all_series, build_series, home_row_key, lab_row_key, series_for, series_key

from clinical_records import fixture_record
from ui_fakes import poul_record

KALIUM_RANGE = ReferenceRange(3.5, 4.6, "")


def _lab(
    key: str, when: datetime | None, value: float, *, unit: str = "mmol/l", ref: ReferenceRange | None = KALIUM_RANGE
) -> LabResult:
    return LabResult(
        resource_key=key,
        date=when,
        source=Source("OUH"),
        private=False,
        course_key="",
        kind="single",
        code="NPU03230",
        code_system="",
        name="P-Kalium",
        value=f"{value:g}",
        numeric=value,
        unit=unit,
        reference=ref,
        flag="",
    )


def test_fev1_series_from_poul_spirometry_panels_oldest_first() -> None:
    series = series_for(fixture_record("poul"), "20150-9")
    assert series is not None
    assert series.name == "FEV1" and series.unit == "l" and series.kind == "lab"
    assert [p.text for p in series.points] == ["1.02", "1", "1.28", "1.2", "1.15", "1.05", "0.92", "0.88", "0.81"]
    assert series.latest.when.date().isoformat() == "2026-10-05"
    assert round(series.change, 2) == -0.07
    assert series.band is None and series.left_out == 0


def test_home_spo2_series_has_the_threshold_as_its_band() -> None:
    series = series_for(fixture_record("poul"), "59408-5")
    assert series.kind == "home" and series.band_kind == "threshold"
    assert (series.band.low, series.band.high) == (88.0, 100.0)
    assert len(series.points) == 45


def test_a_member_without_a_code_is_found_by_its_folded_name() -> None:
    series = all_series(fixture_record("poul"))
    assert series_key("", "FEV1 % af forventet") in series
    assert series_key("", " Vægt ") == "name:vaegt"


def test_undated_other_unit_and_implausible_values_are_left_out_and_counted() -> None:
    values_at = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    labs = (
        _lab("Observation/1", values_at(2026, 1, 1), 4.0),
        _lab("Observation/2", None, 4.1),
        _lab("Observation/3", values_at(2026, 2, 1), 4100, unit="umol/l"),
        _lab("Observation/4", values_at(2026, 3, 1), 1e308),
        _lab("Observation/5", values_at(2026, 4, 1), 3.2),
    )
    record = replace(poul_record(), labs=PaneData(labs, loaded=True), home=PaneData(loaded=True))
    series = series_for(record, "NPU03230")
    assert [p.value for p in series.points] == [4.0, 3.2]
    assert series.left_out == 3


def test_an_inverted_reference_range_is_not_drawn_as_a_band() -> None:
    lab = _lab("Observation/1", datetime(2026, 1, 1, tzinfo=UTC), 4.0, ref=ReferenceRange(10, 2, ""))
    series = build_series([])  # nothing numeric: no series
    assert series is None
    record = replace(poul_record(), labs=PaneData((lab,), loaded=True))
    assert series_for(record, "NPU03230").band is None


def test_row_keys_for_panels_members_and_home() -> None:
    comp = LabComponent("2744-1", "pH", "7,32", 7.32, "", None, "L")
    text = LabComponent("", "Udseende", "Klar", None, "", None, "")
    panel = LabResult(
        resource_key="Observation/p",
        date=None,
        source=Source(),
        private=False,
        course_key="",
        kind="bloodgas",
        code="24336-0",
        code_system="",
        name="Blodgas",
        value="",
        numeric=None,
        unit="",
        reference=None,
        flag="",
        components=(text, comp),
    )
    assert lab_row_key(panel) == "2744-1"  # a panel row: its first numeric member
    assert lab_row_key(panel, 0) is None and lab_row_key(panel, 1) == "2744-1"
    assert lab_row_key(panel, 7) is None
    home = poul_record().home.items[0]
    assert home_row_key(home) == "59408-5"
    assert home_row_key(replace(home, numeric=None)) is None
    assert isinstance(home, HomeMeasurement)

"""Series of numeric values over time, for trend plots and mini-trends (headless).

A series gathers every numeric value of one analysis or home measurement across the record:
single lab results, the members of panels (FEV1 inside a spirometry panel, pCO2 inside a
blood gas) and home measurements. An analysis is identified by its code (NPU/LOINC) and,
when a value has no code, by its folded name (`series_key`).

Values are kept honest: a value without a date cannot be placed in time, a value in another
unit than the series' latest cannot share its axis, and an implausible number (see
`sjtui.record.plausibility`) is not plotted; each is counted so the UI can say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sjtui.record.entries import HomeMeasurement, LabResult, ReferenceRange
from sjtui.record.model import Record
from sjtui.record.plausibility import implausible_number, inverted_range
from sjtui.record.textsearch import fold


@dataclass(frozen=True, slots=True)
class TrendPoint:
    when: datetime
    value: float
    text: str  # the value as sent ("0.81"): its precision is the sender's
    flag: str
    resource_key: str
    source: str


@dataclass(frozen=True, slots=True)
class TrendSeries:
    key: str
    name: str
    unit: str
    kind: str  # "lab" | "home"
    points: tuple[TrendPoint, ...]  # oldest first
    band: ReferenceRange | None  # the latest reference range (labs) or threshold (home)
    left_out: int = 0  # numeric values not plotted: undated, another unit or implausible
    # Values sent as a pair ("142/88", blood pressure): the number plotted is the first
    # (systolic); the texts keep both.
    pairs: bool = False

    @property
    def latest(self) -> TrendPoint | None:
        return self.points[-1] if self.points else None

    @property
    def previous(self) -> TrendPoint | None:
        return self.points[-2] if len(self.points) > 1 else None

    @property
    def change(self) -> float | None:
        """Latest minus previous value, None with fewer than two points."""
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def band_kind(self) -> str:
        return "threshold" if self.kind == "home" else "reference"


@dataclass(frozen=True, slots=True)
class _Value:
    key: str
    name: str
    unit: str
    kind: str
    when: datetime | None
    numeric: float | None
    text: str
    flag: str
    reference: ReferenceRange | None
    resource_key: str
    source: str


def series_key(code: str, name: str) -> str:
    """The identity of an analysis: its code, else "name:" and its folded name."""
    code = code.strip()
    return code if code else "name:" + fold(name.strip())


def _lab_values(lab: LabResult) -> Iterator[_Value]:
    source = lab.source.label()
    if lab.kind != "microbiology" and (lab.numeric is not None or not lab.components):
        yield _Value(
            series_key(lab.code, lab.name),
            lab.name,
            lab.unit,
            "lab",
            lab.date,
            lab.numeric,
            lab.value,
            lab.flag,
            lab.reference,
            lab.resource_key,
            source,
        )
    for comp in lab.components:
        yield _Value(
            series_key(comp.code, comp.name),
            comp.name,
            comp.unit,
            "lab",
            lab.date,
            comp.numeric,
            comp.value,
            comp.flag,
            comp.reference,
            lab.resource_key,
            source,
        )


def _home_value(m: HomeMeasurement) -> _Value:
    return _Value(
        series_key(m.code, m.name),
        m.name,
        m.unit,
        "home",
        m.date,
        m.numeric,
        m.value,
        m.flag,
        m.reference,
        m.resource_key,
        m.device or m.source.label(),
    )


def _values(record: Record) -> Iterator[_Value]:
    for lab in record.labs.items:
        yield from _lab_values(lab)
    for m in record.home.items:
        yield _home_value(m)


def _moment(value: _Value) -> float:
    return value.when.timestamp() if value.when is not None else 0.0


def _same_unit(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def build_series(values: list[_Value]) -> TrendSeries | None:
    """One series from the values of one analysis (any order); None without numbers."""
    numeric = [v for v in values if v.numeric is not None]
    if not numeric:
        return None
    dated = sorted((v for v in numeric if v.when is not None), key=_moment)
    newest = dated[-1] if dated else numeric[0]
    points: list[TrendPoint] = []
    for v in dated:
        if (
            v.when is None
            or v.numeric is None
            or not _same_unit(v.unit, newest.unit)
            or implausible_number(v.numeric, v.unit, v.key)
        ):
            continue
        points.append(
            TrendPoint(
                when=v.when, value=v.numeric, text=v.text, flag=v.flag, resource_key=v.resource_key, source=v.source
            )
        )
    band = newest.reference
    if band is not None and (inverted_range(band.low, band.high) or (band.low is None and band.high is None)):
        band = None  # an inverted range cannot be drawn as a band; the table shows it marked
    return TrendSeries(
        key=newest.key,
        name=newest.name,
        unit=newest.unit,
        kind=newest.kind,
        points=tuple(points),
        band=band,
        left_out=len(numeric) - len(points),
        pairs=any("/" in p.text for p in points),
    )


def series_for(record: Record, key: str) -> TrendSeries | None:
    """The series of one analysis across the record (labs, panel members, home)."""
    return build_series([v for v in _values(record) if v.key == key])


def all_series(record: Record) -> dict[str, TrendSeries]:
    """Every analysis with at least one numeric value, by key."""
    grouped: dict[str, list[_Value]] = {}
    for value in _values(record):
        grouped.setdefault(value.key, []).append(value)
    out: dict[str, TrendSeries] = {}
    for key, values in grouped.items():
        series = build_series(values)
        if series is not None and series.points:
            out[key] = series
    return out


def lab_row_key(lab: LabResult, component: int | None = None) -> str | None:
    """The series key behind a lab list row: the result itself, one of its components, or
    (for a panel row) its first numeric component. None when the row has no number."""
    if component is not None:
        if 0 <= component < len(lab.components):
            comp = lab.components[component]
            return series_key(comp.code, comp.name) if comp.numeric is not None else None
        return None
    if lab.numeric is not None:
        return series_key(lab.code, lab.name)
    for comp in lab.components:
        if comp.numeric is not None:
            return series_key(comp.code, comp.name)
    return None


def home_row_key(measurement: HomeMeasurement) -> str | None:
    if measurement.numeric is None:
        return None
    return series_key(measurement.code, measurement.name)

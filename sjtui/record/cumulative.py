"""The cumulative lab table (kumulativ visning), headless.

Analyses are rows, sampling times are columns (newest first); rows are grouped by panel:
blood gas, spirometry, electrolytes, kidney, infection, blood count, liver, metabolic, and
the rest. Panel membership comes from code lists (NPU, LOINC, the Danish DNK codes) and,
for members without a code (e.g. "FEV1 % af forventet"), from the kind of panel they were
sent in. Microbiology is not a number over time and stays in the list view (organism and
S/I/R table). Values are kept as sent (the UI formats them); two values of one analysis at
one time keep the first (newest in the record's order) and count the other as `doubles`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sjtui.record.entries import LabResult, ReferenceRange
from sjtui.record.trends import series_key

# Panel id -> codes, in the order rows are shown.
PANEL_CODES: dict[str, tuple[str, ...]] = {
    "bloodgas": (
        "2744-1",
        "2019-8",
        "2703-7",
        "2708-6",
        "1925-7",
        "1960-4",
        "2524-7",
        "NPU12119",
        "NPU12579",
        "NPU12544",
        "NPU03011",
        "NPU12603",
        "NPU01933X",
    ),
    "spirometry": ("20150-9", "19870-5", "19926-5", "19911-7"),
    "electrolytes": ("NPU03429", "NPU03230", "NPU01443", "NPU02647", "NPU03096", "2951-2", "2823-3", "NPU04143"),
    "kidney": ("NPU18016", "DNK35302", "NPU01459", "NPU19661", "2160-0", "33914-3"),
    "infection": ("NPU19748", "NPU02593", "NPU02902", "NPU01933", "NPU19633", "1988-5", "6690-2"),
    "blood": ("NPU02319", "NPU03568", "NPU01685", "NPU19763", "NPU01700", "718-7", "777-3"),
    "liver": ("NPU19651", "NPU27783", "NPU01370", "NPU19673"),
    "metabolic": (
        "NPU27300",
        "NPU02192",
        "NPU01566",
        "NPU10171",
        "NPU01567",
        "NPU04094",
        "NPU03577",
        "NPU21571",
        "NPU10267",
        "NPU19656",
    ),
}
PANEL_ORDER: tuple[str, ...] = (*PANEL_CODES, "other")
_BY_KIND = {"bloodgas": "bloodgas", "spirometry": "spirometry"}
_CODE_PANEL = {code: panel for panel, codes in PANEL_CODES.items() for code in codes}
_CODE_ORDER = {code: n for codes in PANEL_CODES.values() for n, code in enumerate(codes)}


@dataclass(frozen=True, slots=True)
class CumulativeCell:
    text: str  # as sent
    numeric: float | None
    flag: str
    resource_key: str


@dataclass(frozen=True, slots=True)
class CumulativeRow:
    key: str  # series key (code, or "name:" + folded name)
    code: str
    name: str
    unit: str
    reference: ReferenceRange | None  # the newest one given
    cells: tuple[CumulativeCell | None, ...]  # one per column of the table


@dataclass(frozen=True, slots=True)
class CumulativeGroup:
    panel: str  # an id of PANEL_ORDER
    rows: tuple[CumulativeRow, ...]


@dataclass(frozen=True, slots=True)
class CumulativeTable:
    times: tuple[datetime, ...]  # newest first
    groups: tuple[CumulativeGroup, ...]
    undated: int = 0  # values without a sampling time (cannot be placed in a column)
    doubles: int = 0  # second values of one analysis at one time (not shown)


@dataclass(frozen=True, slots=True)
class _Value:
    key: str
    code: str
    name: str
    unit: str
    when: datetime | None
    text: str
    numeric: float | None
    flag: str
    reference: ReferenceRange | None
    resource_key: str
    panel: str


@dataclass(slots=True)
class _RowBuild:
    first: _Value  # the newest value: its name, unit and reference range head the row
    cells: list[CumulativeCell | None]


def _moment(value: _Value) -> float:
    return value.when.timestamp() if value.when is not None else 0.0


def panel_of(code: str, parent_kind: str) -> str:
    return _CODE_PANEL.get(code) or _BY_KIND.get(parent_kind, "other")


def _values(labs: Sequence[LabResult]) -> Iterator[_Value]:
    for lab in labs:
        if lab.kind == "microbiology":
            continue
        if lab.value and not lab.components:
            yield _Value(
                series_key(lab.code, lab.name),
                lab.code,
                lab.name,
                lab.unit,
                lab.date,
                lab.value,
                lab.numeric,
                lab.flag,
                lab.reference,
                lab.resource_key,
                panel_of(lab.code, lab.kind),
            )
        for comp in lab.components:
            if not comp.value:
                continue
            yield _Value(
                series_key(comp.code, comp.name),
                comp.code,
                comp.name,
                comp.unit,
                lab.date,
                comp.value,
                comp.numeric,
                comp.flag,
                comp.reference,
                lab.resource_key,
                panel_of(comp.code, lab.kind),
            )


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def build_cumulative(labs: Sequence[LabResult], *, max_columns: int | None = None) -> CumulativeTable:
    """The cumulative table of `labs` (any order). `max_columns` keeps the newest times."""
    values = list(_values(labs))
    dated = [v for v in values if v.when is not None]
    times = sorted({_minute(v.when) for v in dated if v.when is not None}, key=datetime.timestamp, reverse=True)
    if max_columns is not None:
        times = times[:max_columns]
    column = {moment: n for n, moment in enumerate(times)}
    rows: dict[str, _RowBuild] = {}
    doubles = 0
    for v in sorted(dated, key=_moment, reverse=True):
        row = rows.setdefault(v.key, _RowBuild(v, [None] * len(times)))
        at = column.get(_minute(v.when)) if v.when is not None else None
        if at is None:
            continue
        if row.cells[at] is not None:
            doubles += 1
            continue
        row.cells[at] = CumulativeCell(v.text, v.numeric, v.flag, v.resource_key)
    grouped: dict[str, list[CumulativeRow]] = {}
    for row in rows.values():
        if not any(row.cells):
            continue
        first = row.first
        grouped.setdefault(first.panel, []).append(
            CumulativeRow(
                key=first.key,
                code=first.code,
                name=first.name,
                unit=first.unit,
                reference=first.reference,
                cells=tuple(row.cells),
            )
        )
    groups = tuple(
        CumulativeGroup(panel, tuple(sorted(grouped[panel], key=lambda r: (_CODE_ORDER.get(r.code, 999), r.name))))
        for panel in PANEL_ORDER
        if panel in grouped
    )
    return CumulativeTable(times=tuple(times), groups=groups, undated=len(values) - len(dated), doubles=doubles)

"""Cells shared by several panes: flags as text (colour only as a second signal)."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text

from sjtui.i18n import t
from sjtui.record.entries import ReferenceRange
from sjtui.record.plausibility import inverted_range
from sjtui.ui.formatting import fmt_range
from sjtui.ui.numbers import measure, ucum_display
from sjtui.ui.render import literal

_FLAG_STYLE = {
    "H": "bold red",
    "HH": "bold reverse red",
    "L": "bold cyan",
    "LL": "bold reverse cyan",
    "A": "bold yellow",
}
SUSPECT_STYLE = "bold reverse"  # seen without colour too
_SIR_STYLE = {"S": "green", "I": "yellow", "R": "bold red"}


def flag_cell(flag: str) -> Text:
    flag = flag.strip().upper()
    return Text(flag, style=_FLAG_STYLE.get(flag, ""), end="")


def sir_cell(result: str) -> Text:
    result = result.strip().upper()
    label = t(f"labs.sir.{result}") if result in ("S", "I", "R") else result
    return literal(label, _SIR_STYLE.get(result, ""))


def value_cell(value: str, flag: str, unit: str = "", numeric: float | None = None, code: str = "") -> Text:
    """A measured value in the reader's form (decimal comma, sensible precision); a value no
    analysis can have is marked "check source", never printed as if it were fine."""
    shown = measure(value, numeric, unit, code)
    if shown.suspect:
        return literal(f"{shown.text} {t('value.check_source')}", SUSPECT_STYLE)
    return literal(shown.text, "bold" if flag.strip() else "")


class Measured(Protocol):
    """A lab result, panel member or home measurement (frozen: read-only attributes)."""

    @property
    def value(self) -> str: ...
    @property
    def flag(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def numeric(self) -> float | None: ...
    @property
    def code(self) -> str: ...


def measured_cell(entry: Measured) -> Text:
    """`value_cell` of a lab result, panel member or home measurement."""
    return value_cell(entry.value, entry.flag, entry.unit, entry.numeric, entry.code)


def unit_cell(unit: str) -> Text:
    return literal(ucum_display(unit))


def range_cell(reference: ReferenceRange | None) -> Text:
    if reference is None:
        return Text("", end="")
    text = fmt_range(reference.low, reference.high, reference.text)
    if inverted_range(reference.low, reference.high):  # "10–2": low above high
        return literal(f"{text} {t('value.check_source')}", SUSPECT_STYLE)
    return literal(text)

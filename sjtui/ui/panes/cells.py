"""Cells shared by several panes: flags as text (colour only as a second signal)."""

from __future__ import annotations

from rich.text import Text

from sjtui.i18n import t
from sjtui.record.model import ReferenceRange
from sjtui.ui.formatting import fmt_range, fmt_value
from sjtui.ui.render import literal

_FLAG_STYLE = {"H": "bold red", "HH": "bold reverse red", "L": "bold cyan", "LL": "bold reverse cyan",
               "A": "bold yellow"}
_SIR_STYLE = {"S": "green", "I": "yellow", "R": "bold red"}


def flag_cell(flag: str) -> Text:
    flag = flag.strip().upper()
    return Text(flag, style=_FLAG_STYLE.get(flag, ""), end="")


def sir_cell(result: str) -> Text:
    result = result.strip().upper()
    label = t(f"labs.sir.{result}") if result in ("S", "I", "R") else result
    return literal(label, _SIR_STYLE.get(result, ""))


def value_cell(value: str, flag: str) -> Text:
    return literal(fmt_value(value), "bold" if flag.strip() else "")


def range_cell(reference: ReferenceRange | None) -> Text:
    if reference is None:
        return Text("", end="")
    return literal(fmt_range(reference.low, reference.high, reference.text))

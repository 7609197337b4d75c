"""Numbers and units as a Danish clinician reads them.

- Decimal comma in Danish, point in English, everywhere a number is shown.
- A value keeps the precision it was sent with, capped per unit: blood pressure and pulse
  are whole numbers, weight and height one decimal, anything else at most three decimals
  ("117.5398268/78.29818281 mm[Hg]" reads "118/78 mmHg").
- UCUM codes in their common printed form: "mm[Hg]" -> "mmHg", "10*9/L" -> "10^9/L",
  "10*3/uL" -> "10^3/µL", "{score}" -> "score", "Cel" -> "°C", "[pH]" -> "".
- A number no analysis can have (see `sjtui.record.plausibility`) is never formatted as if
  it were fine: `measure` says so, and the UI marks it "check source".
- Week numbers as "uge 48" / "week 48".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from sjtui.i18n import language, t
from sjtui.record.plausibility import implausible_number

MAX_DECIMALS = 3
# Decimal places that make sense per unit (as sent, case-insensitive).
_UNIT_DECIMALS: dict[str, int] = {
    "mm[hg]": 0,
    "mmhg": 0,
    "/min": 0,
    "slag/min": 0,
    "{beats}/min": 0,
    "min-1": 0,
    "kg": 1,
    "cm": 1,
    "cel": 1,
    "°c": 1,
}
_UCUM: dict[str, str] = {
    "mm[hg]": "mmHg",
    "cel": "°C",
    "[ph]": "",
    "{inr}": "INR",
    "[iu]": "IE",
    "[iu]/l": "IE/l",
    "/min": "/min",
    "{beats}/min": "slag/min",
    "1": "",
}
_NUMBER = re.compile(r"^\s*([<>≤≥]=?)?\s*(-?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?)\s*$")
_PAIR = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*/\s*(-?\d+(?:[.,]\d+)?)\s*$")
_POWER = re.compile(r"10\*(-?\d+)")


def decimals_of(text: str) -> int:
    """Decimal places in a number as written ("0.81" -> 2, "7" -> 0, "1e308" -> 0)."""
    match = _NUMBER.match(text or "")
    if not match:
        return 0
    number = match.group(2).lower()
    if "e" in number:
        return 0
    for mark in (".", ","):
        if mark in number:
            return len(number.split(mark, 1)[1])
    return 0


def fmt_decimal(value: float, decimals: int) -> str:
    """`value` with `decimals` places in the current language's decimal mark."""
    text = f"{value:.{max(0, decimals)}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text if language() == "en" else text.replace(".", ",")


def unit_decimals(unit: str) -> int:
    return _UNIT_DECIMALS.get(unit.strip().casefold(), MAX_DECIMALS)


def ucum_display(unit: str) -> str:
    """The common printed form of a UCUM unit (other units are returned as given)."""
    text = unit.strip()
    known = _UCUM.get(text.casefold())
    if known is not None:
        return known
    text = _POWER.sub(lambda m: f"10^{m.group(1)}", text)
    text = re.sub(r"\{([^{}]*)\}", r"\1", text)  # annotations: "{score}" -> "score"
    text = re.sub(r"(?<![A-Za-z])u(?=(?:mol|g|L|l|kat|IU)\b)", "µ", text)  # micro
    text = text.replace("[", "").replace("]", "")
    return text.strip()


@dataclass(frozen=True, slots=True)
class Shown:
    """A value ready to be shown; `suspect` when it must be checked at its source."""

    text: str
    suspect: bool = False


def _rounded(number: str, unit: str) -> str:
    value = float(number.replace(",", "."))
    return fmt_decimal(value, min(decimals_of(number), unit_decimals(unit)))


def measure(text: str, numeric: float | None = None, unit: str = "", code: str = "") -> Shown:
    """A measured value as text: rounded, in the language's decimal mark, or marked."""
    if numeric is not None and implausible_number(numeric, unit, code):
        return Shown(_compact(numeric), suspect=True)
    pair = _PAIR.match(text or "")
    if pair:  # blood pressure "142/88"
        first, second = (float(g.replace(",", ".")) for g in pair.groups())
        if implausible_number(first, unit, code) or implausible_number(second, unit, code):
            return Shown(text.strip(), suspect=True)
        return Shown(f"{_rounded(pair.group(1), unit)}/{_rounded(pair.group(2), unit)}")
    match = _NUMBER.match(text or "")
    if not match:
        return Shown(text)
    number = match.group(2)
    value = float(number.replace(",", "."))
    if not math.isfinite(value) or implausible_number(value, unit, code):
        return Shown(_compact(value), suspect=True)
    comparator = match.group(1) or ""
    return Shown(f"{comparator}{_rounded(number, unit)}")


def _compact(value: float) -> str:
    """A short form of an absurd number ("1e+308"), never all its digits."""
    return f"{value:.3g}"


def fmt_week(day: date | datetime) -> str:
    """The ISO week as a Dane says it ("uge 48"), or "week 48" in English."""
    return t("numbers.week", week=day.isocalendar().week)

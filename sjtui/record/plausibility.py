"""Rules that tell a value that can be shown from one that must be checked at its source.

Server data is untrusted and sometimes simply wrong: a value of 1e308, a reference range
with low above high ("10-2"), a result dated in the year 2999, an appointment that ends
before it starts, a PDF attachment offered as text, a 5,000-character dosage. None of these
may be formatted as if it were fine: the UI marks them "check source" or summarises them.
These are pure functions (no UI); `sjtui.ui.numbers` applies them where values are shown.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

# Largest magnitude any clinical value plausibly has (cell counts are sent as 10^9/L).
MAX_MAGNITUDE = 1e7
# Physically possible ranges by unit as sent (UCUM code or printed unit), inclusive.
_UNIT_RANGES: dict[str, tuple[float, float]] = {
    "mm[hg]": (0.0, 400.0),
    "mmhg": (0.0, 400.0),
    "/min": (0.0, 400.0),
    "slag/min": (0.0, 400.0),
    "{beats}/min": (0.0, 400.0),
    "kg": (0.0, 700.0),
    "g": (0.0, 700_000.0),
    "cm": (0.0, 300.0),
    "m": (0.0, 3.0),
    "cel": (10.0, 50.0),
    "°c": (10.0, 50.0),
    "kpa": (0.0, 200.0),
    "[ph]": (6.0, 8.0),
}
# Percentages that are fractions of a whole (saturations) cannot pass 100.
SATURATION_CODES = frozenset({"59408-5", "2708-6", "2713-6", "59417-6", "20564-1"})
# A date this far ahead of today cannot be a result, note or measurement.
FUTURE_SLACK = timedelta(days=1)
# No record date is after this year, whatever it is (appointments included).
LAST_PLAUSIBLE_YEAR = 2100
FIRST_PLAUSIBLE_YEAR = 1880
# Longest text shown in full in a list cell or the overview; longer is summarised.
LONG_TEXT = 500
TEXT_CONTENT_TYPES = ("text/", "application/json", "application/xml", "application/fhir")


def implausible_number(value: float | None, unit: str = "", code: str = "") -> bool:
    """True for a value no analysis can have (not finite, absurdly large, out of the
    physical range of its unit)."""
    if value is None:
        return False
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return True
    bounds = _UNIT_RANGES.get(unit.strip().casefold())
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        return True
    return code in SATURATION_CODES and not 0.0 <= value <= 100.0


def inverted_range(low: float | None, high: float | None) -> bool:
    """A reference range whose low limit is above its high limit ("10-2")."""
    return low is not None and high is not None and low > high


def implausible_date(moment: date | datetime | None, today: date, *, future_ok: bool = False) -> bool:
    """A date outside any record: before 1880, after 2100, or (for what has happened:
    results, notes, measurements) after tomorrow."""
    if moment is None:
        return False
    day = moment.date() if isinstance(moment, datetime) else moment
    if not FIRST_PLAUSIBLE_YEAR <= day.year <= LAST_PLAUSIBLE_YEAR:
        return True
    return not future_ok and day > today + FUTURE_SLACK


def ends_before_start(start: datetime | None, end: datetime | None) -> bool:
    if start is None or end is None:
        return False
    try:
        return end < start
    except TypeError:  # one aware, one naive: cannot be compared, so not judged
        return False


def is_text_content(content_type: str) -> bool:
    """True when an attachment of this type can be shown as text ("" counts as text:
    inline data without a type is decoded as UTF-8 and shown literally)."""
    kind = content_type.split(";")[0].strip().casefold()
    return not kind or kind.startswith(TEXT_CONTENT_TYPES)


def too_long(text: str, limit: int = LONG_TEXT) -> bool:
    return len(text) > limit


def summarise(text: str, limit: int = LONG_TEXT) -> tuple[str, int]:
    """The start of an over-long text (cut at a word) and the number of characters left
    out; (text, 0) when it fits."""
    if len(text) <= limit:
        return text, 0
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(), len(text) - len(cut.rstrip())

"""FHIR dates as ranges, and the search prefixes that compare them.

FHIR compares dates as *ranges*: `2024` means the whole year, `2024-03-01T10:00` the whole
minute, and a Period is everything between start and end. Every value here becomes a half-open
range `[low, high)` of POSIX seconds, so the eight prefixes (eq ne lt le gt ge sa eb) reduce to
comparisons of two floats. A value without a time zone is read as UTC (the spec lets a server
choose; UTC keeps results independent of the machine's zone).
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

__all__ = [
    "PREFIXES",
    "DateRange",
    "http_date",
    "matches",
    "now_instant",
    "parse_range",
    "period_range",
]

DateRange = tuple[float, float]
PREFIXES = ("eq", "ne", "lt", "le", "gt", "ge", "sa", "eb", "ap")

_DATE_RE = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"(Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


def _epoch(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> float:
    return float(calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)))


def _fast_datetime(text: str) -> DateRange | None:
    """The common full dateTime (`2024-03-01T08:30:00+01:00`, `...Z`, with fraction) in C."""
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    frac = text[19:].split("+")[0].split("-")[0].rstrip("Z") if text[19:20] == "." else ""
    width = 10.0 ** -(len(frac) - 1) if frac else 1.0
    return dt.timestamp(), dt.timestamp() + width


def parse_range(text: str) -> DateRange | None:
    """`2024-03` -> the whole of March 2024 (UTC). None for anything that is not a FHIR date."""
    if isinstance(text, str) and len(text) >= 20 and text[10:11] == "T" and text[16:17] == ":":
        fast = _fast_datetime(text)
        if fast is not None:
            return fast
    m = _DATE_RE.match(text.strip()) if isinstance(text, str) else None
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    try:
        year = int(y)
        if mo is None:
            return _epoch(year, 1, 1), _epoch(year + 1, 1, 1)
        month = int(mo)
        if not 1 <= month <= 12:
            return None
        if d is None:
            nxt = (year + 1, 1) if month == 12 else (year, month + 1)
            return _epoch(year, month, 1), _epoch(nxt[0], nxt[1], 1)
        day = int(d)
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        if hh is None:
            low = _epoch(year, month, day)
            return low, low + 86400.0
        hour, minute = int(hh), int(mi)
        second = int(ss) if ss is not None else 0
        if hour > 24 or minute > 59 or second > 60:
            return None
        low = _epoch(year, month, day, hour, minute, second)
        if frac:
            low += float(frac)
            width = 10.0 ** -(len(frac) - 1)
        else:
            width = 1.0 if ss is not None else 60.0
        if tz and tz != "Z":
            sign = 1 if tz[0] == "+" else -1
            low -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
        return low, low + width
    except (ValueError, OverflowError):
        return None


def period_range(period: Any) -> DateRange | None:
    """A FHIR Period as one range; a missing end is open (ongoing), a missing start too."""
    if not isinstance(period, dict):
        return None
    start = parse_range(period["start"]) if isinstance(period.get("start"), str) else None
    end = parse_range(period["end"]) if isinstance(period.get("end"), str) else None
    if start is None and end is None:
        return None
    low = start[0] if start else -math.inf
    high = end[1] if end else math.inf
    return low, max(high, low)


def matches(prefix: str, target: DateRange, value: DateRange) -> bool:
    """Does the resource's range `target` satisfy `<prefix><value>` (FHIR R4 search.html#prefix)?"""
    t_low, t_high = target
    v_low, v_high = value
    if prefix == "eq":
        return t_low >= v_low and t_high <= v_high
    if prefix == "ne":
        return not (t_low >= v_low and t_high <= v_high)
    if prefix == "gt":
        return t_high > v_high
    if prefix == "lt":
        return t_low < v_low
    if prefix == "ge":
        return t_high > v_low
    if prefix == "le":
        return t_low < v_high
    if prefix == "sa":
        return t_low >= v_high
    if prefix == "eb":
        return t_high <= v_low
    if prefix == "ap":  # approximately: overlap with the value widened by a day either side
        return t_high > v_low - 86400 and t_low < v_high + 86400
    raise ValueError(prefix)


def now_instant(now: datetime | None = None) -> str:
    """Now (or `now`) as a FHIR instant with milliseconds, UTC."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def http_date(instant: str) -> str | None:
    """A FHIR instant as an HTTP date (Last-Modified); None when it cannot be read."""
    rng = parse_range(instant)
    if rng is None:
        return None
    return format_datetime(datetime.fromtimestamp(int(rng[0]), UTC), usegmt=True)

"""Dates, numbers and sizes for display, in the current UI language.

Danish: dates dd.mm.åååå ("12.03.2026 14:05") and decimal comma. English: ISO dates
("2026-03-12 14:05", unambiguous for every reader) and decimal point. Times are shown in
Danish local time (Europe/Copenhagen) whatever the machine's zone, so screens and tests
agree.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from functools import cache

from sjtui.cpr import age_on
from sjtui.i18n import language, t


@cache
def _local_zone() -> tzinfo:
    """Europe/Copenhagen, read from the tz database when a time is first shown (the first
    screen shows none: zoneinfo and its tz path lookup are not part of the cold start)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:  # no tz database: fall back to UTC
        return UTC


_NUMBER = re.compile(r"^([<>]?\s?-?\d+)[.,](\d+)$")


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_local_zone())


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    if language() == "en":
        return value.isoformat()
    return value.strftime("%d.%m.%Y")


def fmt_datetime(value: datetime | date | None) -> str:
    """Date and time; a date sent without a time (see `is_date_only`) shows only the date."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return fmt_date(value)
    moment = local(value)
    if is_date_only(moment):
        return fmt_date(moment)
    return f"{fmt_date(moment)} {moment:%H:%M}"


def is_date_only(moment: datetime) -> bool:
    """True for a value that was sent as a date without a time: the mapping makes those local
    midnight, exactly (no seconds). Showing "00:00" would invent a time nobody recorded."""
    moment = local(moment)
    return (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)


def _local_day(value: date | datetime) -> date:
    return local(value).date() if isinstance(value, datetime) else value


def iso_week(value: date | datetime) -> int:
    """The ISO 8601 week number of the (Danish local) day: what Danes call "uge 50"."""
    return _local_day(value).isocalendar().week


def fmt_week(value: date | datetime | None) -> str:
    """ "uge 50" in Danish, "week 50" in English; "" without a date."""
    return "" if value is None else t("numbers.week", week=iso_week(value))


def fmt_weekday(value: date | datetime | None, *, short: bool = False) -> str:
    """The weekday's name ("torsdag", "Thursday"; `short`: "tor", "Thu"); "" without a date."""
    if value is None:
        return ""
    return t(f"weekday.{'short.' if short else ''}{_local_day(value).weekday()}")


def fmt_time(value: datetime | None) -> str:
    return "" if value is None else f"{local(value):%H:%M}"


def fmt_value(value: str) -> str:
    """A formatted number string in the current language's decimal mark ("7,32" / "7.32")."""
    match = _NUMBER.match(value.strip())
    if not match:
        return value
    mark = "." if language() == "en" else ","
    return f"{match.group(1)}{mark}{match.group(2)}"


def fmt_number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    return text if language() == "en" else text.replace(".", ",")


def fmt_range(low: float | None, high: float | None, text: str = "") -> str:
    if low is None and high is None:
        return text

    def num(x: float) -> str:
        return fmt_value(f"{x:g}")

    if low is not None and high is not None:
        return f"{num(low)}–{num(high)}"
    if low is not None:
        return f"> {num(low)}"
    assert high is not None  # noqa: S101 - narrows the type: both None returned above
    return f"< {num(high)}"


def fmt_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{fmt_number(size / 1024, 0)} kB"
    return f"{fmt_number(size / (1024 * 1024), 1)} MB"


def age(born: date | None, today: date) -> int | None:
    return None if born is None else age_on(born, today)

"""The next appointments, as the overview answers them: soonest first, only those still to
come (not yet ended today), never cancelled, missed or already held ones. Each carries its
place and address (`Appointment.location`, `.address`); the UI adds weekday and ISO week."""

from __future__ import annotations

from datetime import date

from sjtui.record.entries import Appointment
from sjtui.record.mapping.common import local_date

MAX_NEXT_APPOINTMENTS = 3
NOT_HAPPENING = frozenset({"cancelled", "noshow", "entered-in-error", "fulfilled"})


def next_appointments(
    items: tuple[Appointment, ...], today: date, limit: int = MAX_NEXT_APPOINTMENTS
) -> tuple[Appointment, ...]:
    upcoming = [
        a
        for a in items
        if a.date is not None and a.status not in NOT_HAPPENING and (local_date(a.end or a.date) or today) >= today
    ]
    upcoming.sort(key=lambda a: a.date.timestamp() if a.date else 0.0)
    return tuple(upcoming[:limit])

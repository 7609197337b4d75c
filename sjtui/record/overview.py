"""The overview ("Overblik"): what a nurse needs first, derived from the Record.

Pure function of the Record and today's date (no clock inside, so tests are exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sjtui.record.mapping.common import local_date
from sjtui.record.model import (
    Appointment,
    CaveItem,
    Course,
    HomeMeasurement,
    LabResult,
    MedicationEntry,
    Pane,
    PaneData,
    Record,
)

ABNORMAL_LAB_DAYS = 90
MAX_ABNORMAL_LABS = 8
MAX_NEXT_APPOINTMENTS = 3
MAX_PROCEDURES = 3
_PLAN_ENDED = {"completed", "revoked", "entered-in-error"}
_NOT_HAPPENING = {"cancelled", "noshow", "entered-in-error", "fulfilled"}
# Panes the overview summarises (their loaded flags decide `pending`).
SUMMARISED = (Pane.CAVE, Pane.MEDICATION, Pane.COURSES, Pane.APPOINTMENTS, Pane.LABS, Pane.HOME,
              Pane.NOTES)


@dataclass(frozen=True, slots=True)
class Overview:
    cave: tuple[CaveItem, ...] = ()  # active allergies and warnings
    active_medication: tuple[MedicationEntry, ...] = ()
    paused_medication: tuple[MedicationEntry, ...] = ()
    last_admission: Course | None = None  # latest inpatient course (its `end` = discharge)
    next_appointments: tuple[Appointment, ...] = ()  # soonest first, up to 3
    abnormal_labs: tuple[LabResult, ...] = ()  # flagged, last 90 days, newest first, max 8
    latest_home: tuple[HomeMeasurement, ...] = ()  # newest per code, most recent first
    latest_spirometry: LabResult | None = None
    # Written by other systems (empty when the server has none): newest procedures first,
    # care plans that have not ended (draft, active, on-hold, unknown), newest first.
    procedures: tuple[Course, ...] = ()
    care_plans: tuple[Course, ...] = ()
    notes_count: int = 0
    new_counts: dict[Pane, int] = field(default_factory=dict)  # panes with new items only
    hidden_count: int = 0  # private-marked items withheld, all panes
    unreadable_count: int = 0  # entries that could not be read, all panes
    pending: tuple[Pane, ...] = ()  # summarised panes still loading

    @property
    def active_medication_count(self) -> int:
        return len(self.active_medication)


def _panes(record: Record) -> dict[Pane, PaneData]:
    return {
        Pane.CAVE: record.cave, Pane.NOTES: record.notes, Pane.LABS: record.labs,
        Pane.IMAGING: record.imaging, Pane.MEDICATION: record.medication,
        Pane.VACCINATIONS: record.vaccinations, Pane.HOME: record.home,
        Pane.APPOINTMENTS: record.appointments, Pane.COURSES: record.courses,
        Pane.ACCESS_LOG: record.access_log, Pane.BASIC: record.basic,
    }


def _next_appointments(items: tuple[Appointment, ...], today: date) -> tuple[Appointment, ...]:
    upcoming = [a for a in items if a.date is not None and a.status not in _NOT_HAPPENING
                and (local_date(a.end or a.date) or today) >= today]
    upcoming.sort(key=lambda a: a.date.timestamp())  # type: ignore[union-attr]  # dated items only (filtered above)
    return tuple(upcoming[:MAX_NEXT_APPOINTMENTS])


def _last_admission(courses: tuple[Course, ...]) -> Course | None:
    admissions = [c for c in courses if c.kind == "inpatient" and c.date is not None]
    return max(admissions, key=lambda c: c.date.timestamp(), default=None)  # type: ignore[union-attr]  # dated items only (filtered above)


def _newest(courses: list[Course]) -> list[Course]:
    return sorted(courses, key=lambda c: c.date.timestamp() if c.date else float("-inf"), reverse=True)


def _abnormal_labs(labs: tuple[LabResult, ...], today: date) -> tuple[LabResult, ...]:
    since = today - timedelta(days=ABNORMAL_LAB_DAYS)
    recent = [lab for lab in labs if lab.flag and lab.date is not None
              and since <= (local_date(lab.date) or since) <= today]
    recent.sort(key=lambda lab: lab.date.timestamp(), reverse=True)  # type: ignore[union-attr]  # dated items only (filtered above)
    return tuple(recent[:MAX_ABNORMAL_LABS])


def _latest_home(items: tuple[HomeMeasurement, ...]) -> tuple[HomeMeasurement, ...]:
    dated = sorted((m for m in items if m.date is not None),
                   key=lambda m: m.date.timestamp(), reverse=True)  # type: ignore[union-attr]  # dated items only (filtered above)
    seen: set[str] = set()
    latest = []
    for m in dated:
        key = m.code or m.name
        if key not in seen:
            seen.add(key)
            latest.append(m)
    return tuple(latest)


def build_overview(record: Record, *, today: date) -> Overview:
    panes = _panes(record)
    spirometries = [lab for lab in record.labs.items if lab.kind == "spirometry"
                    and lab.date is not None]
    return Overview(
        cave=tuple(c for c in record.cave.items if c.active),
        active_medication=tuple(m for m in record.medication.items if m.status == "active"),
        paused_medication=tuple(m for m in record.medication.items if m.status == "paused"),
        last_admission=_last_admission(record.courses.items),
        next_appointments=_next_appointments(record.appointments.items, today),
        abnormal_labs=_abnormal_labs(record.labs.items, today),
        latest_home=_latest_home(record.home.items),
        latest_spirometry=max(spirometries, key=lambda s: s.date.timestamp(),  # type: ignore[union-attr]  # dated items only (filtered above)
                              default=None),
        procedures=tuple(_newest([c for c in record.courses.items if c.kind == "procedure"])[
            :MAX_PROCEDURES]),
        care_plans=tuple(_newest([c for c in record.courses.items if c.kind == "careplan"
                                  and c.status not in _PLAN_ENDED])),
        notes_count=len(record.notes.items),
        new_counts={p: len(d.new_keys) for p, d in panes.items() if d.new_keys},
        hidden_count=sum(d.hidden for d in panes.values()),
        unreadable_count=sum(len(d.unreadable) for d in panes.values()),
        pending=tuple(p for p in SUMMARISED if not panes[p].loaded),
    )

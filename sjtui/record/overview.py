"""The overview ("Overblik"): what a nurse needs first, derived from the Record.

Pure function of the Record and today's date (no clock inside, so tests are exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sjtui.record.entries import Appointment, CaveItem, Course, HomeMeasurement, LabResult, MedicationEntry
from sjtui.record.last_admission import LastAdmission, last_admission
from sjtui.record.mapping.common import local_date
from sjtui.record.model import ListState, Pane, PaneData, Record
from sjtui.record.news_model import News
from sjtui.record.next_appointment import next_appointments

ABNORMAL_LAB_DAYS = 90
MAX_ABNORMAL_LABS = 8
MAX_PROCEDURES = 3
_PLAN_ENDED = {"completed", "revoked", "entered-in-error"}
# Panes the overview summarises (their loaded flags decide `pending`).
SUMMARISED = (Pane.CAVE, Pane.MEDICATION, Pane.COURSES, Pane.APPOINTMENTS, Pane.LABS, Pane.HOME, Pane.NOTES)


@dataclass(frozen=True, slots=True)
class Overview:
    cave: tuple[CaveItem, ...] = ()  # active allergies and warnings
    cave_statements: tuple[CaveItem, ...] = ()  # "no known (latex) allergy": never CAVE
    active_medication: tuple[MedicationEntry, ...] = ()
    paused_medication: tuple[MedicationEntry, ...] = ()
    last_admission: Course | None = None  # latest inpatient course (its `end` = discharge)
    admission: LastAdmission | None = None  # the same, answered: where, when, why, discharge
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
    news: News | None = None  # new since this clinician last opened the record (`news.py`)
    hidden_count: int = 0  # private-marked items withheld, all panes
    # Every pane complete: `hidden_count` is the whole count. Otherwise it counts what has
    # arrived (a pane still loading, or not fully known, may withhold more): "at least".
    hidden_complete: bool = True
    unreadable_count: int = 0  # entries that could not be read, all panes
    pending: tuple[Pane, ...] = ()  # summarised panes whose overview part is still loading
    # Each section's three-state answer: only EMPTY may be shown as "none". A section is not
    # known when its pane is not (failed, partly failed, unreadable entries, bounds hit).
    states: dict[Pane, ListState] = field(default_factory=dict)

    @property
    def active_medication_count(self) -> int:
        return len(self.active_medication)


def _panes(record: Record) -> dict[Pane, PaneData]:
    return {
        Pane.CAVE: record.cave,
        Pane.NOTES: record.notes,
        Pane.LABS: record.labs,
        Pane.IMAGING: record.imaging,
        Pane.MEDICATION: record.medication,
        Pane.VACCINATIONS: record.vaccinations,
        Pane.HOME: record.home,
        Pane.APPOINTMENTS: record.appointments,
        Pane.COURSES: record.courses,
        Pane.ACCESS_LOG: record.access_log,
        Pane.BASIC: record.basic,
    }


def _newest(courses: list[Course]) -> list[Course]:
    return sorted(courses, key=lambda c: c.date.timestamp() if c.date else float("-inf"), reverse=True)


def _abnormal_labs(labs: tuple[LabResult, ...], today: date) -> tuple[LabResult, ...]:
    since = today - timedelta(days=ABNORMAL_LAB_DAYS)
    recent = [
        lab for lab in labs if lab.flag and lab.date is not None and since <= (local_date(lab.date) or since) <= today
    ]
    recent.sort(key=lambda lab: lab.date.timestamp(), reverse=True)  # type: ignore[union-attr]  # only dated entries reach this sort (filtered just above)
    return tuple(recent[:MAX_ABNORMAL_LABS])


def _latest_home(items: tuple[HomeMeasurement, ...]) -> tuple[HomeMeasurement, ...]:
    dated = sorted((m for m in items if m.date is not None), key=lambda m: m.date.timestamp(), reverse=True)  # type: ignore[union-attr]  # only dated entries reach this sort (filtered just above)
    seen: set[str] = set()
    latest = []
    for m in dated:
        key = m.code or m.name
        if key not in seen:
            seen.add(key)
            latest.append(m)
    return tuple(latest)


def section_state(data: PaneData, shown: object) -> ListState:
    """The state of an overview section showing `shown` (derived from `data`)."""
    state = data.state
    if state in (ListState.UNKNOWN, ListState.LOADING):
        return state
    return ListState.KNOWN if shown or data.hidden else ListState.EMPTY


def build_overview(record: Record, *, today: date) -> Overview:
    panes = _panes(record)
    cave = tuple(c for c in record.cave.items if c.is_cave)
    active = tuple(m for m in record.medication.items if m.status == "active")
    admission = last_admission(record)
    appointments = next_appointments(record.appointments.items, today)
    abnormal = _abnormal_labs(record.labs.items, today)
    home = _latest_home(record.home.items)
    spirometries = [lab for lab in record.labs.items if lab.kind == "spirometry" and lab.date is not None]
    return Overview(
        cave=cave,
        cave_statements=tuple(c for c in record.cave.items if c.active and c.kind == "no-known"),
        active_medication=active,
        paused_medication=tuple(m for m in record.medication.items if m.status == "paused"),
        last_admission=admission.course if admission is not None else None,
        admission=admission,
        news=record.news,
        next_appointments=appointments,
        abnormal_labs=abnormal,
        latest_home=home,
        latest_spirometry=max(
            spirometries,
            key=lambda s: s.date.timestamp(),  # type: ignore[union-attr]  # spirometries are dated ones only
            default=None,
        ),
        procedures=tuple(_newest([c for c in record.courses.items if c.kind == "procedure"])[:MAX_PROCEDURES]),
        care_plans=tuple(
            _newest([c for c in record.courses.items if c.kind == "careplan" and c.status not in _PLAN_ENDED])
        ),
        notes_count=len(record.notes.items),
        new_counts={p: len(d.new_keys) for p, d in panes.items() if d.new_keys},
        hidden_count=sum(d.hidden for d in panes.values()),
        # The access log withholds nothing private-marked: its state does not bear on the count.
        hidden_complete=all(
            d.state in (ListState.KNOWN, ListState.EMPTY) for p, d in panes.items() if p is not Pane.ACCESS_LOG
        ),
        unreadable_count=sum(len(d.unreadable) for d in panes.values()),
        # A pane holding its newest values (`latest`) has what the overview draws of it.
        pending=tuple(p for p in SUMMARISED if not (panes[p].loaded or panes[p].latest)),
        states={
            Pane.CAVE: section_state(record.cave, cave),
            Pane.MEDICATION: section_state(record.medication, active),
            Pane.COURSES: section_state(record.courses, admission),
            Pane.APPOINTMENTS: section_state(record.appointments, appointments),
            Pane.LABS: section_state(record.labs, abnormal),
            Pane.HOME: section_state(record.home, home),
            Pane.NOTES: section_state(record.notes, record.notes.items),
        },
    )

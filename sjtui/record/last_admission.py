"""The last admission, as the overview answers it: where (hospital, department), when (the
period), why (the main diagnosis in words, its code beside; else the reason given), and the
discharge (its date, and the discharge letter that belongs to the admission, if any).

Pure function of the Record. The latest inpatient course by start; its discharge letter is
a discharge summary ("epikrise") filed under that Encounter (or its EpisodeOfCare).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sjtui.record.entries import Course, Diagnosis, Note
from sjtui.record.model import Record


@dataclass(frozen=True, slots=True)
class LastAdmission:
    course: Course
    hospital: str  # "" when the source names none
    department: str
    start: datetime | None
    discharged: datetime | None  # None: still admitted (or no end given)
    reason: str  # the reason / type text as given ("Svær KOL-eksacerbation med hyperkapni")
    diagnosis: Diagnosis | None  # the main (first) diagnosis, when the course has one
    letter: Note | None  # the discharge letter (epikrise) of this admission

    @property
    def ongoing(self) -> bool:
        return self.discharged is None


def _latest_inpatient(courses: tuple[Course, ...]) -> Course | None:
    admissions = [c for c in courses if c.kind == "inpatient" and c.date is not None]
    return max(admissions, key=lambda c: c.date.timestamp() if c.date else 0.0, default=None)


def _letter(course: Course, notes: tuple[Note, ...]) -> Note | None:
    keys = {course.resource_key} | ({course.episode_key} if course.episode_key else set())
    letters = [n for n in notes if n.kind == "discharge" and n.course_key in keys]
    return max(letters, key=lambda n: n.date.timestamp() if n.date else 0.0, default=None)


def last_admission(record: Record) -> LastAdmission | None:
    course = _latest_inpatient(record.courses.items)
    if course is None:
        return None
    source = course.source
    return LastAdmission(
        course=course,
        hospital=source.organisation,
        department=source.department,
        start=course.date,
        discharged=course.end,
        reason=course.title,
        diagnosis=course.diagnoses[0] if course.diagnoses else None,
        letter=_letter(course, record.notes.items),
    )

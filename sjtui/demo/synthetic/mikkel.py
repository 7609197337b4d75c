"""Mikkel Dahl Jeppesen: opioid substitution treatment at a municipal addiction centre, with
private-marked (meta.security R) psychiatric notes, diagnoses and medication, plus ordinary
unmarked data. One unmarked note holds hostile text (Rich markup, ANSI/OSC escapes) so the UI's
literal rendering is exercised."""

from __future__ import annotations

from . import clinical as c
from .common import Json, RecordBuilder, at, make_bundle, rel
from .mikkel_course import courses
from .mikkel_medication import medication, vaccinations

PID = "mikkel"
NAME = "Mikkel Dahl Jeppesen"


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    _people(b)
    courses(b)
    medication(b)
    vaccinations(b)
    _appointments_and_audit(b)
    return make_bundle(PID, b.resources, rel(-1, 23))


def _people(b: RecordBuilder) -> None:
    c.patient(
        b,
        cpr="1405863457",
        given=["Mikkel", "Dahl"],
        family="Jeppesen",
        gender="male",
        birth="1986-05-14",
        line="Vesterbro 41, 2. th.",
        postal="5000",
        city="Odense C",
        phone="+4510500101",
        gp="gp-odense",
        marital=("U", "Ugift"),
    )
    c.related_person(
        b, given="Lone", family="Jeppesen", role="MTH", role_text="Mor", phone="+4510500102", updated=at(2019, 8, 12)
    )


def _appointments_and_audit(b: RecordBuilder) -> None:
    c.appointment(
        b, rel(4, 9, 30), 30, "Samtale og udlevering af medicin", "odense-misbrug-amb", created=at(2026, 11, 17, 10)
    )
    c.appointment(
        b,
        rel(20, 13),
        60,
        "Samtale, psykiatrisk ambulatorium",
        "pro-psyk-amb",
        created=at(2026, 9, 9, 14),
        private=True,
    )
    c.appointment(
        b,
        at(2025, 9, 9, 13),
        60,
        "Samtale, psykiatrisk ambulatorium",
        "pro-psyk-amb",
        created=at(2025, 6, 3, 9),
        private=True,
    )
    c.audit_read(
        b,
        at(2026, 11, 17, 9, 55),
        "Sygeplejerske Camilla Winther",
        "odense-misbrug",
        "Samtykke: substitutionsbehandling",
    )

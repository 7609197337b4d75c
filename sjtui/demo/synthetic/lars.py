"""Lars Henrik Kristensen: severe COPD, a recent admission with delirium, advised not to drive,
beginning cognitive decline, an outpatient admission booked to try home NIV (the webinar's
second case). One nurse note quotes text with square brackets (a hostile string for Rich)."""

from __future__ import annotations

from . import clinical as c
from . import registrations
from .common import Json, RecordBuilder, at, make_bundle, rel
from .lars_course import lung_course
from .lars_medication import medication, vaccinations

PID = "lars"
NAME = "Lars Henrik Kristensen"


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    _people(b)
    lung_course(b)
    medication(b)
    vaccinations(b)
    _appointments(b)
    _audit(b)
    registrations.for_lars(b)
    return make_bundle(PID, b.resources, rel(-1, 23))


def _people(b: RecordBuilder) -> None:
    c.patient(
        b,
        cpr="0408572349",
        given=["Lars", "Henrik"],
        family="Kristensen",
        gender="male",
        birth="1957-08-04",
        line="Storegade 22",
        postal="6650",
        city="Brørup",
        phone="+4510300101",
        gp="gp-broerup",
        marital=("W", "Enkemand"),
    )
    c.related_person(
        b,
        given="Mette",
        family="Kristensen",
        role="DAU",
        role_text="Datter",
        phone="+4510300102",
        updated=at(2019, 11, 4),
    )


def _appointments(b: RecordBuilder) -> None:
    c.appointment(
        b, at(2026, 11, 3, 10), 60, "Kontrol efter indlæggelse", "ssa-lunge-amb", created=at(2026, 10, 19, 12)
    )
    c.appointment(
        b,
        rel(13, 8, 30),
        420,
        "Ambulant indlæggelse: afprøvning af hjemme-NIV (non-invasiv ventilation)",
        "ssa-lunge-amb",
        created=at(2026, 10, 19, 12),
        instruction="Mød kl. 8.30. Du skal være der hele dagen. Husk at bestille "
        "patientbefordring senest 2 hverdage før.",
    )
    c.appointment(b, rel(47, 9), 30, "Opfølgning på hjemme-NIV", "ssa-lunge-amb", created=at(2026, 11, 3, 11))


def _audit(b: RecordBuilder) -> None:
    c.audit_read(b, at(2026, 10, 8, 16, 20), "Læge Anders Rye", "ssa-akut", "Akut indlæggelse")
    c.audit_read(
        b,
        at(2026, 11, 13, 10, 35),
        "Sygeplejerske Karen Ibsen",
        "vejen-hjemmesyg",
        "Samtykke: gennemgang af indlæggelse og aftaler",
    )

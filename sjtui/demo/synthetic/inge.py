"""Inge Margrethe Holm: home care, type 2 diabetes on insulin and heart failure; lab trends over
years, daily home weight and blood pressure, penicillin allergy, fall-risk Flag, E. coli
urine culture with susceptibilities."""

from __future__ import annotations

from . import clinical as c
from . import inge_notes as t
from .common import Json, RecordBuilder, at, make_bundle, rel
from .inge_course import courses
from .inge_medication import medication, vaccinations
from .inge_results import home, labs

PID = "inge"
NAME = "Inge Margrethe Holm"


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    _people(b)
    courses(b)
    labs(b)
    home(b)
    medication(b)
    vaccinations(b)
    _cave(b)
    _appointments_and_audit(b)
    return make_bundle(PID, b.resources, rel(-1, 23))


def _people(b: RecordBuilder) -> None:
    c.patient(
        b,
        cpr="2311411128",
        given=["Inge", "Margrethe"],
        family="Holm",
        gender="female",
        birth="1941-11-23",
        line="Ribevej 7",
        postal="6600",
        city="Vejen",
        phone="+4510400101",
        gp="gp-vejen",
        marital=("W", "Enke"),
    )
    c.related_person(
        b, given="Torben", family="Holm", role="SON", role_text="Søn", phone="+4510400102", updated=at(2019, 4, 8)
    )


def _cave(b: RecordBuilder) -> None:
    """The penicillin allergy and the fall-risk warning."""
    c.allergy(
        b,
        "Penicillin",
        criticality="high",
        kind="allergy",
        category="medication",
        manifestation="Anafylaksi med nældefeber og hævede læber (1998)",
        recorded=at(2019, 4, 15, 11),
        recorder=t.ENDO,
        atc="J01C",
    )
    c.flag(b, "Faldrisiko – faldet i hjemmet juni 2026, bruger rollator", at(2026, 6, 10, 13), "ssa-med", "safety")


def _appointments_and_audit(b: RecordBuilder) -> None:
    c.appointment(b, at(2026, 8, 20, 10), 40, "Hjertesvigtskontrol", "ssa-kardio-amb", created=at(2026, 5, 20, 9))
    c.appointment(
        b,
        rel(12, 11),
        40,
        "Hjertesvigtskontrol med blodprøver",
        "ssa-kardio-amb",
        created=at(2026, 8, 20, 11),
        instruction="Blodprøver tages 1 time før.",
    )
    c.appointment(b, rel(68, 9, 30), 30, "Diabeteskontrol", "ssa-endo-amb", created=at(2026, 10, 13, 9))
    c.audit_read(
        b,
        at(2026, 11, 16, 10, 50),
        "Sygeplejerske Lise Thomsen",
        "vejen-hjemmesyg",
        "Aktuelt behandlingsforløb: vægtøgning, hjertesvigt",
    )

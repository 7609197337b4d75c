"""Ane Kirstine Bach: name and address protection (meta.security R on the Patient), with a few
ordinary entries (hypothyroidism followed by a specialist)."""

from __future__ import annotations

from . import clinical as c
from . import results as r
from .common import Json, RecordBuilder, at, make_bundle, rel

PID = "ane"
NAME = "Ane Kirstine Bach"
SPEC = "Speciallæge Karin Møllegaard, endokrinologi"
GP = "Praktiserende læge Bo Lindholm"

SPEC_2024 = """Konsultation hos speciallæge.
45-årig kvinde med træthed, vægtøgning og kuldskærhed. TSH 9,8, frit T4 lavt. TPO-antistoffer positive.
Diagnose: Hypothyreose (Hashimoto).
Plan: Levothyroxin 50 mikrog, kontrol af TSH om 6-8 uger hos egen læge. Kontrol her om 1 år.
"""

GP_2025 = """Konsultation.
Har det godt på levothyroxin. TSH 2,1. Fortsætter uændret dosis.
"""


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    _patient(b)
    _thyroid_course(b)
    c.medication(
        b,
        "H03AA01",
        "Eltroxin (levothyroxin) 50 mikrog",
        "active",
        at(2024, 2, 12),
        "1 tablet om morgenen, fastende",
        "Hypothyreose",
        "spec-endo-kolding",
    )
    c.immunization(
        b, "J07BB02", "Influvac Tetra (influenzavaccine)", at(2025, 10, 21, 15), "gp-kolding", 1, "IV2025A", "Influenza"
    )
    c.appointment(b, rel(82, 10), 30, "Årskontrol, hypothyreose", "spec-endo-kolding-kons", created=at(2026, 3, 16, 9))
    return make_bundle(PID, b.resources, rel(-1, 23))


def _patient(b: RecordBuilder) -> None:
    c.patient(
        b,
        cpr="0902792466",
        given=["Ane", "Kirstine"],
        family="Bach",
        gender="female",
        birth="1979-02-09",
        line="Skovvej 3",
        postal="6000",
        city="Kolding",
        phone="+4510600101",
        gp="gp-kolding",
        protected=True,
    )


def _thyroid_course(b: RecordBuilder) -> None:
    """Hypothyroidism found at the endocrinologist's in 2024, TSH since, the GP's note."""
    e24 = c.encounter(
        b,
        "AMB",
        at(2024, 2, 12, 10),
        at(2024, 2, 12, 10, 30),
        "spec-endo-kolding",
        "Træthed, forhøjet TSH",
        diagnosis=("DE063", "Autoimmun thyroiditis (Hashimoto)"),
    )
    c.note(
        b,
        "ambulant",
        at(2024, 2, 12, 10, 45),
        "spec-endo-kolding",
        SPEC,
        "Konsultation",
        "Hypothyreose, levothyroxin opstartet",
        SPEC_2024,
        encounter_id=e24,
    )
    for when, tsh in (
        (at(2024, 1, 29, 8), 9.8),
        (at(2024, 4, 8, 8), 3.9),
        (at(2025, 3, 10, 8), 2.1),
        (at(2026, 3, 16, 8), 1.7),
    ):
        r.lab(b, "tsh", when, tsh, "sle-kba", female=True)
    c.note(
        b,
        "laege",
        at(2025, 3, 17, 9),
        "gp-kolding",
        GP,
        "Konsultation",
        "Velbehandlet hypothyreose",
        GP_2025,
        inline=True,
    )

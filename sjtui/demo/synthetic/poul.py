"""Poul Erik Madsen: severe emphysema after valve treatment that no longer helps (the webinar's
first case). Every pane of the record has data for him."""

from __future__ import annotations

import random

from . import clinical as c
from . import poul_notes as t
from . import registrations
from . import results as r
from .codes import PULSE, SPO2, WEIGHT
from .common import Json, RecordBuilder, at, make_bundle, rel
from .medication_changes import poul_medication
from .poul_courses import courses_and_notes
from .poul_results import results

PID = "poul"
NAME = "Poul Erik Madsen"

OXI = "Pulsoximeter (KIH-udstyr, Nonin)"
SCALE = "Personvægt (KIH-udstyr)"


def _people(b: RecordBuilder) -> None:
    c.patient(
        b,
        cpr="1203541237",
        given=["Poul", "Erik"],
        family="Madsen",
        gender="male",
        birth="1954-03-12",
        line="Søndergade 14",
        postal="6600",
        city="Vejen",
        phone="+4510200101",
        gp="gp-vejen",
        marital=("M", "Gift"),
    )
    c.related_person(
        b,
        given="Birthe",
        family="Madsen",
        role="WIFE",
        role_text="Hustru",
        phone="+4510200102",
        updated=at(2019, 3, 20),
    )
    c.related_person(
        b, given="Jens", family="Madsen", role="SON", role_text="Søn", phone="+4510200103", updated=at(2019, 3, 20)
    )


def _vaccinations(b: RecordBuilder) -> None:
    for year in range(2019, 2027):
        c.immunization(
            b,
            "J07BB02",
            "Influvac Tetra (influenzavaccine)",
            at(year, 10, 8 if year != 2026 else 28, 10, 30),
            "gp-vejen",
            1,
            f"IV{year}A{year % 7}",
            "Influenza",
        )
    c.immunization(
        b,
        "J07AL01",
        "Pneumovax (pneumokokvaccine, 23-valent)",
        at(2019, 2, 25, 9),
        "gp-vejen",
        1,
        "PN23-0419",
        "Pneumokoksygdom",
    )
    covid = [
        at(2021, 1, 20, 11),
        at(2021, 2, 10, 11),
        at(2021, 10, 5, 14),
        at(2022, 10, 12, 9),
        at(2023, 10, 10, 9),
        at(2024, 10, 9, 9),
        at(2025, 10, 8, 9),
    ]
    for dose, when in enumerate(covid, start=1):
        c.immunization(
            b,
            "J07BN01",
            "Comirnaty (COVID-19 mRNA-vaccine)",
            when,
            "sle-vacc",
            dose,
            f"CMT{when.year}{dose:02d}",
            "COVID-19",
        )


def _home(b: RecordBuilder) -> None:
    rng = random.Random(1203)  # fixed: the curve must be the same on every build
    weight = 70.2
    for day in range(-45, 0):
        morning = rel(day, 7, 30 + rng.randint(0, 20))
        spo2 = rng.choice((89, 90, 90, 91, 91, 92)) - (3 if day % 9 == 0 else 0)
        if day in (-11, -4, -3):
            spo2 = rng.choice((85, 86, 87))
        r.home(b, SPO2, morning, spo2, OXI)
        r.home(b, PULSE, morning, 84 + rng.randint(0, 14) + (8 if spo2 < 88 else 0), OXI)
        if day % 3 == 0:
            weight -= rng.choice((0.0, 0.1, 0.2, 0.3))
            r.home(b, WEIGHT, morning.replace(minute=5), round(weight, 1), SCALE)


def _appointments(b: RecordBuilder) -> None:
    past = [
        (at(2024, 6, 10, 9), 60, "Ambulant kontrol, ventilbehandling", "ouh-lunge-j-amb", None),
        (at(2025, 3, 17, 10), 120, "Gangtest og vurdering for ilt", "sle-lunge-amb", None),
        (at(2025, 9, 22, 10), 60, "Årskontrol, ventilbehandling", "ouh-lunge-j-amb", None),
        (at(2026, 9, 21, 10), 30, "Kontrol i lungeambulatoriet", "sle-lunge-amb", "cancelled"),
        (at(2026, 10, 5, 10), 60, "Kontrol efter indlæggelse med spirometri og arteriepunktur", "sle-lunge-amb", None),
    ]
    for start, minutes, text, svc, status in past:
        c.appointment(
            b, start, minutes, text, svc, status=status, created=start.replace(day=1) if start.day > 1 else start
        )
    c.appointment(
        b,
        rel(6, 13),
        90,
        "Opsætning af natlig oximetri og transkutan CO2-måling i hjemmet",
        "sle-lunge-hjem",
        created=at(2026, 11, 12, 14),
        instruction="Lungeteamet kommer hjem til dig. Udstyret hentes igen næste morgen.",
    )
    c.appointment(
        b,
        rel(19, 10, 30),
        45,
        "Ambulant kontrol: svar på natlig monitorering, vurdering for hjemme-NIV",
        "sle-lunge-amb",
        created=at(2026, 11, 12, 14),
        instruction="Medbring din medicinliste og dit bærbare iltapparat.",
    )
    c.appointment(
        b,
        rel(59, 9),
        60,
        "Årskontrol, ventilbehandling",
        "ouh-lunge-j-amb",
        created=at(2026, 10, 1, 9),
        instruction="Mød 15 minutter før til spirometri.",
    )
    c.appointment(b, rel(88, 8, 40), 20, "Årskontrol KOL hos egen læge", "gp-vejen-kons", created=at(2026, 10, 28, 10))


def _cave_and_audit(b: RecordBuilder) -> None:
    c.flag(b, "Iltbehandling – brandfare ved rygning og åben ild", at(2025, 3, 17, 12), "sle-lunge", "safety")
    c.allergy(
        b,
        "Theophyllin",
        criticality="low",
        kind="intolerance",
        category="medication",
        manifestation="Hjertebanken og kvalme",
        recorded=at(2019, 3, 20, 11),
        recorder=t.SLE_DR,
        atc="R03DA04",
    )
    c.audit_read(b, at(2026, 9, 14, 22, 41), "Læge Peter Hald", "sle-akut", "Akut indlæggelse")
    c.audit_read(
        b, at(2026, 10, 2, 9, 12), "Praktiserende læge Jens Vestergaard", "gp-vejen", "Opfølgning efter udskrivelse"
    )
    c.audit_read(
        b,
        at(2026, 11, 10, 13, 55),
        "KOL-sygeplejerske Karen Ibsen",
        "vejen-hjemmesyg",
        "Samtykke: lungeforløb, plan for behandling i hjemmet",
    )


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    _people(b)
    enc = courses_and_notes(b)
    results(b, enc)
    poul_medication(b, enc)
    _vaccinations(b)
    _home(b)
    _appointments(b)
    _cave_and_audit(b)
    registrations.for_poul(b)
    return make_bundle(PID, b.resources, rel(-1, 23))

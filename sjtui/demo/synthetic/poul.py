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


def _results(b: RecordBuilder, e: dict[str, str]) -> None:
    std = ("hb", "crp", "leuk", "na", "k", "kreat", "egfr")
    sets = [  # (when, lab, encounter key, values in the order of `std`)
        (at(2019, 2, 15, 8, 10), "sle-kba", None, (9.1, 4, 7.8, 140, 4.2, 78, 84)),
        (at(2019, 3, 20, 9, 20), "sle-kba", "2019a", (9.0, 3, 7.5, 141, 4.0, 80, 82)),
        (at(2020, 1, 13, 8, 30), "ouh-kba", "2020a", (9.2, 2, 8.1, 139, 4.1, 76, 86)),
        (at(2021, 1, 7, 17), "sle-kba", "2021a", (9.4, 68, 12.4, 136, 3.9, 92, 72)),
        (at(2021, 1, 11, 7, 30), "sle-kba", "2021a", (9.0, 14, 10.9, 139, 4.0, 84, 79)),
        (at(2022, 5, 30, 8, 40), "ouh-kba", "2022", (8.9, 5, 7.9, 140, 4.3, 82, 80)),
        (at(2023, 2, 6, 20), "sle-kba", "2023a", (8.6, 142, 15.1, 134, 3.6, 101, 64)),
        (at(2023, 2, 10, 7, 30), "sle-kba", "2023a", (8.2, 31, 11.3, 138, 4.1, 88, 75)),
        (at(2024, 6, 10, 8, 30), "ouh-kba", "2024a", (8.8, 6, 8.4, 140, 4.2, 86, 76)),
        (at(2024, 12, 2, 22), "sle-kba", "2024c", (8.7, 35, 9.8, 137, 3.8, 90, 71)),
        (at(2025, 3, 17, 9, 30), "sle-kba", "2025a", (8.5, 7, 8.8, 139, 4.4, 88, 73)),
        (at(2025, 9, 22, 9, 10), "ouh-kba", "2025b", (8.3, 9, 9.1, 138, 4.5, 94, 68)),
        (at(2026, 9, 14, 22, 30), "sle-kba", "2026a", (8.1, 94, 13.2, 133, 3.3, 112, 57)),
        (at(2026, 9, 18, 7, 15), "sle-kba", "2026a", (7.9, 22, 11.4, 137, 4.0, 96, 67)),
        (at(2026, 10, 5, 9, 15), "sle-kba", "2026b", (8.0, 11, 9.6, 138, 4.2, 92, 70)),
        (at(2026, 11, 10, 8, 5), "gp-vejen", None, (7.8, 12, 9.9, 136, 4.3, 98, 65)),
    ]
    for when, lab_org, ekey, values in sets:
        r.lab_set(b, when, lab_org, dict(zip(std, values, strict=True)), encounter=e.get(ekey or ""))
    r.lab(b, "eos", at(2023, 2, 6, 20), 0.05, "sle-kba", encounter=e["2023a"])
    r.lab(b, "eos", at(2026, 10, 5, 9, 15), 0.32, "sle-kba", encounter=e["2026b"])

    gases = [
        (at(2019, 3, 20, 9, 40), "2019a", (7.42, 5.6, 8.9, 93, 1.2, 26), "Uden ilt, i hvile"),
        (at(2021, 1, 7, 17, 10), "2021a", (7.37, 6.4, 7.4, 88, 2.8, 28), "Uden ilt"),
        (at(2024, 12, 2, 22, 10), "2024c", (7.36, 6.8, 7.0, 86, 3.9, 29), "Uden ilt"),
        (at(2025, 3, 17, 10, 20), "2025a", (7.41, 6.1, 7.9, 90, 3.1, 28), "Uden ilt, i hvile"),
        (at(2026, 9, 14, 22, 20), "2026a", (7.29, 8.2, 6.8, 83, 4.5, 31), "Uden ilt, ved indlæggelse"),
        (at(2026, 9, 19, 8), "2026a", (7.40, 6.5, 8.6, 92, 5.2, 31), "Ilt 1 l/min"),
        (at(2026, 10, 5, 10, 10), "2026b", (7.39, 6.6, 7.8, 89, 4.8, 30), "Uden ilt, i hvile"),
    ]
    keys = ("ph", "pco2", "po2", "so2", "be", "hco3")
    for taken, ekey, gas, remark in gases:
        r.blood_gas(b, taken, "sle-kba", dict(zip(keys, gas, strict=True)), encounter=e[ekey], note=remark)

    spiro = [
        (at(2019, 2, 18, 9, 20), "gp-vejen", None, 1.02, 2.95, 34),
        (at(2019, 3, 20, 9, 30), "sle-lunge", "2019a", 1.00, 2.98, 34),
        (at(2020, 4, 20, 9, 15), "ouh-lunge-j", "2020b", 1.28, 3.10, 43),
        (at(2021, 6, 14, 10, 10), "sle-lunge", "2021b", 1.20, 3.05, 40),
        (at(2022, 5, 30, 9, 15), "ouh-lunge-j", "2022", 1.15, 3.00, 39),
        (at(2023, 6, 12, 10, 10), "sle-lunge", "2023b", 1.05, 2.90, 36),
        (at(2024, 6, 10, 9, 15), "ouh-lunge-j", "2024a", 0.92, 2.75, 32),
        (at(2025, 3, 17, 10, 40), "sle-lunge", "2025a", 0.88, 2.70, 31),
        (at(2026, 10, 5, 10, 20), "sle-lunge", "2026b", 0.81, 2.62, 29),
    ]
    for when, org, ekey, fev1, fvc, pct in spiro:
        r.spirometry(
            b, when, org, fev1, fvc, pct, encounter=e.get(ekey or ""), note="Efter bronkodilatation (Ventoline 0,4 mg)"
        )
    for when, org, ekey, val, pct in [
        (at(2019, 3, 20, 10), "sle-lunge", "2019a", 3.2, 39),
        (at(2021, 6, 14, 10, 30), "sle-lunge", "2021b", 3.4, 41),
        (at(2024, 6, 10, 9, 40), "ouh-lunge-j", "2024a", 2.9, 35),
        (at(2025, 9, 22, 10, 20), "ouh-lunge-j", "2025b", 2.7, 33),
    ]:
        r.dlco(b, when, org, val, pct, encounter=e[ekey])

    r.microbiology(
        b,
        at(2023, 2, 6, 21),
        "sle-kma",
        "Ekspektorat, dyrkning og resistensbestemmelse",
        "624-7",
        "Haemophilus influenzae",
        [
            ("Ampicillin", "R"),
            ("Amoxicillin med clavulansyre", "S"),
            ("Cefuroxim", "S"),
            ("Ciprofloxacin", "S"),
            ("Tetracyclin", "S"),
            ("Trimethoprim-sulfamethoxazol", "I"),
        ],
        "Rigelig vækst af Haemophilus influenzae (betalaktamaseproducerende).",
        encounter=e["2023a"],
    )

    imaging = [
        (
            at(2019, 3, 27, 14),
            "sle-radiologi",
            "CT af thorax",
            None,
            "Heterogent emfysem med overvægt i højre overlap.",
            t.CT_2019,
        ),
        (
            at(2019, 8, 26, 11),
            "ouh-radiologi",
            "CT af thorax",
            None,
            "Højre overlap egnet som mållap for ventilbehandling.",
            t.CT_OUH_2019,
        ),
        (
            at(2020, 1, 14, 8),
            "ouh-radiologi",
            "Røntgen af thorax",
            "2020a",
            "Ventiler in situ. Ingen pneumothorax.",
            t.XR_2020,
        ),
        (at(2022, 5, 23, 13), "ouh-radiologi", "CT af thorax", None, "Bevaret effekt af ventilbehandling.", t.CT_2022),
        (
            at(2023, 2, 6, 20, 30),
            "sle-radiologi",
            "Røntgen af thorax",
            "2023a",
            "Pneumoni i højre underlap.",
            t.XR_2023,
        ),
        (
            at(2024, 6, 3, 13),
            "ouh-radiologi",
            "CT af thorax",
            None,
            "Tab af atelektase, mistanke om granulationsvæv ved ventil.",
            t.CT_2024,
        ),
        (at(2024, 12, 2, 22, 30), "sle-radiologi", "Røntgen af thorax", "2024c", "Intet akut.", t.XR_2024),
        (
            at(2025, 9, 15, 12),
            "ouh-radiologi",
            "CT af thorax",
            None,
            "Ingen effekt af ventilbehandling. Progression af emfysem.",
            t.CT_2025,
        ),
        (
            at(2026, 9, 14, 22, 45),
            "sle-radiologi",
            "Røntgen af thorax",
            "2026a",
            "Ingen pneumoni eller pneumothorax.",
            t.XR_2026,
        ),
    ]
    for when, org, code_text, ekey, conclusion, text in imaging:
        r.imaging(b, when, org, code_text, conclusion, text, encounter=e.get(ekey or ""))


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
    _results(b, enc)
    poul_medication(b, enc)
    _vaccinations(b)
    _home(b)
    _appointments(b)
    _cave_and_audit(b)
    registrations.for_poul(b)
    return make_bundle(PID, b.resources, rel(-1, 23))

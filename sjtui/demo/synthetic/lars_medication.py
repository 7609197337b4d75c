"""Lars Henrik Kristensen's medication (inhalers, prophylaxis, prednisolone courses, the delirium's
quetiapine) and vaccinations."""

from __future__ import annotations

from . import clinical as c
from .common import RecordBuilder, at


def medication(b: RecordBuilder) -> None:
    _lung_medicines(b)
    _courses_and_other_medicines(b)


def _lung_medicines(b: RecordBuilder) -> None:
    kol = "Meget svær KOL"
    c.medication(
        b,
        "R03AL06",
        "Spiolto Respimat 2,5/2,5 mikrog/dosis",
        "stopped",
        at(2019, 11, 8),
        "2 pust 1 gang dagligt",
        kol,
        "ssa-lunge",
        end=at(2024, 3, 4),
        status_reason="Skiftet til Trimbow",
    )
    c.medication(
        b,
        "R03AL09",
        "Trimbow inhalationsspray 87/5/9 mikrog/dosis",
        "active",
        at(2024, 3, 4),
        "2 pust 2 gange dagligt, skyl munden efter brug",
        kol,
        "ssa-lunge",
    )
    c.medication(
        b,
        "R03AC02",
        "Ventoline Evohaler 0,1 mg/dosis",
        "active",
        at(2019, 11, 8),
        "1-2 pust ved behov",
        "Åndenød",
        "ssa-lunge",
    )
    c.medication(
        b,
        "J01FA10",
        'Azithromycin "Teva" 250 mg',
        "active",
        at(2025, 2, 23),
        "1 tablet mandag, onsdag og fredag",
        "Forebyggelse af KOL-eksacerbationer",
        "ssa-lunge",
    )


def _courses_and_other_medicines(b: RecordBuilder) -> None:
    for start in (at(2019, 11, 3), at(2021, 2, 11), at(2023, 1, 9), at(2025, 2, 17), at(2026, 10, 8)):
        c.medication(
            b,
            "H02AB06",
            'Prednisolon "DAK" tabletter 25 mg',
            "stopped",
            start,
            "37,5 mg dagligt i 5 dage",
            "KOL-eksacerbation",
            "ssa-lunge",
            end=start.replace(day=start.day + 4),
            status_reason="Kur afsluttet",
        )
    c.medication(
        b,
        "N05AH04",
        'Quetiapin "Accord" 25 mg',
        "stopped",
        at(2026, 10, 10),
        "12,5 mg ved behov ved uro om natten, højst 2 gange i døgnet",
        "Delirium",
        "ssa-lunge",
        end=at(2026, 10, 14),
        status_reason="Seponeret, delirium svundet",
    )
    c.medication(
        b,
        "C08CA01",
        'Amlodipin "Krka" 5 mg',
        "active",
        at(2020, 4, 1),
        "1 tablet dagligt",
        "Forhøjet blodtryk",
        "gp-broerup",
    )


def vaccinations(b: RecordBuilder) -> None:
    for year in range(2019, 2027):
        c.immunization(
            b,
            "J07BB02",
            "Influvac Tetra (influenzavaccine)",
            at(year, 10, 15, 11),
            "gp-broerup",
            1,
            f"IV{year}L",
            "Influenza",
        )
    c.immunization(
        b,
        "J07AL01",
        "Pneumovax (pneumokokvaccine, 23-valent)",
        at(2020, 1, 10),
        "gp-broerup",
        1,
        "PN23-0120",
        "Pneumokoksygdom",
    )
    for dose, when in enumerate(
        (at(2021, 3, 2), at(2021, 3, 23), at(2021, 10, 20), at(2023, 10, 18), at(2025, 10, 15)), start=1
    ):
        c.immunization(
            b,
            "J07BN01",
            "Comirnaty (COVID-19 mRNA-vaccine)",
            when,
            "sle-vacc",
            dose,
            f"CMT{when.year}L{dose}",
            "COVID-19",
        )

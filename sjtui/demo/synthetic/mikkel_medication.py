"""Mikkel Dahl Jeppesen's medication (substitution, the abscess' antibiotic, private-marked
psychiatric medication) and vaccinations."""

from __future__ import annotations

from . import clinical as c
from .common import RecordBuilder, at


def medication(b: RecordBuilder) -> None:
    _substitution_and_antibiotic(b)
    _psychiatric_medication(b)


def _substitution_and_antibiotic(b: RecordBuilder) -> None:
    c.medication(
        b,
        "N07BC02",
        'Metadon "DAK" oral opløsning 1 mg/ml',
        "stopped",
        at(2019, 8, 12),
        "85 mg dagligt, udleveres på misbrugscentret",
        "Opioidafhængighed",
        "odense-misbrug",
        end=at(2022, 3, 7),
        status_reason="Skiftet til buprenorphin/naloxon",
    )
    c.medication(
        b,
        "N07BC51",
        "Suboxone (buprenorphin/naloxon) 16/4 mg resoribletter",
        "active",
        at(2022, 3, 7),
        "1 resoriblet under tungen dagligt. Udleveres 2 gange ugentligt",
        "Opioidafhængighed",
        "odense-misbrug",
    )
    c.medication(
        b,
        "J01CF01",
        'Dicloxacillin "Sandoz" 500 mg',
        "stopped",
        at(2024, 7, 22),
        "2 kapsler 3 gange dagligt i 7 dage",
        "Hudabsces",
        "ouh-fam",
        end=at(2024, 7, 29),
        status_reason="Kur afsluttet",
    )


def _psychiatric_medication(b: RecordBuilder) -> None:
    """Private-marked, like the psychiatric course."""
    c.medication(
        b,
        "N06AB06",
        'Sertralin "Accord" 100 mg',
        "active",
        at(2021, 3, 1),
        "1 tablet om morgenen",
        "Depression",
        "pro-psyk",
        private=True,
    )
    c.medication(
        b,
        "N05AH03",
        'Olanzapin "Krka" 5 mg',
        "stopped",
        at(2021, 9, 1),
        "1 tablet til natten",
        "Søvnløshed og angst",
        "pro-psyk",
        end=at(2023, 4, 6),
        status_reason="Seponeret pga. vægtøgning",
        private=True,
    )
    c.medication(
        b,
        "N05AH04",
        'Quetiapin "Accord" 200 mg',
        "active",
        at(2023, 4, 6),
        "1 tablet til natten",
        "Søvnløshed og angst ved depression",
        "pro-p1",
        private=True,
    )


def vaccinations(b: RecordBuilder) -> None:
    for dose, when in enumerate((at(2019, 9, 2), at(2019, 10, 7), at(2020, 2, 10)), start=1):
        c.immunization(
            b,
            "J07BC01",
            "Engerix-B (hepatitis B-vaccine)",
            when,
            "odense-misbrug",
            dose,
            f"HBV{when.year}{dose}",
            "Hepatitis B",
        )
    for dose, when in enumerate((at(2021, 5, 18), at(2021, 6, 15)), start=1):
        c.immunization(
            b,
            "J07BN01",
            "Comirnaty (COVID-19 mRNA-vaccine)",
            when,
            "gp-odense",
            dose,
            f"CMT{when.year}M{dose}",
            "COVID-19",
        )
    for year in (2024, 2025, 2026):
        c.immunization(
            b,
            "J07BB02",
            "Influvac Tetra (influenzavaccine)",
            at(year, 10, 20, 10),
            "odense-misbrug",
            1,
            f"IV{year}M",
            "Influenza",
        )

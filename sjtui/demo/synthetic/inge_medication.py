"""Inge Margrethe Holm's medication (diabetes, heart failure, anticoagulation, the UTI course) and
vaccinations (given by the home care nurses)."""

from __future__ import annotations

from . import clinical as c
from .common import RecordBuilder, at

DM, HF = "Type 2-diabetes", "Hjertesvigt"


def medication(b: RecordBuilder) -> None:
    _diabetes_medicines(b)
    _heart_medicines(b)
    _other_medicines(b)


def _diabetes_medicines(b: RecordBuilder) -> None:
    c.medication(
        b,
        "A10BA02",
        'Metformin "Sandoz" 500 mg',
        "stopped",
        at(2012, 3, 1),
        "1 tablet 2 gange dagligt",
        DM,
        "gp-vejen",
        end=at(2023, 4, 17),
        status_reason="Seponeret pga. eGFR under 35",
    )
    c.medication(
        b,
        "A10AE04",
        "Abasaglar KwikPen (insulin glargin) 100 E/ml",
        "active",
        at(2019, 4, 8),
        "14 E subkutant kl. 21. Gives af hjemmeplejen",
        DM,
        "ssa-endo",
        asserted=at(2025, 10, 13),
    )
    c.medication(
        b,
        "A10AB05",
        "NovoRapid FlexPen (insulin aspart) 100 E/ml",
        "active",
        at(2022, 10, 10),
        "4-8 E subkutant til hovedmåltider efter blodsukkerskema",
        DM,
        "ssa-endo",
    )
    c.medication(
        b,
        "A10BK03",
        "Jardiance 10 mg",
        "active",
        at(2021, 5, 10),
        "1 tablet dagligt",
        f"{DM} og {HF.lower()}",
        "ssa-kardio",
    )


def _heart_medicines(b: RecordBuilder) -> None:
    c.medication(
        b, "C09DX04", "Entresto 24/26 mg", "active", at(2021, 5, 10), "1 tablet 2 gange dagligt", HF, "ssa-kardio"
    )
    c.medication(
        b,
        "C07AB07",
        'Bisoprolol "Teva" 2,5 mg',
        "active",
        at(2018, 6, 1),
        "1 tablet dagligt",
        f"{HF} og atrieflimren",
        "ssa-kardio",
    )
    c.medication(
        b,
        "C03CA01",
        "Furix (furosemid) 40 mg",
        "active",
        at(2024, 1, 20),
        "1 tablet om morgenen. 16.-18. november 2026: 2 tabletter",
        HF,
        "gp-vejen",
        asserted=at(2026, 11, 16),
    )
    c.medication(
        b,
        "C03DA01",
        'Spironolacton "Orion" 25 mg',
        "on-hold",
        at(2021, 5, 10),
        "1 tablet dagligt (pauseret)",
        HF,
        "ssa-kardio",
        asserted=at(2026, 8, 20),
        status_reason="Pauseret 20-08-2026 pga. kalium 5,7 mmol/l",
    )
    c.medication(
        b,
        "B01AF02",
        "Eliquis (apixaban) 2,5 mg",
        "active",
        at(2019, 1, 10),
        "1 tablet 2 gange dagligt",
        "Atrieflimren, forebyggelse af blodprop",
        "gp-vejen",
    )


def _other_medicines(b: RecordBuilder) -> None:
    c.medication(
        b,
        "J01MA02",
        'Ciprofloxacin "Krka" 500 mg',
        "stopped",
        at(2026, 6, 12),
        "1 tablet 2 gange dagligt i 7 dage",
        "Urinvejsinfektion, E. coli",
        "ssa-med",
        end=at(2026, 6, 19),
        status_reason="Kur afsluttet",
    )
    c.medication(
        b,
        "N02BE01",
        "Panodil (paracetamol) 500 mg",
        "active",
        at(2020, 2, 1),
        "2 tabletter 3 gange dagligt",
        "Smerter i knæ",
        "gp-vejen",
    )


def vaccinations(b: RecordBuilder) -> None:
    for year in range(2019, 2027):
        c.immunization(
            b,
            "J07BB02",
            "Influvac Tetra (influenzavaccine)",
            at(year, 10, 6, 10),
            "vejen-hjemmesyg",
            1,
            f"IV{year}I",
            "Influenza",
        )
    c.immunization(
        b,
        "J07AL02",
        "Prevenar 13 (pneumokokvaccine, konjugeret)",
        at(2020, 9, 1),
        "gp-vejen",
        1,
        "PR13-0920",
        "Pneumokoksygdom",
    )
    for dose, when in enumerate(
        (
            at(2021, 1, 8),
            at(2021, 1, 29),
            at(2021, 9, 20),
            at(2022, 9, 28),
            at(2023, 10, 2),
            at(2024, 10, 1),
            at(2025, 10, 1),
        ),
        start=1,
    ):
        c.immunization(
            b,
            "J07BN01",
            "Comirnaty (COVID-19 mRNA-vaccine)",
            when,
            "vejen-hjemmesyg",
            dose,
            f"CMT{when.year}I{dose}",
            "COVID-19",
        )

"""Poul Erik Madsen's results: blood tests, blood gases, lung function, the 2023 sputum culture
and imaging with the radiology reports, linked to the encounters of his courses by key."""

from __future__ import annotations

from datetime import datetime

from . import poul_notes as t
from . import results as r
from .common import RecordBuilder, at

# (when, department, what, encounter key or None, conclusion, report text)
_IMAGING: list[tuple[datetime, str, str, str | None, str, str]] = [
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


def results(b: RecordBuilder, e: dict[str, str]) -> None:
    """All of Poul's results; `e` maps course keys (e.g. "2023a") to encounter ids."""
    _blood_tests(b, e)
    _blood_gases(b, e)
    _lung_function(b, e)
    _sputum_culture(b, e)
    _imaging(b, e)


def _blood_tests(b: RecordBuilder, e: dict[str, str]) -> None:
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


def _blood_gases(b: RecordBuilder, e: dict[str, str]) -> None:
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


def _lung_function(b: RecordBuilder, e: dict[str, str]) -> None:
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


def _sputum_culture(b: RecordBuilder, e: dict[str, str]) -> None:
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


def _imaging(b: RecordBuilder, e: dict[str, str]) -> None:
    for when, org, code_text, ekey, conclusion, text in _IMAGING:
        r.imaging(b, when, org, code_text, conclusion, text, encounter=e.get(ekey or ""))

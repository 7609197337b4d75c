"""Inge Margrethe Holm's results: lab trends over years (slowly failing kidneys), daily home weight
and blood pressure, and the 2026 admission's blood tests and E. coli urine culture."""

from __future__ import annotations

import random

from . import results as r
from .codes import WEIGHT
from .common import RecordBuilder, at, rel

SCALE = "Personvægt (hjemmeplejens KIH-udstyr)"
BP = "Blodtryksmåler (hjemmeplejens KIH-udstyr)"

# HbA1c, kreatinin, eGFR, kalium, natrium, hæmoglobin: two sets a year, slowly failing kidneys.
_TREND = [
    (at(2019, 4, 8), 62, 98, 48, 4.2, 139, 7.6),
    (at(2019, 10, 14), 58, 101, 46, 4.3, 140, 7.5),
    (at(2020, 4, 6), 55, 104, 45, 4.4, 138, 7.4),
    (at(2020, 10, 12), 57, 103, 45, 4.2, 139, 7.6),
    (at(2021, 4, 19), 54, 106, 44, 4.4, 138, 7.3),
    (at(2021, 10, 11), 52, 108, 42, 4.5, 137, 7.4),
    (at(2022, 4, 4), 55, 112, 40, 4.6, 138, 7.2),
    (at(2022, 10, 10), 58, 115, 38, 4.7, 137, 7.1),
    (at(2023, 4, 17), 53, 121, 35, 4.6, 138, 7.2),
    (at(2023, 10, 9), 51, 124, 34, 4.8, 136, 7.0),
    (at(2024, 4, 8), 50, 118, 36, 4.7, 137, 7.1),
    (at(2024, 10, 14), 49, 126, 33, 4.9, 138, 7.0),
    (at(2025, 4, 7), 52, 129, 32, 5.0, 137, 6.9),
    (at(2025, 10, 13), 54, 133, 31, 5.1, 136, 6.8),
    (at(2026, 4, 13), 51, 136, 30, 5.2, 137, 6.9),
    (at(2026, 8, 17), 53, 139, 29, 5.7, 135, 6.8),
    (at(2026, 8, 25), 53, 134, 30, 4.9, 137, 6.9),
    (at(2026, 11, 17), 50, 137, 29, 4.8, 136, 6.8),
]


def labs(b: RecordBuilder) -> None:
    for when, hba1c, kreat, egfr, k, na, hb in _TREND:
        values = {"kreat": kreat, "egfr": egfr, "k": k, "na": na, "hb": hb}
        if when.month in (4, 10) or when == _TREND[-1][0]:
            values = {"hba1c": hba1c, **values}
        r.lab_set(
            b, when.replace(hour=8, minute=15), "ssa-kba", values, interp={"k": "HH"} if k >= 5.7 else None, female=True
        )
        if when.month == 4:
            r.lab(b, "probnp", when.replace(hour=8, minute=15), 900 + 120 * (when.year - 2019), "ssa-kba")


def home(b: RecordBuilder) -> None:
    rng = random.Random(2311)
    for day in range(-42, 0):
        weight = 71.0 + rng.choice((-0.3, -0.1, 0.0, 0.1, 0.2))
        if day in (-7, -6, -5):
            weight += 0.7 * (day + 8)  # +0.7, +1.4, +2.1 kg: the fluid retention the GP acted on
        elif day in (-4, -3, -2, -1):
            weight += 1.2 + 0.3 * day  # falling again on more furosemide
        morning = rel(day, 8, 10 + rng.randint(0, 25))
        r.home(b, WEIGHT, morning, round(weight, 1), SCALE)
        r.home_bp(
            b,
            morning.replace(minute=morning.minute + 5),
            118 + rng.randint(0, 26) + (10 if day in (-6, -5) else 0),
            60 + rng.randint(0, 16),
            BP,
        )


def uti_2026_results(b: RecordBuilder, e26: str) -> None:
    """Blood tests and the urine culture with susceptibilities from the June 2026 admission."""
    r.lab_set(
        b,
        at(2026, 6, 10, 10),
        "ssa-kba",
        {"crp": 88, "leuk": 12.9, "kreat": 158, "egfr": 25, "k": 4.6, "gluk": 14.2},
        encounter=e26,
        female=True,
    )
    r.microbiology(
        b,
        at(2026, 6, 10, 11),
        "ssa-kma",
        "Urin, dyrkning og resistensbestemmelse",
        "630-4",
        "Escherichia coli",
        [
            ("Ampicillin", "R"),
            ("Mecillinam", "S"),
            ("Sulfamethizol", "R"),
            ("Trimethoprim", "R"),
            ("Nitrofurantoin", "S"),
            ("Ciprofloxacin", "S"),
            ("Cefuroxim", "S"),
            ("Piperacillin med tazobactam", "I"),
            ("Gentamicin", "S"),
        ],
        "Escherichia coli > 10⁵ CFU/ml. Resistent for ampicillin, sulfamethizol og trimethoprim.",
        encounter=e26,
    )

"""Inge Margrethe Holm's courses: the diabetes and heart failure clinics, the 2024 admission with
heart failure, the June 2026 admission with a urinary tract infection and a fall, and the GP's
telephone note in November 2026."""

from __future__ import annotations

from . import clinical as c
from . import inge_notes as t
from . import results as r
from .common import RecordBuilder, at
from .inge_results import uti_2026_results


def courses(b: RecordBuilder) -> None:
    """The two episodes with their encounters and notes, oldest first."""
    dm = c.episode(b, "Diabetesforløb", "ssa-endo", at(2019, 4, 8))
    hf = c.episode(b, "Hjertesvigtsforløb", "ssa-kardio", at(2021, 5, 10))
    _clinics_2019_2021(b, dm, hf)
    _heart_failure_admission_2024(b, hf)
    _uti_and_fall_2026(b)
    _heart_failure_2026(b, hf)


def _clinics_2019_2021(b: RecordBuilder, dm: str, hf: str) -> None:
    e19 = c.encounter(
        b,
        "AMB",
        at(2019, 4, 15, 10),
        at(2019, 4, 15, 10, 45),
        "ssa-endo",
        "Diabeteskontrol",
        diagnosis=("DE112", "Type 2-diabetes med nyrekomplikation"),
        episode_id=dm,
    )
    c.note(
        b,
        "ambulant",
        at(2019, 4, 15, 11),
        "ssa-endo",
        t.ENDO,
        "Ambulant notat",
        "Insulin glargin opstartet",
        t.ENDO_2019,
        encounter_id=e19,
    )
    e21 = c.encounter(
        b,
        "AMB",
        at(2021, 5, 10, 13),
        at(2021, 5, 10, 14),
        "ssa-kardio",
        "Hjertesvigt, LVEF 30 %",
        diagnosis=("DI500", "Kongestivt hjertesvigt"),
        episode_id=hf,
    )
    c.note(
        b,
        "ambulant",
        at(2021, 5, 10, 14, 10),
        "ssa-kardio",
        t.KARDIO,
        "Ambulant notat",
        "LVEF 30 %, Entresto og Jardiance opstartet",
        t.KARDIO_2021,
        encounter_id=e21,
    )


def _heart_failure_admission_2024(b: RecordBuilder, hf: str) -> None:
    e24 = c.encounter(
        b,
        "IMP",
        at(2024, 1, 14, 17),
        at(2024, 1, 20, 11),
        "ssa-med",
        "Inkompenseret hjertesvigt",
        diagnosis=("DI500", "Kongestivt hjertesvigt"),
        episode_id=hf,
    )
    r.lab(b, "probnp", at(2024, 1, 14, 18), 4200, "ssa-kba", encounter=e24)
    c.note(
        b,
        "epikrise",
        at(2024, 1, 20, 11),
        "ssa-med",
        t.MED,
        "Epikrise",
        "Inkompenseret hjertesvigt, furosemid øget",
        t.EPI_2024,
        encounter_id=e24,
    )


def _uti_and_fall_2026(b: RecordBuilder) -> None:
    e26 = c.encounter(
        b,
        "IMP",
        at(2026, 6, 10, 9),
        at(2026, 6, 14, 12),
        "ssa-med",
        "Urinvejsinfektion og fald",
        diagnosis=("DN390", "Urinvejsinfektion UNS"),
    )
    c.note(
        b,
        "sygepleje",
        at(2026, 6, 10, 13),
        "ssa-med",
        t.RN,
        "Sygeplejenotat",
        "Fald i hjemmet, feber, urin sendt til dyrkning",
        t.SYG_2026,
        encounter_id=e26,
    )
    uti_2026_results(b, e26)
    c.note(
        b,
        "epikrise",
        at(2026, 6, 14, 12),
        "ssa-med",
        t.MED,
        "Epikrise",
        "E. coli-UVI behandlet med ciprofloxacin (penicillinallergi)",
        t.EPI_2026,
        encounter_id=e26,
    )


def _heart_failure_2026(b: RecordBuilder, hf: str) -> None:
    e26b = c.encounter(
        b, "AMB", at(2026, 8, 20, 10), at(2026, 8, 20, 10, 40), "ssa-kardio", "Hjertesvigtskontrol", episode_id=hf
    )
    c.note(
        b,
        "ambulant",
        at(2026, 8, 20, 10, 50),
        "ssa-kardio",
        t.KARDIO,
        "Ambulant notat",
        "Hyperkaliæmi, spironolacton pauseret",
        t.KARDIO_2026,
        encounter_id=e26b,
    )
    c.note(
        b,
        "telefon",
        at(2026, 11, 16, 11, 20),
        "gp-vejen",
        t.GP,
        "Telefonnotat",
        "Vægtøgning 2,1 kg, furosemid øget i 3 dage",
        t.GP_2026,
        inline=True,
    )

"""Lars Henrik Kristensen's lung course: the COPD admissions and controls since 2019, the October
2026 admission with delirium (the webinar's second case) and the control after it."""

from __future__ import annotations

from . import clinical as c
from . import lars_notes as t
from . import results as r
from .codes import COPD_EXACERBATION
from .common import RecordBuilder, at
from .lars_results import admission_2026_results


def lung_course(b: RecordBuilder) -> None:
    """The lung episode with its encounters, notes and results, oldest first."""
    eoc = c.episode(b, "Lungeforløb: svær KOL", "ssa-lunge", at(2019, 11, 3))
    _exacerbations_2019_2021(b, eoc)
    _years_2023_2024(b, eoc)
    _hyperkapnia_2025(b, eoc)
    _admission_2026(b, eoc)
    _after_discharge_2026(b, eoc)


def _exacerbations_2019_2021(b: RecordBuilder, eoc: str) -> None:
    e19 = c.encounter(
        b,
        "IMP",
        at(2019, 11, 3, 18),
        at(2019, 11, 8, 11),
        "ssa-lunge",
        "KOL-eksacerbation",
        diagnosis=COPD_EXACERBATION,
        episode_id=eoc,
    )
    c.note(
        b,
        "epikrise",
        at(2019, 11, 8, 11),
        "ssa-lunge",
        t.DR2,
        "Epikrise",
        "KOL-eksacerbation, rygestop anbefalet",
        t.EPI_2019,
        encounter_id=e19,
    )
    r.lab_set(
        b,
        at(2019, 11, 3, 19),
        "ssa-kba",
        {"hb": 9.6, "crp": 48, "leuk": 11.8, "na": 139, "k": 4.1, "kreat": 88, "egfr": 80},
        encounter=e19,
    )
    e20 = c.encounter(b, "AMB", at(2020, 6, 15, 9), at(2020, 6, 15, 10), "ssa-lunge", "Kontrol KOL", episode_id=eoc)
    r.spirometry(b, at(2020, 6, 15, 9, 20), "ssa-lunge", 0.98, 2.62, 33, encounter=e20)
    e21 = c.encounter(
        b,
        "IMP",
        at(2021, 2, 11, 20),
        at(2021, 2, 16, 10),
        "ssa-lunge",
        "KOL-eksacerbation",
        diagnosis=COPD_EXACERBATION,
        episode_id=eoc,
    )
    r.lab_set(
        b,
        at(2021, 2, 11, 21),
        "ssa-kba",
        {"hb": 9.8, "crp": 61, "leuk": 12.6, "na": 137, "k": 3.9, "kreat": 90, "egfr": 78},
        encounter=e21,
    )


def _years_2023_2024(b: RecordBuilder, eoc: str) -> None:
    e23 = c.encounter(
        b,
        "IMP",
        at(2023, 1, 9, 15),
        at(2023, 1, 14, 11),
        "ssa-lunge",
        "KOL-eksacerbation med pneumoni",
        diagnosis=("DJ440", "KOL med akut nedre luftvejsinfektion"),
        episode_id=eoc,
    )
    r.lab_set(
        b,
        at(2023, 1, 9, 16),
        "ssa-kba",
        {"hb": 9.2, "crp": 118, "leuk": 14.9, "na": 135, "k": 3.7, "kreat": 95, "egfr": 72},
        encounter=e23,
    )
    e24 = c.encounter(b, "AMB", at(2024, 3, 4, 10), at(2024, 3, 4, 11), "ssa-lunge", "Kontrol KOL", episode_id=eoc)
    r.spirometry(b, at(2024, 3, 4, 10, 15), "ssa-lunge", 0.82, 2.41, 28, encounter=e24)
    r.lab(b, "eos", at(2024, 3, 4, 9, 50), 0.35, "ssa-kba", encounter=e24)
    c.note(
        b,
        "ambulant",
        at(2024, 3, 4, 11, 10),
        "ssa-lunge",
        t.DR,
        "Ambulant notat",
        "Skift til Trimbow",
        t.AMB_2024,
        encounter_id=e24,
    )


def _hyperkapnia_2025(b: RecordBuilder, eoc: str) -> None:
    e25 = c.encounter(
        b,
        "IMP",
        at(2025, 2, 17, 14),
        at(2025, 2, 23, 11),
        "ssa-lunge",
        "KOL-eksacerbation med hyperkapni",
        diagnosis=COPD_EXACERBATION,
        episode_id=eoc,
    )
    r.blood_gas(
        b,
        at(2025, 2, 17, 14, 20),
        "ssa-kba",
        {"ph": 7.31, "pco2": 7.9, "po2": 6.9, "so2": 85, "be": 4.2, "hco3": 31},
        encounter=e25,
        note="Uden ilt, ved indlæggelse",
    )
    c.note(
        b,
        "epikrise",
        at(2025, 2, 23, 11),
        "ssa-lunge",
        t.DR2,
        "Epikrise",
        "Hyperkapnisk eksacerbation, akut NIV",
        t.EPI_2025,
        encounter_id=e25,
    )
    c.note(
        b,
        "laege",
        at(2025, 11, 20, 9, 30),
        "gp-broerup",
        t.GP,
        "Konsultation",
        "Datter bekymret for hukommelse",
        t.GP_2025,
    )


def _admission_2026(b: RecordBuilder, eoc: str) -> None:
    """The admission the webinar describes (October 2026)."""
    e26 = c.encounter(
        b,
        "IMP",
        at(2026, 10, 8, 16),
        at(2026, 10, 19, 12),
        "ssa-lunge",
        "Svær KOL-eksacerbation, hyperkapni, delirium",
        diagnosis=COPD_EXACERBATION,
        episode_id=eoc,
    )
    c.condition(
        b,
        "DF050",
        "Delirium ikke fremkaldt af alkohol eller andre psykoaktive stoffer, uden demens",
        at(2026, 10, 10, 1),
        encounter=e26,
        active=False,
    )
    c.condition(b, "DJ961", "Kronisk respirationsinsufficiens", at(2026, 10, 8, 16), encounter=e26)
    admission_2026_results(b, e26)
    _admission_2026_notes(b, e26)


def _admission_2026_notes(b: RecordBuilder, e26: str) -> None:
    c.note(
        b,
        "sygepleje",
        at(2026, 10, 10, 5, 50),
        "ssa-lunge",
        t.RN_NIGHT,
        "Sygeplejenotat",
        "Delirøs om natten, hallucinationer, fast vagt",
        t.SYG_2026_A,
        encounter_id=e26,
    )
    c.note(
        b,
        "sygepleje",
        at(2026, 10, 12, 14),
        "ssa-lunge",
        t.RN,
        "Sygeplejenotat",
        "Klar, ked af sin adfærd under delirium",
        t.SYG_2026_B,
        encounter_id=e26,
    )
    c.note(
        b,
        "epikrise",
        at(2026, 10, 19, 12),
        "ssa-lunge",
        t.DR,
        "Epikrise",
        "Delirium under indlæggelse; frarådes bilkørsel; hjemme-NIV planlagt",
        t.EPI_2026,
        encounter_id=e26,
    )


def _after_discharge_2026(b: RecordBuilder, eoc: str) -> None:
    e26b = c.encounter(
        b, "AMB", at(2026, 11, 3, 10), at(2026, 11, 3, 11), "ssa-lunge", "Kontrol efter indlæggelse", episode_id=eoc
    )
    r.blood_gas(
        b,
        at(2026, 11, 3, 10, 15),
        "ssa-kba",
        {"ph": 7.37, "pco2": 7.4, "po2": 7.6, "so2": 88, "be": 5.9, "hco3": 32},
        encounter=e26b,
        note="Uden ilt, i hvile",
    )
    c.note(
        b,
        "ambulant",
        at(2026, 11, 3, 11, 5),
        "ssa-lunge",
        t.DR,
        "Ambulant notat",
        "Frarådes fortsat bilkørsel; NIV-opstart 03-12-2026",
        t.AMB_2026,
        encounter_id=e26b,
    )
    r.lab_set(
        b, at(2026, 11, 13, 8, 20), "ssa-kba", {"b12": 182, "tsh": 2.1, "ca": 2.38, "na": 138, "kreat": 89, "egfr": 76}
    )
    c.note(
        b,
        "telefon",
        at(2026, 11, 13, 11),
        "gp-broerup",
        t.GP,
        "Telefonnotat",
        "Hukommelse: blodprøver taget, udredning planlægges",
        t.GP_2026,
    )

"""Poul Erik Madsen's courses up to 2022: the referral, the work-up in Vejle, the endoscopic valve
treatment at OUH and the first years after it, with their notes. The later courses are in
poul_courses_decline."""

from __future__ import annotations

from . import clinical as c
from . import poul_notes as t
from .codes import COPD_EXACERBATION, EMPHYSEMA
from .common import RecordBuilder, at
from .poul_courses_decline import (
    admission_2026,
    after_discharge_2026,
    controls_and_pneumonia_2021_2023,
    decline_2024_2025,
    valve_revision_2023_2024,
)


def courses_and_notes(b: RecordBuilder) -> dict[str, str]:
    """Admissions and outpatient contacts with their notes; returns encounter ids by key."""
    e: dict[str, str] = {}
    sle = c.episode(b, "Lungeforløb: svær KOL/emfysem", "sle-lunge", at(2019, 3, 20))
    ouh = c.episode(b, "Endoskopisk lungevolumenreduktion (ventilbehandling)", "ouh-lunge-j", at(2019, 9, 2))
    for period in (
        _referral_2019,
        _valve_treatment_2019_2020,
        _after_the_valves_2020_2021,
        controls_and_pneumonia_2021_2023,
        valve_revision_2023_2024,
        decline_2024_2025,
        admission_2026,
        after_discharge_2026,
    ):
        period(b, e, sle, ouh)
    return e


def _referral_2019(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """The GP's referral, the first visit in Vejle and the CT answer."""
    c.note(
        b,
        "laege",
        at(2019, 2, 18, 9, 40),
        "gp-vejen",
        t.GP,
        "Konsultation: åndenød",
        "Svær obstruktion ved spirometri, henvist til lungeambulatoriet",
        t.GP_2019,
    )
    e["2019a"] = c.encounter(
        b,
        "AMB",
        at(2019, 3, 20, 9),
        at(2019, 3, 20, 11),
        "sle-lunge",
        "Udredning for svær KOL",
        diagnosis=EMPHYSEMA,
        episode_id=sle,
    )
    c.note(
        b,
        "ambulant",
        at(2019, 3, 20, 11, 30),
        "sle-lunge",
        t.SLE_DR,
        "Ambulant notat",
        "Første besøg: svær KOL, Spiolto opstartet",
        t.VEJLE_AMB_2019,
        encounter_id=e["2019a"],
    )
    e["2019b"] = c.encounter(
        b, "AMB", at(2019, 4, 10, 13), at(2019, 4, 10, 13, 30), "sle-lunge", "Svar på CT af thorax", episode_id=sle
    )
    c.note(
        b,
        "ambulant",
        at(2019, 4, 10, 13, 40),
        "sle-lunge",
        t.SLE_DR,
        "Ambulant notat",
        "Heterogent emfysem, henvist til OUH mhp. ventilbehandling",
        t.VEJLE_AMB_2019B,
        encounter_id=e["2019b"],
    )


def _valve_treatment_2019_2020(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """Assessment at OUH and the bronchoscopic valve treatment."""
    e["2019c"] = c.encounter(
        b,
        "AMB",
        at(2019, 9, 2, 10),
        at(2019, 9, 2, 12),
        "ouh-lunge-j",
        "Vurdering for ventilbehandling",
        diagnosis=EMPHYSEMA,
        episode_id=ouh,
    )
    c.note(
        b,
        "ambulant",
        at(2019, 9, 2, 12, 15),
        "ouh-lunge-j",
        t.OUH_DR,
        "Ambulant notat",
        "Egnet til ventilbehandling af højre overlap",
        t.OUH_AMB_2019,
        encounter_id=e["2019c"],
    )
    e["2020a"] = c.encounter(
        b,
        "IMP",
        at(2020, 1, 13, 8),
        at(2020, 1, 16, 11),
        "ouh-lunge-j",
        "Bronkoskopisk ventilbehandling",
        diagnosis=EMPHYSEMA,
        episode_id=ouh,
    )
    c.note(
        b,
        "sygepleje",
        at(2020, 1, 14, 14, 5),
        "ouh-lunge-j",
        t.OUH_RN,
        "Sygeplejenotat",
        "Dag 1 efter ventilanlæggelse, ingen tegn på pneumothorax",
        t.OUH_SYG_2020,
        encounter_id=e["2020a"],
    )
    c.note(
        b,
        "epikrise",
        at(2020, 1, 16, 11),
        "ouh-lunge-j",
        t.OUH_DR2,
        "Epikrise",
        "4 ventiler anlagt i højre overlap, ukompliceret",
        t.OUH_EPI_2020,
        encounter_id=e["2020a"],
    )


def _after_the_valves_2020_2021(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """The control after the valves and the 2021 exacerbation."""
    e["2020b"] = c.encounter(
        b,
        "AMB",
        at(2020, 4, 20, 9),
        at(2020, 4, 20, 10),
        "ouh-lunge-j",
        "Kontrol efter ventilbehandling",
        episode_id=ouh,
    )
    c.note(
        b,
        "ambulant",
        at(2020, 4, 20, 10, 10),
        "ouh-lunge-j",
        t.OUH_DR,
        "Ambulant notat",
        "God effekt af ventilbehandling, FEV1 43 %",
        t.OUH_AMB_2020,
        encounter_id=e["2020b"],
    )
    e["2021a"] = c.encounter(
        b,
        "IMP",
        at(2021, 1, 7, 16),
        at(2021, 1, 12, 12),
        "sle-lunge",
        "KOL-eksacerbation",
        diagnosis=COPD_EXACERBATION,
        episode_id=sle,
    )
    c.note(
        b,
        "epikrise",
        at(2021, 1, 12, 12),
        "sle-lunge",
        t.SLE_DR2,
        "Epikrise",
        "KOL-eksacerbation, behandlet med prednisolon og antibiotika",
        t.VEJLE_EPI_2021,
        encounter_id=e["2021a"],
    )

"""Poul Erik Madsen's courses from 2021 on: yearly controls, the pneumonia, the valve revision,
oxygen, the hyperkapnic admission in September 2026 and the care at home after it, with their
notes. Called in order from poul_courses.courses_and_notes."""

from __future__ import annotations

from . import clinical as c
from . import poul_notes as t
from .codes import COPD_EXACERBATION, EMPHYSEMA
from .common import RecordBuilder, at


def controls_and_pneumonia_2021_2023(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """Yearly controls in Vejle and at OUH, the 2023 pneumonia."""
    e["2021b"] = c.encounter(
        b, "AMB", at(2021, 6, 14, 10), at(2021, 6, 14, 11), "sle-lunge", "Årskontrol KOL", episode_id=sle
    )
    e["2022"] = c.encounter(
        b,
        "AMB",
        at(2022, 5, 30, 9),
        at(2022, 5, 30, 10),
        "ouh-lunge-j",
        "Årskontrol efter ventilbehandling",
        episode_id=ouh,
    )
    c.note(
        b,
        "ambulant",
        at(2022, 5, 30, 10, 5),
        "ouh-lunge-j",
        t.OUH_DR2,
        "Ambulant notat",
        "Ventiler in situ, bevaret effekt",
        t.OUH_AMB_2022,
        encounter_id=e["2022"],
    )
    e["2023a"] = c.encounter(
        b,
        "IMP",
        at(2023, 2, 6, 19),
        at(2023, 2, 11, 11),
        "sle-lunge",
        "KOL-eksacerbation med pneumoni",
        diagnosis=("DJ440", "KOL med akut nedre luftvejsinfektion"),
        episode_id=sle,
    )
    c.note(
        b,
        "sygepleje",
        at(2023, 2, 7, 7, 30),
        "sle-lunge",
        t.SLE_RN,
        "Sygeplejenotat",
        "Urolig nat, ilt 1 l/min, inhalationsteknik gennemgået",
        t.VEJLE_SYG_2023,
        encounter_id=e["2023a"],
    )
    c.note(
        b,
        "epikrise",
        at(2023, 2, 11, 11),
        "sle-lunge",
        t.SLE_DR2,
        "Epikrise",
        "Pneumoni i højre underlap, H. influenzae",
        t.VEJLE_EPI_2023,
        encounter_id=e["2023a"],
    )


def valve_revision_2023_2024(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """Waning effect of the valves and their revision at OUH."""
    e["2023b"] = c.encounter(
        b, "AMB", at(2023, 6, 12, 10), at(2023, 6, 12, 11), "sle-lunge", "Årskontrol KOL", episode_id=sle
    )
    e["2024a"] = c.encounter(
        b,
        "AMB",
        at(2024, 6, 10, 9),
        at(2024, 6, 10, 10),
        "ouh-lunge-j",
        "Aftagende effekt af ventilbehandling",
        episode_id=ouh,
    )
    c.note(
        b,
        "ambulant",
        at(2024, 6, 10, 10, 20),
        "ouh-lunge-j",
        t.OUH_DR,
        "Ambulant notat",
        "Tab af effekt, ventilrevision planlagt",
        t.OUH_AMB_2024,
        encounter_id=e["2024a"],
    )
    e["2024b"] = c.encounter(
        b,
        "IMP",
        at(2024, 9, 16, 8),
        at(2024, 9, 17, 12),
        "ouh-lunge-j",
        "Bronkoskopi med ventilrevision",
        diagnosis=EMPHYSEMA,
        episode_id=ouh,
    )
    c.note(
        b,
        "epikrise",
        at(2024, 9, 17, 12),
        "ouh-lunge-j",
        t.OUH_DR2,
        "Epikrise",
        "Ventilrevision, granulationsvæv fjernet",
        t.OUH_EPI_2024,
        encounter_id=e["2024b"],
    )


def decline_2024_2025(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """RS virus exacerbation, oxygen on exertion, the valves no longer work."""
    e["2024c"] = c.encounter(
        b,
        "IMP",
        at(2024, 12, 2, 21),
        at(2024, 12, 7, 10),
        "sle-lunge",
        "KOL-eksacerbation (RS-virus)",
        diagnosis=COPD_EXACERBATION,
        episode_id=sle,
    )
    c.note(
        b,
        "epikrise",
        at(2024, 12, 7, 10),
        "sle-lunge",
        t.SLE_DR2,
        "Epikrise",
        "KOL-eksacerbation, desaturation ved gang",
        t.VEJLE_EPI_2024,
        encounter_id=e["2024c"],
    )
    e["2025a"] = c.encounter(
        b,
        "AMB",
        at(2025, 3, 17, 10),
        at(2025, 3, 17, 12),
        "sle-lunge",
        "Vurdering for iltbehandling",
        diagnosis=("DJ961", "Kronisk respirationsinsufficiens"),
        episode_id=sle,
    )
    c.note(
        b,
        "ambulant",
        at(2025, 3, 17, 12, 10),
        "sle-lunge",
        t.SLE_DR,
        "Ambulant notat",
        "Ilt ved anstrengelse opstartet",
        t.VEJLE_AMB_2025,
        encounter_id=e["2025a"],
    )
    e["2025b"] = c.encounter(
        b, "AMB", at(2025, 9, 22, 10), at(2025, 9, 22, 11), "ouh-lunge-j", "Årskontrol ventilbehandling", episode_id=ouh
    )
    c.note(
        b,
        "ambulant",
        at(2025, 9, 22, 11, 15),
        "ouh-lunge-j",
        t.OUH_DR,
        "Ambulant notat",
        "Ventilbehandlingen virker ikke længere",
        t.OUH_AMB_2025,
        encounter_id=e["2025b"],
    )


def admission_2026(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """The hyperkapnic exacerbation in September 2026 (NIV)."""
    e["2026a"] = c.encounter(
        b,
        "IMP",
        at(2026, 9, 14, 22),
        at(2026, 9, 19, 11),
        "sle-lunge",
        "Svær KOL-eksacerbation med hyperkapni",
        diagnosis=COPD_EXACERBATION,
        episode_id=sle,
    )
    c.note(
        b,
        "sygepleje",
        at(2026, 9, 16, 6, 45),
        "sle-lunge",
        t.SLE_RN,
        "Sygeplejenotat",
        "NIV om natten, bedre gasser",
        t.VEJLE_SYG_2026,
        encounter_id=e["2026a"],
    )
    c.note(
        b,
        "epikrise",
        at(2026, 9, 19, 11),
        "sle-lunge",
        t.SLE_DR2,
        "Epikrise",
        "Hyperkapnisk KOL-eksacerbation, NIV i 2 døgn",
        t.VEJLE_EPI_2026,
        encounter_id=e["2026a"],
    )


def after_discharge_2026(b: RecordBuilder, e: dict[str, str], sle: str, ouh: str) -> None:
    """The control after discharge, the GP and the telephone consultation."""
    e["2026b"] = c.encounter(
        b, "AMB", at(2026, 10, 5, 10), at(2026, 10, 5, 11), "sle-lunge", "Kontrol efter indlæggelse", episode_id=sle
    )
    c.note(
        b,
        "ambulant",
        at(2026, 10, 5, 11, 20),
        "sle-lunge",
        t.SLE_DR,
        "Ambulant notat",
        "MRC 5, hjemmemonitorering opstartet, prednisolon pauseret",
        t.VEJLE_AMB_2026,
        encounter_id=e["2026b"],
    )
    c.note(
        b,
        "laege",
        at(2026, 10, 28, 10, 15),
        "gp-vejen",
        t.GP,
        "Konsultation",
        "Dårligere, kontakt til kommunens KOL-sygeplejerske",
        t.GP_2026,
    )
    e["2026c"] = c.encounter(
        b,
        "VR",
        at(2026, 11, 12, 13),
        at(2026, 11, 12, 13, 30),
        "sle-lunge",
        "Telefonkonsultation med KOL-sygeplejerske",
        episode_id=sle,
    )
    c.note(
        b,
        "telefon",
        at(2026, 11, 12, 13, 40),
        "sle-lunge",
        t.SLE_DR,
        "Telefonnotat",
        "Morfin mod åndenød, natlig monitorering i hjemmet",
        t.VEJLE_TLF_2026,
        encounter_id=e["2026c"],
    )

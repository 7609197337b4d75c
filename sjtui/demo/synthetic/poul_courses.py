"""Poul Erik Madsen's courses: admissions and outpatient contacts with their notes."""

from __future__ import annotations

from . import clinical as c
from . import poul_notes as t
from .common import RecordBuilder, at

OUH_DR = "Overlæge Henrik Bøgvad, Lungemedicinsk afdeling J"
OUH_DR2 = "Afdelingslæge Maria Kjærsgaard, Lungemedicinsk afdeling J"
OUH_RN = "Sygeplejerske Louise Tranberg, Lungemedicinsk afdeling J"
SLE_DR = "Overlæge Niels Ravnholt, Lungesektionen"
SLE_DR2 = "Reservelæge Sara Lindkvist, Lungesektionen"
SLE_RN = "Lungesygeplejerske Anne Fogh, Lungesektionen"
GP = "Praktiserende læge Jens Vestergaard"


def courses_and_notes(b: RecordBuilder) -> dict[str, str]:
    """Admissions and outpatient contacts with their notes; returns encounter ids by key."""
    e: dict[str, str] = {}
    sle = c.episode(b, "Lungeforløb: svær KOL/emfysem", "sle-lunge", at(2019, 3, 20))
    ouh = c.episode(b, "Endoskopisk lungevolumenreduktion (ventilbehandling)", "ouh-lunge-j", at(2019, 9, 2))
    emf = ("DJ439", "Emfysem UNS")
    exa = ("DJ441", "Kronisk obstruktiv lungesygdom med akut eksacerbation")

    c.note(
        b,
        "laege",
        at(2019, 2, 18, 9, 40),
        "gp-vejen",
        GP,
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
        diagnosis=emf,
        episode_id=sle,
    )
    c.note(
        b,
        "ambulant",
        at(2019, 3, 20, 11, 30),
        "sle-lunge",
        SLE_DR,
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
        SLE_DR,
        "Ambulant notat",
        "Heterogent emfysem, henvist til OUH mhp. ventilbehandling",
        t.VEJLE_AMB_2019B,
        encounter_id=e["2019b"],
    )
    e["2019c"] = c.encounter(
        b,
        "AMB",
        at(2019, 9, 2, 10),
        at(2019, 9, 2, 12),
        "ouh-lunge-j",
        "Vurdering for ventilbehandling",
        diagnosis=emf,
        episode_id=ouh,
    )
    c.note(
        b,
        "ambulant",
        at(2019, 9, 2, 12, 15),
        "ouh-lunge-j",
        OUH_DR,
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
        diagnosis=emf,
        episode_id=ouh,
    )
    c.note(
        b,
        "sygepleje",
        at(2020, 1, 14, 14, 5),
        "ouh-lunge-j",
        OUH_RN,
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
        OUH_DR2,
        "Epikrise",
        "4 ventiler anlagt i højre overlap, ukompliceret",
        t.OUH_EPI_2020,
        encounter_id=e["2020a"],
    )
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
        OUH_DR,
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
        diagnosis=exa,
        episode_id=sle,
    )
    c.note(
        b,
        "epikrise",
        at(2021, 1, 12, 12),
        "sle-lunge",
        SLE_DR2,
        "Epikrise",
        "KOL-eksacerbation, behandlet med prednisolon og antibiotika",
        t.VEJLE_EPI_2021,
        encounter_id=e["2021a"],
    )
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
        OUH_DR2,
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
        SLE_RN,
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
        SLE_DR2,
        "Epikrise",
        "Pneumoni i højre underlap, H. influenzae",
        t.VEJLE_EPI_2023,
        encounter_id=e["2023a"],
    )
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
        OUH_DR,
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
        diagnosis=emf,
        episode_id=ouh,
    )
    c.note(
        b,
        "epikrise",
        at(2024, 9, 17, 12),
        "ouh-lunge-j",
        OUH_DR2,
        "Epikrise",
        "Ventilrevision, granulationsvæv fjernet",
        t.OUH_EPI_2024,
        encounter_id=e["2024b"],
    )
    e["2024c"] = c.encounter(
        b,
        "IMP",
        at(2024, 12, 2, 21),
        at(2024, 12, 7, 10),
        "sle-lunge",
        "KOL-eksacerbation (RS-virus)",
        diagnosis=exa,
        episode_id=sle,
    )
    c.note(
        b,
        "epikrise",
        at(2024, 12, 7, 10),
        "sle-lunge",
        SLE_DR2,
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
        SLE_DR,
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
        OUH_DR,
        "Ambulant notat",
        "Ventilbehandlingen virker ikke længere",
        t.OUH_AMB_2025,
        encounter_id=e["2025b"],
    )
    e["2026a"] = c.encounter(
        b,
        "IMP",
        at(2026, 9, 14, 22),
        at(2026, 9, 19, 11),
        "sle-lunge",
        "Svær KOL-eksacerbation med hyperkapni",
        diagnosis=exa,
        episode_id=sle,
    )
    c.note(
        b,
        "sygepleje",
        at(2026, 9, 16, 6, 45),
        "sle-lunge",
        SLE_RN,
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
        SLE_DR2,
        "Epikrise",
        "Hyperkapnisk KOL-eksacerbation, NIV i 2 døgn",
        t.VEJLE_EPI_2026,
        encounter_id=e["2026a"],
    )
    e["2026b"] = c.encounter(
        b, "AMB", at(2026, 10, 5, 10), at(2026, 10, 5, 11), "sle-lunge", "Kontrol efter indlæggelse", episode_id=sle
    )
    c.note(
        b,
        "ambulant",
        at(2026, 10, 5, 11, 20),
        "sle-lunge",
        SLE_DR,
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
        GP,
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
        SLE_DR,
        "Telefonnotat",
        "Morfin mod åndenød, natlig monitorering i hjemmet",
        t.VEJLE_TLF_2026,
        encounter_id=e["2026c"],
    )
    return e

"""Mikkel Dahl Jeppesen's courses: opioid substitution treatment at the addiction centre, the
private-marked (meta.security R) psychiatric course, an acute abscess in 2024 and the centre's
telephone note with hostile text."""

from __future__ import annotations

from . import clinical as c
from . import mikkel_notes as t
from . import results as r
from .common import RecordBuilder, at


def courses(b: RecordBuilder) -> None:
    """The two episodes, then their encounters, notes and blood tests."""
    sub = c.episode(b, "Substitutionsbehandling (opioidafhængighed)", "odense-misbrug", at(2019, 8, 12))
    psy = c.episode(b, "Psykiatrisk forløb", "pro-psyk", at(2021, 3, 1), private=True)
    _substitution_treatment(b, sub)
    _psychiatry_2021_2023(b, psy)
    _psychiatry_2025(b, psy)
    _abscess_2024_and_liver_tests(b)
    _hostile_sms_note(b)


def _substitution_treatment(b: RecordBuilder, sub: str) -> None:
    e19 = c.encounter(
        b,
        "AMB",
        at(2019, 8, 12, 10),
        at(2019, 8, 12, 11),
        "odense-misbrug",
        "Indskrivning i substitutionsbehandling",
        diagnosis=("DF112", "Opioidafhængighed"),
        episode_id=sub,
    )
    c.note(
        b,
        "sygepleje",
        at(2019, 8, 12, 11, 30),
        "odense-misbrug",
        t.MC_DR,
        "Indskrivning",
        "Opstart af metadon",
        t.MC_2019,
        encounter_id=e19,
    )
    r.lab_set(
        b, at(2019, 8, 12, 10, 30), "ouh-kba", {"alat": 84, "bili": 12, "hb": 8.9, "kreat": 76, "egfr": 108, "crp": 3}
    )
    c.note(
        b,
        "laege",
        at(2022, 3, 7, 14),
        "odense-misbrug",
        t.MC_DR,
        "Lægenotat",
        "Skift til buprenorphin/naloxon",
        t.MC_2022,
    )


def _psychiatry_2021_2023(b: RecordBuilder, psy: str) -> None:
    """Private-marked: the assessment and the admission with a severe depressive episode."""
    e21 = c.encounter(
        b,
        "AMB",
        at(2021, 3, 1, 9),
        at(2021, 3, 1, 10, 30),
        "pro-psyk",
        "Depression, dobbeltdiagnose",
        diagnosis=("DF331", "Periodisk depression, moderat episode"),
        episode_id=psy,
        private=True,
    )
    c.note(
        b,
        "ambulant",
        at(2021, 3, 1, 11),
        "pro-psyk",
        t.PSY,
        "Ambulant notat",
        "Psykiatrisk vurdering",
        t.PSY_2021,
        encounter_id=e21,
        private=True,
    )
    e23 = c.encounter(
        b,
        "IMP",
        at(2023, 4, 3, 15),
        at(2023, 4, 12, 11),
        "pro-p1",
        "Svær depressiv episode",
        diagnosis=("DF332", "Periodisk depression, svær episode uden psykotiske symptomer"),
        episode_id=psy,
        private=True,
    )
    c.note(
        b,
        "epikrise",
        at(2023, 4, 12, 11),
        "pro-p1",
        t.PSY,
        "Epikrise",
        "Psykiatrisk indlæggelse",
        t.PSY_EPI_2023,
        encounter_id=e23,
        private=True,
    )


def _psychiatry_2025(b: RecordBuilder, psy: str) -> None:
    e25 = c.encounter(
        b, "AMB", at(2025, 9, 9, 13), at(2025, 9, 9, 14), "pro-psyk", "Samtale", episode_id=psy, private=True
    )
    c.note(
        b,
        "ambulant",
        at(2025, 9, 9, 14, 5),
        "pro-psyk",
        t.PSY2,
        "Ambulant notat",
        "Samtale",
        t.PSY_2025,
        encounter_id=e25,
        private=True,
    )


def _abscess_2024_and_liver_tests(b: RecordBuilder) -> None:
    e24 = c.encounter(
        b,
        "AMB",
        at(2024, 7, 22, 19),
        at(2024, 7, 22, 22),
        "ouh-fam",
        "Absces på underarm",
        diagnosis=("DL024", "Hudabsces på ekstremitet"),
    )
    c.note(
        b,
        "laege",
        at(2024, 7, 22, 22),
        "ouh-fam",
        t.FAM,
        "Akutnotat",
        "Absces incideret, dicloxacillin",
        t.FAM_2024,
        encounter_id=e24,
    )
    r.lab_set(
        b,
        at(2024, 7, 22, 19, 30),
        "ouh-kba",
        {"crp": 34, "leuk": 11.2, "hb": 8.7, "alat": 58, "kreat": 79, "egfr": 106},
        encounter=e24,
    )
    r.lab_set(
        b, at(2026, 5, 4, 8, 30), "ouh-kba", {"alat": 41, "bili": 9, "hb": 9.0, "crp": 2, "kreat": 81, "egfr": 104}
    )


def _hostile_sms_note(b: RecordBuilder) -> None:
    """Unmarked, with Rich markup and terminal escapes in the title, summary and text."""
    c.note(
        b,
        "telefon",
        at(2026, 11, 17, 10, 10),
        "odense-misbrug",
        t.MC_RN,
        "Telefonnotat [bold]SMS[/bold]",
        "SMS fra borger: [bold red]markup[/] \u001b[31mANSI\u001b[0m",
        t.MC_2026.format(hostile=t.HOSTILE),
    )

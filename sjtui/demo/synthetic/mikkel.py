"""Mikkel Dahl Jeppesen: opioid substitution treatment at a municipal addiction centre, with
private-marked (meta.security R) psychiatric notes, diagnoses and medication, plus ordinary
unmarked data. One unmarked note holds hostile text (Rich markup, ANSI/OSC escapes) so the UI's
literal rendering is exercised."""

from __future__ import annotations

from . import clinical as c
from . import results as r
from .common import Json, RecordBuilder, at, make_bundle, rel

PID = "mikkel"
NAME = "Mikkel Dahl Jeppesen"
MC_RN = "Sygeplejerske Camilla Winther, Misbrugscenter Odense"
MC_DR = "Læge Thomas Bjerre, Misbrugscenter Odense"
PSY = "Overlæge Signe Aagaard, Psykiatrisk Afdeling Odense"
PSY2 = "Psykolog Nikolaj Strand, Psykiatrisk Afdeling Odense"
FAM = "Reservelæge Line Kirk, Fælles Akutmodtagelse"
GP = "Praktiserende læge Ole Brix"

# Deliberately hostile for a terminal UI: Rich markup, an unbalanced closing tag, an SGR colour
# escape and an OSC title-setting escape. Must be shown literally, never interpreted.
HOSTILE = (
    "[bold red]markup[/] [link=http://example.invalid]klik her[/link] [/] "
    "\u001b[31mRØD TEKST\u001b[0m \u001b]0;titel-ændret\u0007 :warning:"
)

MC_2019 = """Indskrivning i substitutionsbehandling.
33-årig mand med opioidafhængighed siden ca. 2012 (heroin, periodevis i.v.). Ingen overdoser. Bor alene i lejlighed, på kontanthjælp.
Tidligere forsøgt afrusning 2016.
Metadon opstartes 30 mg, optrappes efter klinik. Udlevering dagligt på centret. Urinscreening ugentligt.
Tilbudt hepatitis B-vaccination og hepatitis C-test.
"""

MC_2022 = """Lægenotat.
Ønsker at skifte fra metadon til buprenorphin/naloxon pga. sedation og ønske om at kunne arbejde.
Skift gennemført over 3 dage uden abstinenser af betydning. Suboxone 16/4 mg dagligt. Udlevering 2 gange ugentligt.
"""

MC_2026 = """Sygeplejenotat, telefon.
Borger har sendt SMS i går aftes, gengivet ordret: "{hostile}"
Vurderet som fejlsendt/utilsigtet tekst. Borger kontaktet i dag, er velbefindende og møder til udlevering som aftalt. Ingen tegn på sidemisbrug ved seneste urinscreening.
"""

PSY_2021 = """Ambulant psykiatrisk vurdering (dobbeltdiagnose).
Henvist fra misbrugscentret pga. nedtrykthed, søvnløshed og selvmordstanker uden planer.
Ingen psykotiske symptomer. Tidligere depressive episoder.
Diagnose: Periodisk depression, nuværende episode moderat.
Plan: Sertralin 50 mg, øges til 100 mg. Samtaleforløb. Kriseplan udarbejdet.
"""

PSY_EPI_2023 = """Epikrise, psykiatrisk indlæggelse.
Indlagt frivilligt i 9 dage med svær depressiv episode og selvmordstanker efter sidemisbrug af benzodiazepiner.
Quetiapin 200 mg til natten tillagt for søvn og angst. Olanzapin seponeret pga. vægtøgning.
Udskrevet til fortsat ambulant forløb og substitutionsbehandling.
Diagnose: DF332 Periodisk depression, svær episode uden psykotiske symptomer.
"""

PSY_2025 = """Ambulant samtale.
Stabil stemning, ingen selvmordstanker. Sover 6-7 timer. Ingen sidemisbrug ifølge misbrugscentret.
Fortsætter sertralin 100 mg og quetiapin 200 mg. Næste samtale om 3 måneder.
"""

FAM_2024 = """Akutnotat.
Absces på venstre underarm efter tidligere injektionssted. Ingen feber. CRP 34.
Incideret og drænet i lokalbedøvelse. Dicloxacillin i 7 dage. Sårkontrol hos egen læge.
"""


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    c.patient(
        b,
        cpr="1405863457",
        given=["Mikkel", "Dahl"],
        family="Jeppesen",
        gender="male",
        birth="1986-05-14",
        line="Vesterbro 41, 2. th.",
        postal="5000",
        city="Odense C",
        phone="+4510500101",
        gp="gp-odense",
        marital=("U", "Ugift"),
    )
    c.related_person(
        b, given="Lone", family="Jeppesen", role="MTH", role_text="Mor", phone="+4510500102", updated=at(2019, 8, 12)
    )
    sub = c.episode(b, "Substitutionsbehandling (opioidafhængighed)", "odense-misbrug", at(2019, 8, 12))
    psy = c.episode(b, "Psykiatrisk forløb", "pro-psyk", at(2021, 3, 1), private=True)

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
        MC_DR,
        "Indskrivning",
        "Opstart af metadon",
        MC_2019,
        encounter_id=e19,
    )
    r.lab_set(
        b, at(2019, 8, 12, 10, 30), "ouh-kba", {"alat": 84, "bili": 12, "hb": 8.9, "kreat": 76, "egfr": 108, "crp": 3}
    )
    c.note(
        b, "laege", at(2022, 3, 7, 14), "odense-misbrug", MC_DR, "Lægenotat", "Skift til buprenorphin/naloxon", MC_2022
    )

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
        PSY,
        "Ambulant notat",
        "Psykiatrisk vurdering",
        PSY_2021,
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
        PSY,
        "Epikrise",
        "Psykiatrisk indlæggelse",
        PSY_EPI_2023,
        encounter_id=e23,
        private=True,
    )
    e25 = c.encounter(
        b, "AMB", at(2025, 9, 9, 13), at(2025, 9, 9, 14), "pro-psyk", "Samtale", episode_id=psy, private=True
    )
    c.note(
        b,
        "ambulant",
        at(2025, 9, 9, 14, 5),
        "pro-psyk",
        PSY2,
        "Ambulant notat",
        "Samtale",
        PSY_2025,
        encounter_id=e25,
        private=True,
    )

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
        FAM,
        "Akutnotat",
        "Absces incideret, dicloxacillin",
        FAM_2024,
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
    c.note(
        b,
        "telefon",
        at(2026, 11, 17, 10, 10),
        "odense-misbrug",
        MC_RN,
        "Telefonnotat [bold]SMS[/bold]",
        "SMS fra borger: [bold red]markup[/] \u001b[31mANSI\u001b[0m",
        MC_2026.format(hostile=HOSTILE),
    )

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

    c.appointment(
        b, rel(4, 9, 30), 30, "Samtale og udlevering af medicin", "odense-misbrug-amb", created=at(2026, 11, 17, 10)
    )
    c.appointment(
        b,
        rel(20, 13),
        60,
        "Samtale, psykiatrisk ambulatorium",
        "pro-psyk-amb",
        created=at(2026, 9, 9, 14),
        private=True,
    )
    c.appointment(
        b,
        at(2025, 9, 9, 13),
        60,
        "Samtale, psykiatrisk ambulatorium",
        "pro-psyk-amb",
        created=at(2025, 6, 3, 9),
        private=True,
    )
    c.audit_read(
        b,
        at(2026, 11, 17, 9, 55),
        "Sygeplejerske Camilla Winther",
        "odense-misbrug",
        "Samtykke: substitutionsbehandling",
    )
    return make_bundle(PID, b.resources, rel(-1, 23))

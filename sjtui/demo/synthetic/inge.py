"""Inge Margrethe Holm: home care, type 2 diabetes on insulin and heart failure; lab trends over
years, daily home weight and blood pressure, penicillin allergy, fall-risk Flag, E. coli
urine culture with susceptibilities."""

from __future__ import annotations

import random

from . import clinical as c
from . import results as r
from .codes import WEIGHT
from .common import Json, RecordBuilder, at, make_bundle, rel

PID = "inge"
NAME = "Inge Margrethe Holm"
KARDIO = "Overlæge Per Damgaard, Kardiologisk ambulatorium"
ENDO = "Afdelingslæge Rikke Holmgaard, Endokrinologisk ambulatorium"
MED = "Reservelæge Emil Vad, Medicinsk afdeling M"
RN = "Sygeplejerske Gitte Lauridsen, Medicinsk afdeling M"
GP = "Praktiserende læge Jens Vestergaard"
SCALE = "Personvægt (hjemmeplejens KIH-udstyr)"
BP = "Blodtryksmåler (hjemmeplejens KIH-udstyr)"

ENDO_2019 = """Ambulant diabeteskontrol.
78-årig kvinde med type 2-diabetes siden 2005, hjertesvigt og atrieflimren. Bor alene, hjemmepleje morgen og aften.
HbA1c 62 mmol/mol. Ingen hypoglykæmier. Fødder uden sår.
Plan: Insulin glargin 10 E til natten opstartes; hjemmeplejen administrerer. Metformin fortsætter. Kontrol om 6 måneder.
"""

KARDIO_2021 = """Hjertesvigtsklinikken.
Ekkokardiografi: LVEF 30 %, dilateret venstre ventrikel. NYHA II-III. Ankelødemer.
NT-proBNP 1850 ng/l. Kalium 4,4, eGFR 44.
Plan: Enalapril skiftes til Entresto 24/26 mg x 2. Jardiance 10 mg opstartes. Daglig vejning via hjemmeplejen; ved vægtøgning over 2 kg på 3 dage kontaktes egen læge.
"""

EPI_2024 = """Epikrise.
Indlagt med inkompenseret hjertesvigt: vægtøgning 4 kg, ødemer til knæene, åndenød om natten.
Behandlet med i.v. furosemid, vægttab 3,8 kg. Kreatinin steg fra 112 til 131, faldet igen til 118 ved udskrivelse.
Furosemid øget til 40 mg x 1. Hjemmeplejen er orienteret om daglig vejning.
Diagnose: DI500 Kongestivt hjertesvigt.
"""

SYG_2026 = """Sygeplejenotat.
Indlagt efter fald i hjemmet, fundet af hjemmeplejen om morgenen. Konfus, feber 38,4. Urinstix: leukocytter og nitrit positiv. Urin sendt til dyrkning.
CAVE penicillin (anafylaksi). Ingen frakturer ved røntgen af hofte.
Faldrisiko: oprettet advarsel. Bruger rollator; hjælp til forflytning.
"""

EPI_2026 = """Epikrise.
Indlagt med urinvejsinfektion og fald i hjemmet. Urindyrkning: Escherichia coli, følsom for ciprofloxacin og mecillinam. Pga. penicillinallergi (anafylaksi) er mecillinam ikke anvendt; behandlet med ciprofloxacin i 7 dage.
Let akut nyrepåvirkning (kreatinin 158), normaliseret til 136 ved udskrivelse. Metformin er tidligere seponeret.
Faldudredning: ortostatisk blodtryksfald; bisoprolol uændret, fysioterapi i kommunen.
Diagnoser: DN390 Urinvejsinfektion; DR296 Tendens til fald.
"""

KARDIO_2026 = """Hjertesvigtsklinikken.
Kalium 5,7 mmol/l og eGFR 29. Spironolacton pauseres. Ny kaliumkontrol om 1 uge via egen læge.
Vægt stabil omkring 71 kg. Blodtryk 118/64.
Plan: Fortsat Entresto, bisoprolol, furosemid og Jardiance. Kontrol om 3 måneder.
"""

GP_2026 = """Telefonnotat, henvendelse fra hjemmesygeplejen.
Vægtøgning 2,1 kg på 3 dage, lette ankelødemer, ikke åndenød i hvile. BT 142/78.
Plan: Furosemid øges til 80 mg dagligt i 3 dage, derefter tilbage til 40 mg. Hjemmesygeplejen fortsætter daglig vejning og melder tilbage fredag. Kaliumkontrol næste uge.
"""

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


def _labs(b: RecordBuilder) -> None:
    for when, hba1c, kreat, egfr, k, na, hb in _TREND:
        values = {"kreat": kreat, "egfr": egfr, "k": k, "na": na, "hb": hb}
        if when.month in (4, 10) or when == _TREND[-1][0]:
            values = {"hba1c": hba1c, **values}
        r.lab_set(
            b, when.replace(hour=8, minute=15), "ssa-kba", values, interp={"k": "HH"} if k >= 5.7 else None, female=True
        )
        if when.month == 4:
            r.lab(b, "probnp", when.replace(hour=8, minute=15), 900 + 120 * (when.year - 2019), "ssa-kba")


def _home(b: RecordBuilder) -> None:
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


def _medication(b: RecordBuilder) -> None:
    dm, hf = "Type 2-diabetes", "Hjertesvigt"
    c.medication(
        b,
        "A10BA02",
        'Metformin "Sandoz" 500 mg',
        "stopped",
        at(2012, 3, 1),
        "1 tablet 2 gange dagligt",
        dm,
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
        dm,
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
        dm,
        "ssa-endo",
    )
    c.medication(
        b,
        "A10BK03",
        "Jardiance 10 mg",
        "active",
        at(2021, 5, 10),
        "1 tablet dagligt",
        f"{dm} og {hf.lower()}",
        "ssa-kardio",
    )
    c.medication(
        b, "C09DX04", "Entresto 24/26 mg", "active", at(2021, 5, 10), "1 tablet 2 gange dagligt", hf, "ssa-kardio"
    )
    c.medication(
        b,
        "C07AB07",
        'Bisoprolol "Teva" 2,5 mg',
        "active",
        at(2018, 6, 1),
        "1 tablet dagligt",
        f"{hf} og atrieflimren",
        "ssa-kardio",
    )
    c.medication(
        b,
        "C03CA01",
        "Furix (furosemid) 40 mg",
        "active",
        at(2024, 1, 20),
        "1 tablet om morgenen. 16.-18. november 2026: 2 tabletter",
        hf,
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
        hf,
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


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    c.patient(
        b,
        cpr="2311411128",
        given=["Inge", "Margrethe"],
        family="Holm",
        gender="female",
        birth="1941-11-23",
        line="Ribevej 7",
        postal="6600",
        city="Vejen",
        phone="+4510400101",
        gp="gp-vejen",
        marital=("W", "Enke"),
    )
    c.related_person(
        b, given="Torben", family="Holm", role="SON", role_text="Søn", phone="+4510400102", updated=at(2019, 4, 8)
    )
    dm = c.episode(b, "Diabetesforløb", "ssa-endo", at(2019, 4, 8))
    hf = c.episode(b, "Hjertesvigtsforløb", "ssa-kardio", at(2021, 5, 10))
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
        ENDO,
        "Ambulant notat",
        "Insulin glargin opstartet",
        ENDO_2019,
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
        KARDIO,
        "Ambulant notat",
        "LVEF 30 %, Entresto og Jardiance opstartet",
        KARDIO_2021,
        encounter_id=e21,
    )
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
        MED,
        "Epikrise",
        "Inkompenseret hjertesvigt, furosemid øget",
        EPI_2024,
        encounter_id=e24,
    )
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
        RN,
        "Sygeplejenotat",
        "Fald i hjemmet, feber, urin sendt til dyrkning",
        SYG_2026,
        encounter_id=e26,
    )
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
    c.note(
        b,
        "epikrise",
        at(2026, 6, 14, 12),
        "ssa-med",
        MED,
        "Epikrise",
        "E. coli-UVI behandlet med ciprofloxacin (penicillinallergi)",
        EPI_2026,
        encounter_id=e26,
    )
    e26b = c.encounter(
        b, "AMB", at(2026, 8, 20, 10), at(2026, 8, 20, 10, 40), "ssa-kardio", "Hjertesvigtskontrol", episode_id=hf
    )
    c.note(
        b,
        "ambulant",
        at(2026, 8, 20, 10, 50),
        "ssa-kardio",
        KARDIO,
        "Ambulant notat",
        "Hyperkaliæmi, spironolacton pauseret",
        KARDIO_2026,
        encounter_id=e26b,
    )
    c.note(
        b,
        "telefon",
        at(2026, 11, 16, 11, 20),
        "gp-vejen",
        GP,
        "Telefonnotat",
        "Vægtøgning 2,1 kg, furosemid øget i 3 dage",
        GP_2026,
        inline=True,
    )
    _labs(b)
    _home(b)
    _medication(b)
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
    c.allergy(
        b,
        "Penicillin",
        criticality="high",
        kind="allergy",
        category="medication",
        manifestation="Anafylaksi med nældefeber og hævede læber (1998)",
        recorded=at(2019, 4, 15, 11),
        recorder=ENDO,
        atc="J01C",
    )
    c.flag(b, "Faldrisiko – faldet i hjemmet juni 2026, bruger rollator", at(2026, 6, 10, 13), "ssa-med", "safety")
    c.appointment(b, at(2026, 8, 20, 10), 40, "Hjertesvigtskontrol", "ssa-kardio-amb", created=at(2026, 5, 20, 9))
    c.appointment(
        b,
        rel(12, 11),
        40,
        "Hjertesvigtskontrol med blodprøver",
        "ssa-kardio-amb",
        created=at(2026, 8, 20, 11),
        instruction="Blodprøver tages 1 time før.",
    )
    c.appointment(b, rel(68, 9, 30), 30, "Diabeteskontrol", "ssa-endo-amb", created=at(2026, 10, 13, 9))
    c.audit_read(
        b,
        at(2026, 11, 16, 10, 50),
        "Sygeplejerske Lise Thomsen",
        "vejen-hjemmesyg",
        "Aktuelt behandlingsforløb: vægtøgning, hjertesvigt",
    )
    return make_bundle(PID, b.resources, rel(-1, 23))

"""Large synthetic records for scale tests and benchmarks, deterministic from a seed.

The record is one citizen with many years of chronic illness: encounters, notes with Binary
bodies, ~30 lab tests with flags, home vital signs, medication and appointments. Everything
derives from `random.Random(seed)` and the fixed REF_DATE, so the same seed gives the same JSON.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import clinical as c
from . import results as r
from .codes import LABS, PULSE, SPO2, WEIGHT
from .common import Json, RecordBuilder, make_bundle, rel

DEFAULT_CPR = "1506501234"  # fictitious, fails modulus 11

_DEPARTMENTS = [
    ("ouh-lunge-j", "ouh-kba"),
    ("sle-lunge", "sle-kba"),
    ("ssa-lunge", "ssa-kba"),
    ("ssa-kardio", "ssa-kba"),
    ("ssa-endo", "ssa-kba"),
    ("ssa-med", "ssa-kba"),
    ("ouh-fam", "ouh-kba"),
    ("sle-akut", "sle-kba"),
]
_DIAGNOSES = [
    ("DJ441", "Kronisk obstruktiv lungesygdom med akut eksacerbation"),
    ("DJ439", "Emfysem UNS"),
    ("DI500", "Kongestivt hjertesvigt"),
    ("DE112", "Type 2-diabetes med nyrekomplikation"),
    ("DN390", "Urinvejsinfektion UNS"),
    ("DI489", "Atrieflimren og atrieflagren UNS"),
    ("DJ189", "Pneumoni UNS"),
    ("DR296", "Tendens til fald"),
]
_SERVICES = ["sle-lunge-amb", "ouh-lunge-j-amb", "ssa-lunge-amb", "ssa-kardio-amb", "ssa-endo-amb", "gp-vejen-kons"]
_MEDS = [
    ("R03AL06", "Spiolto Respimat 2,5/2,5 mikrog/dosis", "2 pust 1 gang dagligt", "KOL"),
    ("R03AC02", "Ventoline Evohaler 0,1 mg/dosis", "1-2 pust ved behov", "Åndenød"),
    ("H02AB06", 'Prednisolon "DAK" 25 mg', "37,5 mg dagligt i 5 dage", "KOL-eksacerbation"),
    ("C03CA01", "Furix (furosemid) 40 mg", "1 tablet om morgenen", "Hjertesvigt"),
    ("C07AB07", 'Bisoprolol "Teva" 2,5 mg', "1 tablet dagligt", "Hjertesvigt"),
    ("A10AE04", "Abasaglar KwikPen 100 E/ml", "12-16 E til natten", "Type 2-diabetes"),
    ("A10BA02", 'Metformin "Sandoz" 500 mg', "1 tablet 2 gange dagligt", "Type 2-diabetes"),
    ("B01AF02", "Eliquis (apixaban) 5 mg", "1 tablet 2 gange dagligt", "Atrieflimren"),
    ("N02BE01", "Panodil (paracetamol) 500 mg", "2 tabletter 3 gange dagligt", "Smerter"),
    ("J01CR02", "Amoxicillin/clavulansyre 500/125 mg", "1 tablet 3 gange dagligt i 7 dage", "Pneumoni"),
    ("C10AA05", 'Atorvastatin "Krka" 40 mg', "1 tablet dagligt", "Forebyggelse"),
    ("M05BA04", 'Alendronat "Teva" 70 mg', "1 tablet ugentligt", "Osteoporose"),
]
_OPENINGS = [
    "Patienten ses til planlagt kontrol.",
    "Indlagt akut via egen læge.",
    "Telefonisk kontakt fra hjemmesygeplejen.",
    "Stuegang.",
    "Aftenvagt.",
    "Patienten er mødt med sin hustru.",
]
_FINDINGS = [
    "Let dyspnøisk i hvile, SpO2 91 % uden ilt.",
    "Afebril, BT 134/78, puls 82.",
    "Ødemer på underbenene, vægt øget 1,5 kg.",
    "Hoste med gulligt ekspektorat.",
    "Velbefindende, spiser og drikker.",
    "Blodsukre 6-11 mmol/l.",
    "Knitren basalt på højre side.",
    "Klar og orienteret, mobiliseret med rollator.",
]
_PLANS = [
    "Fortsat uændret behandling.",
    "Prednisolonkur i 5 dage.",
    "Furosemid øges midlertidigt.",
    "Kontrol af blodprøver om 1 uge.",
    "Henvises til fysioterapi i kommunen.",
    "Ny tid i ambulatoriet om 3 måneder.",
    "Hjemmesygeplejen følger vægt og blodtryk dagligt.",
]
_NOTE_KINDS = ["sygepleje", "laege", "ambulant", "epikrise", "telefon"]
_AUTHORS = [
    "Overlæge A. Holt",
    "Reservelæge B. Friis",
    "Sygeplejerske C. Dam",
    "Afdelingslæge D. Skov",
    "Sygeplejerske E. Lund",
]


def _moment(rng: random.Random, start: datetime, span_days: int) -> datetime:
    return start + timedelta(
        days=rng.randrange(span_days), hours=rng.randint(7, 20), minutes=rng.choice((0, 10, 15, 20, 30, 40, 45, 50))
    )


def _body(rng: random.Random) -> str:
    parts = [rng.choice(_OPENINGS), *rng.sample(_FINDINGS, 3), *rng.sample(_PLANS, 2)]
    return "\n".join(parts) + "\n"


def _lab_value(rng: random.Random, key: str) -> float:
    test = LABS[key]
    value = rng.gauss(test.typical, test.spread)
    if rng.random() < 0.15:  # some clearly abnormal results, so flags are exercised
        value *= rng.choice((0.6, 1.6, 2.5))
    return max(value, 0.01 if test.decimals else 1)


def generate_large_record(
    seed: int,
    *,
    years: int = 15,
    observations: int = 20000,
    notes: int = 2000,
    patient_id: str = "stor",
    cpr: str = DEFAULT_CPR,
    medications: int | None = None,
) -> Json:
    """A collection Bundle for one citizen with exactly `observations` Observations and `notes`
    DocumentReferences (each with a Binary body), plus encounters, `medications`
    MedicationStatements (default: three a year) and appointments."""
    rng = random.Random(seed)
    b = RecordBuilder(patient_id, "Erik Stor Jensen")
    _patient(b, cpr)
    span = years * 365
    start = rel(-span, 0)
    encounters = _encounters(b, rng, start, span, max(1, notes // 4))
    _notes(b, rng, encounters, notes)
    _observations(b, rng, encounters, start, span, observations)
    _medications(b, rng, start, span, medications if medications is not None else max(4, years * 3))
    _appointments(b, rng, start, span, max(4, years * 4))
    return make_bundle(f"{patient_id}-large", b.resources, rel(-1, 23))


def _patient(b: RecordBuilder, cpr: str) -> None:
    c.patient(
        b,
        cpr=cpr,
        given=["Erik", "Stor"],
        family="Jensen",
        gender="male",
        birth="1950-06-15",
        line="Nørregade 5",
        postal="6600",
        city="Vejen",
        phone="+4510700101",
        gp="gp-vejen",
        marital=("M", "Gift"),
    )


# (encounter id, start, department, the department's lab)
_Encounter = tuple[str, datetime, str, str]


def _encounters(b: RecordBuilder, rng: random.Random, start: datetime, span: int, count: int) -> list[_Encounter]:
    encounters: list[_Encounter] = []
    for _ in range(count):
        when = _moment(rng, start, span - 1)
        dept, lab_org = rng.choice(_DEPARTMENTS)
        cls = "IMP" if rng.random() < 0.3 else "AMB"
        end = when + (timedelta(days=rng.randint(1, 9)) if cls == "IMP" else timedelta(hours=1))
        end = min(end, rel(-1, 12))
        diagnosis = rng.choice(_DIAGNOSES)
        eid = c.encounter(b, cls, when, end, dept, diagnosis[1], diagnosis=diagnosis)
        encounters.append((eid, when, dept, lab_org))
    return encounters


def _notes(b: RecordBuilder, rng: random.Random, encounters: list[_Encounter], count: int) -> None:
    for i in range(count):
        eid, when, dept, _ = encounters[i % len(encounters)]
        kind = rng.choice(_NOTE_KINDS)
        at_time = when + timedelta(hours=rng.randint(0, 30))
        c.note(
            b,
            kind,
            at_time,
            dept,
            rng.choice(_AUTHORS),
            kind.capitalize(),
            rng.choice(_FINDINGS),
            _body(rng),
            encounter_id=eid,
        )


def _observations(
    b: RecordBuilder, rng: random.Random, encounters: list[_Encounter], start: datetime, span: int, count: int
) -> None:
    """Exactly `count` Observations: home vital signs and lab panels drawn at encounters."""
    lab_keys = sorted(LABS)
    made = 0
    vitals_share = 0.15
    while made < count:
        if rng.random() < vitals_share:
            when = _moment(rng, start, span - 1)
            test = rng.choice((SPO2, PULSE, WEIGHT))
            value = {"spo2": rng.randint(84, 99), "pulse": rng.randint(55, 115), "weight": round(rng.gauss(78, 3), 1)}[
                test.key
            ]
            r.home(b, test, when, value, "Hjemmemåleudstyr (KIH)")
            made += 1
            continue
        eid, when, _, lab_org = rng.choice(encounters)
        draw = when + timedelta(minutes=rng.choice((20, 30, 45)))
        for key in rng.sample(lab_keys, min(rng.randint(5, 12), count - made)):
            r.lab(b, key, draw, _lab_value(rng, key), lab_org, encounter=eid)
            made += 1


def _medications(b: RecordBuilder, rng: random.Random, start: datetime, span: int, count: int) -> None:
    for i in range(count):
        atc, name, dosage, reason = _MEDS[i % len(_MEDS)]
        begin = _moment(rng, start, span - 1)
        stopped = rng.random() < 0.6
        status = "stopped" if stopped else rng.choice(("active", "active", "on-hold"))
        stop = min(begin + timedelta(days=rng.randint(5, 900)), rel(-1)) if stopped else None
        c.medication(
            b,
            atc,
            name,
            status,
            begin,
            dosage,
            reason,
            "gp-vejen",
            end=stop,
            status_reason="Seponeret" if stopped else None,
        )


def _appointments(b: RecordBuilder, rng: random.Random, start: datetime, span: int, count: int) -> None:
    for i in range(count):
        future = i % 8 == 0
        when = rel(rng.randint(1, 120), rng.randint(8, 14)) if future else _moment(rng, start, span - 1)
        c.appointment(
            b,
            when,
            rng.choice((20, 30, 45, 60)),
            "Ambulant kontrol",
            rng.choice(_SERVICES),
            created=min(when - timedelta(days=30), rel(-1)),
        )

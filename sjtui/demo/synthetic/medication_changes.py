"""Medication cards with a change history, and medication linked to the admissions.

Poul's card (FMK) as successive versions any conformant R4 server can hold: a
MedicationStatement continuing an earlier one names it in `partOf`, a statement following a
prescription names it in `basedOn`, a MedicationRequest replacing another names it in
`priorPrescription`. Each version has its status, `statusReason` (why it was paused, stopped
or replaced), `effectivePeriod`, source, a note with its author (who changed it) and the
admission or visit it was ordered in (`context` / `encounter`).

`link_to_admissions` gives the statements of a finished bundle that name no course the
Encounter during which they started (Lars' courses).
"""

from __future__ import annotations

from datetime import date, datetime

from .clinical import _later
from .common import ATC_SYSTEM, REF_DATE, Json, RecordBuilder, at, coding, concept, iso, ref
from .organisations import org_ref

KOL = "Svær KOL"
# Poul's doctors, as his notes name them (display-only references, like every practitioner).
LUNGE_VEJLE = "Overlæge Niels Ravnholt, Lungesektionen"
LUNGE_VEJLE_2 = "Reservelæge Sara Lindkvist, Lungesektionen"
GP = "Praktiserende læge Jens Vestergaard"


def statement(
    b: RecordBuilder,
    drug: tuple[str, str],
    status: str,
    start: datetime,
    dosage: str,
    reason: str,
    source: str,
    *,
    end: datetime | None = None,
    status_reason: str = "",
    asserted: datetime | None = None,
    encounter: str = "",
    part_of: str = "",
    based_on: str = "",
    note: tuple[str, str] | None = None,
) -> str:
    """A MedicationStatement on the card: `drug` is (ATC, name with strength and form);
    `note` is (author, text) of the change."""
    period: Json = {"start": iso(start)}
    if end:
        period["end"] = iso(end)
    asserted = asserted or (end if end and end.date() <= REF_DATE else start)
    body: Json = {
        "status": status,
        "medicationCodeableConcept": concept(drug[1], coding(ATC_SYSTEM, drug[0])),
        **b.subject(),
        "effectivePeriod": period,
        "dateAsserted": iso(asserted),
        "informationSource": org_ref(source),
        "reasonCode": [{"text": reason}],
        "dosage": [{"text": dosage}],
    }
    if status_reason:
        body["statusReason"] = [{"text": status_reason}]
    if encounter:
        body["context"] = ref("Encounter", encounter)
    if part_of:
        body["partOf"] = [ref("MedicationStatement", part_of)]
    if based_on:
        body["basedOn"] = [ref("MedicationRequest", based_on)]
    if note:
        body["note"] = [{"authorString": note[0], "time": iso(asserted), "text": note[1]}]
    return b.add("MedicationStatement", body, updated=_later(asserted), kind="med")


def request(
    b: RecordBuilder,
    drug: tuple[str, str],
    status: str,
    authored: datetime,
    dosage: str,
    reason: str,
    requester: str,
    *,
    prior: str = "",
    status_reason: str = "",
    encounter: str = "",
) -> str:
    """A MedicationRequest (an ordination) by a named doctor; `prior` is the one it replaces."""
    body: Json = {
        "status": status,
        "intent": "order",
        "medicationCodeableConcept": concept(drug[1], coding(ATC_SYSTEM, drug[0])),
        **b.subject(),
        "authoredOn": iso(authored),
        "requester": {"display": requester},
        "reasonCode": [{"text": reason}],
        "dosageInstruction": [{"text": dosage}],
    }
    if prior:
        body["priorPrescription"] = ref("MedicationRequest", prior)
    if status_reason:
        body["statusReason"] = {"text": status_reason}
    if encounter:
        body["encounter"] = ref("Encounter", encounter)
    return b.add("MedicationRequest", body, updated=_later(authored), kind="ord")


BUFOMIX = ("R03AK07", "Bufomix Easyhaler 160/4,5 mikrog/dosis")
SPIOLTO = ("R03AL06", "Spiolto Respimat 2,5/2,5 mikrog/dosis")
VENTOLINE = ("R03AC02", "Ventoline Evohaler 0,1 mg/dosis")
PRED_25 = ("H02AB06", 'Prednisolon "DAK" tabletter 25 mg')
PRED_5 = ("H02AB06", 'Prednisolon "DAK" tabletter 5 mg')
ILT = ("V03AN01", "Ilt (medicinsk oxygen), bærbart iltapparat")
ALENDRONAT = ("M05BA04", 'Alendronat "Teva" 70 mg')
CALCIUM = ("A12AX", 'Calcium + D-vitamin "Orifarm" 400 mg/19 mikrog')
MORFIN = ("N02AA01", 'Morfin "Alternova" depottabletter 5 mg')


def _inhalers(b: RecordBuilder, enc: dict[str, str]) -> None:
    """Bufomix from the GP, its dose raised, then replaced by Spiolto at the lung clinic."""
    first = statement(
        b,
        BUFOMIX,
        "completed",
        at(2017, 5, 2),
        "1 inhalation 2 gange dagligt",
        KOL,
        "gp-vejen",
        end=at(2018, 2, 12),
        status_reason="Dosis øget: fortsat åndenød ved let anstrengelse",
        note=(GP, "Startet efter spirometri; KOL-sygeplejerske gennemgår inhalationsteknik"),
    )
    statement(
        b,
        BUFOMIX,
        "stopped",
        at(2018, 2, 12),
        "2 inhalationer 2 gange dagligt",
        KOL,
        "gp-vejen",
        end=at(2019, 3, 20),
        part_of=first,
        status_reason="Skiftet til Spiolto Respimat",
        note=(GP, "Dosis øget efter kontrol"),
    )
    statement(b, SPIOLTO, "active", at(2019, 3, 20), "2 pust 1 gang dagligt", KOL, "sle-lunge", encounter=enc["2019a"])
    statement(
        b,
        VENTOLINE,
        "active",
        at(2017, 5, 2),
        "1-2 pust ved behov, højst 8 pust i døgnet",
        "Åndenød",
        "sle-lunge",
    )


def _courses(b: RecordBuilder, enc: dict[str, str]) -> None:
    """Prednisolon and antibiotic courses, each ordered at its admission."""
    for start, end, key in (
        (at(2020, 1, 13), at(2020, 1, 17), "2020a"),
        (at(2021, 1, 7), at(2021, 1, 11), "2021a"),
        (at(2023, 2, 6), at(2023, 2, 10), "2023a"),
        (at(2024, 12, 2), at(2024, 12, 6), "2024c"),
        (at(2026, 9, 14), at(2026, 9, 18), "2026a"),
    ):
        statement(
            b,
            PRED_25,
            "stopped",
            start,
            "37,5 mg (1½ tablet) 1 gang dagligt i 5 dage",
            "KOL-eksacerbation",
            "ouh-lunge-j" if start.year in (2020,) else "sle-lunge",
            end=end,
            status_reason="Kur afsluttet",
            encounter=enc[key],
        )
    statement(
        b,
        ("J01CR02", 'Amoxicillin/clavulansyre "Aurobindo" 500/125 mg'),
        "stopped",
        at(2023, 2, 8),
        "1 tablet 3 gange dagligt i 7 dage",
        "Pneumoni, H. influenzae",
        "sle-lunge",
        end=at(2023, 2, 15),
        status_reason="Kur afsluttet",
        encounter=enc["2023a"],
    )
    statement(
        b,
        ("J01AA02", 'Doxycyklin "Orifarm" 100 mg'),
        "stopped",
        at(2026, 9, 15),
        "200 mg første dag, derefter 100 mg dagligt i 7 dage",
        "KOL-eksacerbation",
        "sle-lunge",
        end=at(2026, 9, 22),
        status_reason="Kur afsluttet",
        encounter=enc["2026a"],
    )


def _maintenance(b: RecordBuilder, enc: dict[str, str]) -> None:
    """Prednisolon 5 mg started after the 2024 admission, paused at the 2026 follow-up."""
    started = statement(
        b,
        PRED_5,
        "completed",
        at(2025, 12, 1),
        "1 tablet dagligt",
        "Vedligeholdelse, svær KOL",
        "sle-lunge",
        end=at(2026, 10, 5),
        note=(LUNGE_VEJLE, "Forsøg med lav dosis vedligeholdelse"),
    )
    statement(
        b,
        PRED_5,
        "on-hold",
        at(2026, 10, 5),
        "1 tablet dagligt",
        "Vedligeholdelse, svær KOL",
        "sle-lunge",
        asserted=at(2026, 10, 5),
        part_of=started,
        encounter=enc["2026b"],
        status_reason="Usikker effekt; vurderes ved næste kontrol",
        note=(LUNGE_VEJLE_2, "Pauseret ved kontrol efter indlæggelse"),
    )


def _oxygen_and_bones(b: RecordBuilder, enc: dict[str, str]) -> None:
    statement(
        b,
        ILT,
        "active",
        at(2025, 3, 17),
        "2 l/min via næsekateter ved anstrengelse; 1 l/min om natten efter aftale",
        "Kronisk respirationsinsufficiens, desaturation ved aktivitet",
        "sle-lunge",
        encounter=enc["2025a"],
    )
    # Alendronat paused for a tooth extraction, then resumed.
    given = statement(
        b,
        ALENDRONAT,
        "completed",
        at(2024, 1, 8),
        "1 tablet 1 gang ugentligt, fastende",
        "Osteoporoseprofylakse ved steroidbehandling",
        "gp-vejen",
        end=at(2025, 5, 12),
    )
    paused = statement(
        b,
        ALENDRONAT,
        "on-hold",
        at(2025, 5, 12),
        "1 tablet 1 gang ugentligt, fastende",
        "Osteoporoseprofylakse ved steroidbehandling",
        "gp-vejen",
        end=at(2025, 7, 1),
        asserted=at(2025, 5, 12),
        part_of=given,
        status_reason="Pause under tandudtrækning (risiko for kæbeknoglenekrose)",
        note=(GP, "Pause aftalt med tandlæge"),
    )
    statement(
        b,
        ALENDRONAT,
        "active",
        at(2025, 7, 1),
        "1 tablet 1 gang ugentligt, fastende",
        "Osteoporoseprofylakse ved steroidbehandling",
        "gp-vejen",
        part_of=paused,
        note=(GP, "Genoptaget efter tandlægens vurdering"),
    )
    statement(
        b,
        CALCIUM,
        "active",
        at(2024, 1, 8),
        "1 tablet 2 gange dagligt",
        "Osteoporoseprofylakse",
        "gp-vejen",
    )


def _morphine(b: RecordBuilder, enc: dict[str, str]) -> None:
    """Morfin ordered in 2025, the dose raised in November 2026 (prescriptions chained by
    priorPrescription; the card's statement is based on the current one)."""
    reason = "Åndenød ved svær KOL (palliativ behandling af dyspnø)"
    first = request(
        b,
        MORFIN,
        "completed",
        at(2025, 9, 22, 11),
        "1 tablet om aftenen",
        reason,
        LUNGE_VEJLE,
        status_reason="Dosis øget: tiltagende åndenød i hvile",
        encounter=enc["2025b"],
    )
    current = request(
        b,
        MORFIN,
        "active",
        at(2026, 11, 12, 13, 30),
        "1 tablet 2 gange dagligt (kl. 8 og 20)",
        reason,
        LUNGE_VEJLE_2,
        prior=first,
        encounter=enc["2026c"],
    )
    statement(
        b,
        MORFIN,
        "active",
        at(2026, 11, 12),
        "1 tablet 2 gange dagligt (kl. 8 og 20)",
        reason,
        "sle-lunge",
        based_on=current,
        encounter=enc["2026c"],
    )
    statement(
        b,
        ("A06AD65", "Movicol pulver til oral opløsning"),
        "active",
        at(2025, 9, 22),
        "1 brev dagligt",
        "Obstipationsprofylakse ved morfin",
        "sle-lunge",
        encounter=enc["2025b"],
    )


def poul_medication(b: RecordBuilder, enc: dict[str, str]) -> None:
    """Poul's medication card with its history; `enc` are his encounters by key."""
    _inhalers(b, enc)
    _courses(b, enc)
    _maintenance(b, enc)
    _oxygen_and_bones(b, enc)
    _morphine(b, enc)


# --- linking a finished bundle's medication to its admissions ----------------------------


def _day(value: str) -> date:
    return datetime.fromisoformat(value).date()


def link_to_admissions(bundle: Json) -> Json:
    """Each MedicationStatement that names no course gets the Encounter during which it
    started (an admission before an outpatient visit). Returns the bundle."""
    resources = [e["resource"] for e in bundle["entry"]]
    encounters = [r for r in resources if r["resourceType"] == "Encounter" and "period" in r]
    encounters.sort(key=lambda r: (r["class"]["code"] != "IMP", r["period"]["start"]))
    for med in resources:
        if med["resourceType"] != "MedicationStatement" or "context" in med:
            continue
        start = _day(med["effectivePeriod"]["start"])
        for enc in encounters:
            period = enc["period"]
            if _day(period["start"]) <= start <= _day(period.get("end", period["start"])):
                med["context"] = ref("Encounter", enc["id"])
                break
    return bundle

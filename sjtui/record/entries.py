"""The clinical entries: one type per pane of the record (and the citizen's card).

Plain frozen dataclasses, free of FHIR and of Textual, built by `sjtui.record.mapping` and
held by `sjtui.record.model.Record`. Text fields hold untrusted server text: the UI must
render them literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sjtui.record.model import Entry

# --- CAVE -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaveItem(Entry):
    # "allergy" | "warning" | "no-known" (a statement "no known (latex) allergy": never an
    # allergy) | "not-asked" (a statement that allergies are not known)
    kind: str
    title: str  # "Penicillin", "Smitterisiko: MRSA"
    detail: str  # reaction / flag text
    criticality: str  # "high" | "low" | "unable-to-assess" | ""
    active: bool
    status: str = "active"  # clinicalStatus / Flag status as given: active | inactive | resolved
    unconfirmed: bool = False  # verificationStatus unconfirmed / presumed: "ubekræftet"

    @property
    def is_cave(self) -> bool:
        """An active allergy or warning (what the banner lists as CAVE)."""
        return self.active and self.kind in ("allergy", "warning")


# --- Journal -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Note(Entry):
    kind: str  # "note" | "discharge" (epikrise) | "other"
    title: str  # document type display, "Epikrise", "Sygeplejenotat"
    author: str
    summary: str  # description, short
    body: str | None  # full text when already known (inline attachment), else None
    body_url: str  # attachment url to fetch on demand ("" when inline or absent)
    content_type: str


# --- Laboratory --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True, slots=True)
class LabComponent:
    """One value inside a panel (blood gas member, spirometry component)."""

    code: str
    name: str
    value: str  # formatted value as text ("7,32", "Positiv")
    numeric: float | None
    unit: str
    reference: ReferenceRange | None
    flag: str  # "H" | "L" | "A" | "HH" | "LL" | "" (text, never colour alone)


@dataclass(frozen=True, slots=True)
class Susceptibility:
    antibiotic: str
    result: str  # "S" | "I" | "R"


@dataclass(frozen=True, slots=True)
class LabResult(Entry):
    kind: str  # "single" | "panel" | "microbiology" | "spirometry" | "bloodgas"
    code: str  # NPU/LOINC code of the analysis (or panel)
    code_system: str
    name: str  # "P-Kalium", "Arteriel blodgas"
    value: str  # formatted value; "" for panels
    numeric: float | None
    unit: str
    reference: ReferenceRange | None
    flag: str
    components: tuple[LabComponent, ...] = ()
    organism: str = ""  # microbiology
    susceptibilities: tuple[Susceptibility, ...] = ()
    conclusion: str = ""
    status: str = ""


# --- Imaging -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImagingReport(Entry):
    title: str  # "CT af thorax"
    conclusion: str
    body: str | None  # full description text when inline
    body_url: str


# --- Medication (FMK) --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MedicationEntry(Entry):
    name: str  # "Spiolto Respimat"
    atc: str  # "R03AL06"
    status: str  # "active" | "paused" | "stopped" | "other"
    dosage: str  # dosage text
    reason: str  # indication text
    period_start: date | None
    period_end: date | None
    # What the change history is built from (`sjtui.record.medication_history`):
    fhir_status: str = ""  # the status as given ("on-hold", "completed", ...)
    status_reason: str = ""  # statusReason: why paused / stopped / changed
    note: str = ""  # note texts, joined
    practitioner: str = ""  # who (a practitioner's name as given), "" when not said
    asserted: datetime | None = None  # dateAsserted / authoredOn: when this version was recorded
    # Keys of the versions this one follows (priorPrescription, partOf, basedOn), as given.
    previous: tuple[str, ...] = ()
    # The earlier versions of the same drug folded into this row, oldest first.
    earlier: tuple[MedicationEntry, ...] = ()


# --- Vaccinations ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vaccination(Entry):
    name: str
    atc: str
    dose: str  # dose number as text ("2") or doseNumberString as given; the UI adds "Dosis"
    status: str


# --- Home measurements -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HomeMeasurement(Entry):
    code: str
    name: str  # "Iltmætning (SpO2)"
    value: str
    numeric: float | None
    unit: str
    reference: ReferenceRange | None  # thresholds
    flag: str
    device: str


# --- Appointments ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Appointment(Entry):
    """`date` is the start."""

    end: datetime | None
    status: str  # booked | cancelled | fulfilled | ...
    description: str
    location: str
    # The place's postal address as one line (the Location's, else the providing
    # department's or its hospital's), "" when none was given.
    address: str = ""


# --- Courses (forløb) --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A diagnosis of a course (a Condition): its code, which code system, and its text."""

    resource_key: str  # "Condition/x", or "" when only a reference display was given
    code: str  # "DJ441" (SKS), "J44.1" (ICD-10), "" when not coded
    system: str  # "SKS" | "ICD-10" | "SNOMED CT" | "" (other or none)
    text: str  # "KOL i exacerbation"


@dataclass(frozen=True, slots=True)
class Course(Entry):
    """An admission or outpatient course. `date` is the start."""

    end: datetime | None
    kind: str  # "inpatient" | "outpatient" | "episode"
    title: str  # reason/type text as given ("KOL i exacerbation"); the UI adds the kind word
    diagnosis: str
    episode_key: str = ""  # "EpisodeOfCare/x" an Encounter belongs to ("" if none)
    status: str = ""  # FHIR status as given: "in-progress", "finished", "active", ...
    # Every diagnosis of the course (Encounter/EpisodeOfCare.diagnosis, then Conditions that
    # point at the Encounter), in that order, no duplicates; `diagnosis` is the first's text.
    diagnoses: tuple[Diagnosis, ...] = ()


# --- Access log (MinLog view) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccessLogEntry(Entry):
    who: str
    organisation: str
    purpose: str  # a v3-ActReason code ("TREAT", "BTG"); the UI shows words
    reason: str  # the reason that applied (the break-the-glass reason for a break-the-glass)
    action: str
    opening: str = ""  # sjtui's opening id: the views of one opening are one action
    kind: str = ""  # sjtui's entry kind ("open", "pane-view", "break-glass", "search", ...)


# --- Basic card (stamkort) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relative:
    name: str
    relationship: str
    phone: str


@dataclass(frozen=True, slots=True)
class Citizen:
    """Patient demographics: what the banner and the basic card show."""

    resource_key: str  # "Patient/x"
    cpr: str  # 10 digits, no dash
    name: str
    given: str
    family: str
    birth_date: date | None
    gender: str  # "male" | "female" | "other" | "unknown"
    address: str  # one line; "" when protected
    phone: str
    protected: bool  # navne- og adressebeskyttelse (meta.security R on Patient)
    deceased: bool
    gp: str  # GP name / practice
    gp_phone: str
    language: str
    relatives: tuple[Relative, ...] = ()
    updated: datetime | None = None
    # Fields present but unreadable ("birthDate", "name", ...): shown as "could not be read".
    unreadable_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CitizenSummary:
    """A search hit: enough to choose the right citizen before consent. No record data."""

    patient_id: str
    cpr: str
    name: str
    birth_date: date | None
    address: str  # "" when protected
    protected: bool
    unreadable_fields: tuple[str, ...] = ()  # e.g. ("birthDate",): present but unreadable


@dataclass(frozen=True, slots=True)
class Registration(Entry):
    """A citizen's own registration in a national register (a FHIR Consent that is in force):
    the living will (Livstestamenteregistret) or the organ donor decision
    (Organdonorregistret). `date` is when it was registered; `source` the register."""

    kind: str  # "living-will" | "organ-donor"
    # Organ donor: "yes" | "limited" (only some organs) | "no" | "relatives" (they decide) |
    # "" (not stated); living will: "" (its content is `items`).
    decision: str
    # Organ donor "limited": the organs donated; living will: the situations it covers.
    items: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # organ donor "limited": the organs left out
    note: str = ""  # what it asks for, as given (untrusted)

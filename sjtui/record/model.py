"""The clinical model: one type per pane of the record.

Plain frozen dataclasses, free of FHIR and of Textual. The mapping functions in
`sjtui.record.mapping` build them from FHIR resources; the UI renders them; the cache stores
the FHIR resources (not these), so the model may change without invalidating caches.

Every entry carries `source` (who produced it: hospital, department, GP, specialist) and a
`date`; every entry has `resource_key` ("Type/id") so it can be traced, merged and marked new.
Text fields hold untrusted server text: the UI must render them literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

# Re-exported: the pane container moved to `panedata.py` (every importer keeps `model`).
from sjtui.record.panedata import Gap as Gap
from sjtui.record.panedata import ListState as ListState
from sjtui.record.panedata import PaneData as PaneData
from sjtui.record.panedata import Unreadable as Unreadable


class Pane(StrEnum):
    """The panes of a record, in tab order. Values are stable ids (bindings, audit, cache)."""

    OVERVIEW = "overview"
    NOTES = "notes"
    LABS = "labs"
    IMAGING = "imaging"
    MEDICATION = "medication"
    VACCINATIONS = "vaccinations"
    HOME = "home"
    APPOINTMENTS = "appointments"
    BASIC = "basic"
    ACCESS_LOG = "access_log"
    CAVE = "cave"  # shown in the banner on every tab, and has its own section on the overview
    COURSES = "courses"  # admissions / outpatient courses, used as a filter and on the overview


@dataclass(frozen=True, slots=True)
class Source:
    """Who produced an entry. Any part may be missing in real data."""

    organisation: str = ""  # "Odense Universitetshospital", "Lægehuset Vestergade"
    department: str = ""  # "Lungemedicinsk afdeling J"
    kind: str = ""  # "hospital" | "gp" | "specialist" | "municipality" | "citizen" | ""
    sor: str = ""  # SOR code, when known

    def label(self) -> str:
        parts = [p for p in (self.organisation, self.department) if p]
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Dropped:
    """A resource the server returned that is not about the opened citizen (F8 only)."""

    resource_key: str
    reason: str  # "no-citizen" | "other-citizen"


@dataclass(frozen=True, slots=True)
class Entry:
    """Fields every pane entry has."""

    resource_key: str
    date: datetime | None
    source: Source
    private: bool  # meta.security contains v3-Confidentiality R (private-marked)
    course_key: str  # "EpisodeOfCare/x" or "Encounter/x" the entry belongs to, "" if none


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
class Record:
    """Everything shown for one opened citizen. Immutable: updates produce a new Record."""

    citizen: Citizen
    cave: PaneData[CaveItem] = field(default_factory=PaneData)
    notes: PaneData[Note] = field(default_factory=PaneData)
    labs: PaneData[LabResult] = field(default_factory=PaneData)
    imaging: PaneData[ImagingReport] = field(default_factory=PaneData)
    medication: PaneData[MedicationEntry] = field(default_factory=PaneData)
    vaccinations: PaneData[Vaccination] = field(default_factory=PaneData)
    home: PaneData[HomeMeasurement] = field(default_factory=PaneData)
    appointments: PaneData[Appointment] = field(default_factory=PaneData)
    courses: PaneData[Course] = field(default_factory=PaneData)
    access_log: PaneData[AccessLogEntry] = field(default_factory=PaneData)
    as_of: datetime | None = None  # when the data was fetched from the server
    from_cache: bool = False
    offline: bool = False
    # The basic card's own pane data: items are the relatives (as in citizen.relatives, from
    # RelatedPerson and Patient.contact); unreadable holds a Patient/RelatedPerson that
    # could not be read; hidden counts private-marked RelatedPersons withheld.
    basic: PaneData[Relative] = field(default_factory=PaneData)
    # Notices for the clinician that came with this Record, as stable codes the UI translates:
    # "cache-repaired" (damaged cached rows were dropped and fetched again), "cache-unavailable".
    notices: tuple[str, ...] = ()
    # Resources returned that are not about this citizen (no subject, another patient): never
    # shown, listed in F8.
    dropped: tuple[Dropped, ...] = ()

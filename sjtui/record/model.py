"""The clinical model: the panes, an entry's common fields, a pane's list and the Record.

The entry types of each pane live in `sjtui.record.entries`. Plain frozen dataclasses, free of FHIR and of Textual. The mapping functions in
`sjtui.record.mapping` build them from FHIR resources; the UI renders them; the cache stores
the FHIR resources (not these), so the model may change without invalidating caches.

Every entry carries `source` (who produced it: hospital, department, GP, specialist) and a
`date`; every entry has `resource_key` ("Type/id") so it can be traced, merged and marked new.
Text fields hold untrusted server text: the UI must render them literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # annotations only: the entry types import Entry from here
    from sjtui.record.entries import (
        AccessLogEntry,
        Appointment,
        CaveItem,
        Citizen,
        Course,
        HomeMeasurement,
        ImagingReport,
        LabResult,
        MedicationEntry,
        Note,
        Relative,
        Vaccination,
    )


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
class Unreadable:
    """A resource that could not be mapped (quarantined on its own). Shown in its pane as
    "could not be read" with its type, its date when one could be read, and why (F8)."""

    resource_key: str  # "Observation/abc" or "Observation/?" when there is no id
    reason: str  # short plain English developer reason (F8); never a data value
    date: datetime | None = None  # the resource's own date, when that much could be read
    kind: str = "malformed"  # stable code the UI translates: malformed | too-deep | too-large

    @property
    def resource_type(self) -> str:
        return self.resource_key.partition("/")[0]


class ListState(StrEnum):
    """The three states of a list (plus "still loading"). Only EMPTY may be shown as "none"."""

    LOADING = "loading"
    KNOWN = "known"  # items, and the list is complete
    EMPTY = "empty"  # a complete, successful search found nothing
    UNKNOWN = "unknown"  # not (fully) known: see the pane's gaps / unreadable


@dataclass(frozen=True, slots=True)
class Gap:
    """Why a pane's list is not fully known. `reason` is a stable code the UI translates:
    failed | partial | entries | not-searchset | timeout | offline | page-limit | byte-limit |
    unverified | not-this-citizen. `detail` is technical (F8, no personal data); `missing` says how many entries
    are known to be missing when the server said so; `as_of` is the saved copy shown instead."""

    reason: str
    resource_type: str = ""
    detail: str = ""
    missing: int | None = None
    as_of: datetime | None = None


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


# --- Pane container ----------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PaneData(Generic[T]):
    """A pane's content. `items` newest first. `hidden` counts private-marked items withheld
    because no break-the-glass was given; `unreadable` lists resources that failed to map."""

    items: tuple[T, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    hidden: int = 0
    loaded: bool = False  # False while still loading
    error: str = ""  # set when fetching this pane failed (e.g. timeout); items may be stale
    new_keys: frozenset[str] = field(default_factory=frozenset)  # items new since last opening
    gaps: tuple[Gap, ...] = ()  # why the list is not fully known (failed, partial, bounds)

    # The three-state rule lives here, below the UI: a list is "known empty" only when its
    # searches all succeeded completely and nothing in it was unreadable.
    @property
    def complete(self) -> bool:
        return self.loaded and not self.gaps and not self.unreadable and not self.error

    @property
    def state(self) -> ListState:
        if self.gaps or self.unreadable or self.error:
            return ListState.UNKNOWN
        if not self.loaded:
            return ListState.LOADING
        return ListState.KNOWN if self.items or self.hidden else ListState.EMPTY

    @property
    def known_empty(self) -> bool:
        return self.state is ListState.EMPTY

    def why_unknown(self) -> tuple[str, ...]:
        """Reason codes (deduplicated, in order); "unreadable" when entries could not be read."""
        codes: list[str] = [g.reason for g in self.gaps]
        if self.error and not self.gaps:
            codes.append("failed")
        if self.unreadable:
            codes.append("unreadable")
        return tuple(dict.fromkeys(codes))


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

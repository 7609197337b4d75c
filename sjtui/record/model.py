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
from typing import TYPE_CHECKING

from sjtui.record.news_model import News
from sjtui.record.pane_data import Dropped as Dropped
from sjtui.record.pane_data import Gap as Gap
from sjtui.record.pane_data import ListState as ListState
from sjtui.record.pane_data import PaneData as PaneData
from sjtui.record.pane_data import Unreadable as Unreadable
from sjtui.record.pane_ids import Pane as Pane

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
        Registration,
        Relative,
        Vaccination,
    )


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
class Entry:
    """Fields every pane entry has."""

    resource_key: str
    date: datetime | None
    source: Source
    private: bool  # meta.security contains v3-Confidentiality R (private-marked)
    course_key: str  # "EpisodeOfCare/x" or "Encounter/x" the entry belongs to, "" if none


# --- Pane container ----------------------------------------------------------------------


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
    # Living will and organ donor registrations (Consent), shown on the basic card; its own
    # list, so a failed Consent search never makes the relatives "not known" (or vice versa).
    registrations: PaneData[Registration] = field(default_factory=PaneData)
    # Notices for the clinician that came with this Record, as stable codes the UI translates:
    # "cache-repaired" (damaged cached rows were dropped and fetched again), "cache-unavailable".
    notices: tuple[str, ...] = ()
    # Resources returned that are not about this citizen (no subject, another patient): never
    # shown, listed in F8.
    dropped: tuple[Dropped, ...] = ()
    # What arrived since this clinician last opened this record (`news.py`); None: not worked
    # out (no service computed it, e.g. a test double).
    news: News | None = None

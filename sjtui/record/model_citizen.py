"""The basic card's model (stamkort): the citizen's demographics, relatives, and a search hit.

Part of the clinical model (`sjtui.record.model` re-exports these names); plain frozen
dataclasses, free of FHIR and of Textual. Text fields hold untrusted server text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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

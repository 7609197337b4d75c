"""The grant: the legal basis a clinician stated before a record may be fetched.

The record service refuses to return record data without a valid grant for exactly that
citizen; this is enforced here, below the UI (Sundhedsloven §42a).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

MIN_REASON_LENGTH = 3
GRANT_LIFETIME = timedelta(hours=12)


class Basis(StrEnum):
    """The choice in the consent window (samtykkevindue)."""

    CONSENT = "consent"  # "Borgeren har givet samtykke"
    CURRENT_TREATMENT = "current-treatment"  # "Andet aktuelt behandlingsforløb"


class AccessDenied(Exception):
    """Raised when record data is asked for without a valid grant. Message is plain English."""


@dataclass(frozen=True, slots=True)
class Clinician:
    """Who is looking. `user_id` is a login or employee id, never a CPR."""

    user_id: str
    name: str
    organisation: str = ""
    workstation: str = ""
    #: How the identity is known: "proven" (signed in: from the ID token), "workstation"
    #: (backend services / static token: asserted by the workstation), "" (the config only).
    assurance: str = ""


@dataclass(frozen=True, slots=True)
class BreakGlass:
    """A værdispring: explicit reveal of private-marked data, with its own reason."""

    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Grant:
    """One opening of one citizen's record. Valid for this opening only."""

    patient_id: str  # FHIR Patient id the grant covers
    cpr: str
    basis: Basis
    reason: str
    clinician: Clinician
    at: datetime = field(default_factory=lambda: datetime.now(UTC))
    opening_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    break_glass: BreakGlass | None = None

    def with_break_glass(self, reason: str, at: datetime | None = None) -> Grant:
        reason = reason.strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise AccessDenied("break-the-glass needs a reason")
        return Grant(
            patient_id=self.patient_id,
            cpr=self.cpr,
            basis=self.basis,
            reason=self.reason,
            clinician=self.clinician,
            at=self.at,
            opening_id=self.opening_id,
            break_glass=BreakGlass(reason=reason, at=at or datetime.now(UTC)),
        )


def make_grant(*, patient_id: str, cpr: str, basis: Basis, reason: str, clinician: Clinician) -> Grant:
    """Build a grant from the consent window's answers; refuses an empty reason."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise AccessDenied("a reason (begrundelse) is required")
    return Grant(patient_id=patient_id, cpr=cpr, basis=basis, reason=reason, clinician=clinician)


def require_grant(grant: Grant | None, patient_id: str, now: datetime | None = None) -> Grant:
    """Return the grant if it allows reading `patient_id` now, else raise AccessDenied."""
    if grant is None:
        raise AccessDenied("no legal basis was given for this record")
    if grant.patient_id != patient_id:
        raise AccessDenied("the legal basis was given for another citizen")
    if len(grant.reason.strip()) < MIN_REASON_LENGTH:
        raise AccessDenied("a reason (begrundelse) is required")
    now = now or datetime.now(UTC)
    if now - grant.at > GRANT_LIFETIME:
        raise AccessDenied("the legal basis has expired; open the record again")
    return grant


def may_reveal_private(grant: Grant) -> bool:
    """Private-marked data (meta.security R) are shown only after break-the-glass."""
    return grant.break_glass is not None

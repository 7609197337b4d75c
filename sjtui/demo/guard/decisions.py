"""Access decisions the client states before reading a citizen's record.

The client tells the server its legal basis with a FHIR operation at the base:

    POST [base]/$access-decision
    {"resourceType": "Parameters", "parameter": [
        {"name": "patient", "valueReference": {"reference": "Patient/poul"}},
        {"name": "basis", "valueCode": "consent" | "current-treatment"},
        {"name": "reason", "valueString": "Hjemmebesøg, KOL"},
        {"name": "breakGlass", "valueBoolean": true},            (optional)
        {"name": "breakGlassReason", "valueString": "..."}]}    (with breakGlass)

The decision is recorded for the token's user (never for a user the body names) and lets
that user read the citizen's clinical data for `DECISION_HOURS`; break-the-glass also opens
the private-marked items. The answer is the recorded decision as Parameters (200) or an
OperationOutcome (400: malformed; 403: the token may not record decisions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..jsonio import FhirError

__all__ = ["DECISION_HOURS", "Decision", "DecisionStore", "parse_decision"]

DECISION_HOURS = 12
_BASES = ("consent", "current-treatment")
MIN_REASON = 3


@dataclass(frozen=True, slots=True)
class Decision:
    user_id: str
    patient_id: str
    basis: str
    reason: str
    at: datetime
    break_glass_reason: str | None = None


def _params(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or body.get("resourceType") != "Parameters":
        raise FhirError(400, "invalid", "the body must be a Parameters resource")
    out: dict[str, Any] = {}
    for item in body.get("parameter") or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = next((v for k, v in item.items() if k.startswith("value")), None)
            out[item["name"]] = value
    return out


def parse_decision(body: Any, user_id: str, at: datetime) -> Decision:
    params = _params(body)
    ref = params.get("patient")
    reference = ref.get("reference") if isinstance(ref, dict) else None
    if not isinstance(reference, str) or not reference.startswith("Patient/"):
        raise FhirError(400, "required", "patient must reference a Patient")
    basis = params.get("basis")
    if basis not in _BASES:
        raise FhirError(400, "invalid", "basis must be 'consent' or 'current-treatment'")
    reason = params.get("reason")
    if not isinstance(reason, str) or len(reason.strip()) < MIN_REASON:
        raise FhirError(400, "required", "a reason is required")
    btg_reason = None
    if params.get("breakGlass") is True:
        btg_reason = params.get("breakGlassReason")
        if not isinstance(btg_reason, str) or len(btg_reason.strip()) < MIN_REASON:
            raise FhirError(400, "required", "break-the-glass needs its own reason")
    return Decision(
        user_id,
        reference.removeprefix("Patient/"),
        str(basis),
        reason.strip(),
        at,
        btg_reason.strip() if btg_reason else None,
    )


class DecisionStore:
    def __init__(self, hours: float = DECISION_HOURS) -> None:
        self.window = timedelta(hours=hours)
        self._latest: dict[tuple[str, str], Decision] = {}
        self._btg: dict[tuple[str, str], Decision] = {}
        #: Every decision in order (what an auditor of the backend would read).
        self.log: list[Decision] = []

    def record(self, decision: Decision) -> None:
        key = (decision.user_id, decision.patient_id)
        self._latest[key] = decision
        if decision.break_glass_reason:
            self._btg[key] = decision
        self.log.append(decision)

    def _fresh(self, found: Decision | None, now: datetime | None) -> Decision | None:
        now = now or datetime.now(UTC)
        return found if found is not None and now - found.at <= self.window else None

    def current(self, user_id: str, patient_id: str, now: datetime | None = None) -> Decision | None:
        return self._fresh(self._latest.get((user_id, patient_id)), now)

    def break_glass(self, user_id: str, patient_id: str, now: datetime | None = None) -> Decision | None:
        return self._fresh(self._btg.get((user_id, patient_id)), now)

    @staticmethod
    def as_parameters(decision: Decision) -> dict[str, Any]:
        params: list[dict[str, Any]] = [
            {"name": "patient", "valueReference": {"reference": f"Patient/{decision.patient_id}"}},
            {"name": "basis", "valueCode": decision.basis},
            {"name": "reason", "valueString": decision.reason},
            {"name": "recorded", "valueInstant": decision.at.isoformat().replace("+00:00", "Z")},
            {"name": "validHours", "valueDecimal": DECISION_HOURS},
        ]
        if decision.break_glass_reason:
            params.append({"name": "breakGlass", "valueBoolean": True})
        return {"resourceType": "Parameters", "parameter": params}

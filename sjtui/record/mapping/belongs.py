"""Only this citizen's data: every resource a pane shows must say it is about the opened
citizen (its subject / patient reference, per the R4 patient compartment, simplified).

A resource that names no citizen at all, or names another, is dropped and listed (F8). A
server that ignores the patient filter (or a hostile one) must never put someone else's
data, or nobody's, into this record. Resources that are not about a citizen (Organization,
Practitioner, Medication, Binary, ...) only resolve references and are not checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sjtui.record.mapping.quarantine import quarantined
from sjtui.record.model import Dropped, Gap, Pane

# Where each pane type names its citizen.
_PATIENT_FIELDS: dict[str, tuple[str, ...]] = {
    "RelatedPerson": ("patient",),
    "AllergyIntolerance": ("patient",),
    "Flag": ("subject",),
    "DocumentReference": ("subject",),
    "Observation": ("subject",),
    "DiagnosticReport": ("subject",),
    "MedicationStatement": ("subject",),
    "MedicationRequest": ("subject",),
    "Immunization": ("patient",),
    "Encounter": ("subject",),
    "EpisodeOfCare": ("patient",),
    "Condition": ("subject",),
    "Procedure": ("subject",),
    "CarePlan": ("subject",),
    "Consent": ("patient",),
}
CHECKED_TYPES = frozenset({*_PATIENT_FIELDS, "Appointment", "AuditEvent", "Patient"})


def _ref(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("reference"), str):
        return str(value["reference"])
    return ""


def _nested_refs(resource: dict, list_name: str, field: str) -> list[str]:
    items = resource.get(list_name)
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return []
    return [r for item in items[:200] if isinstance(item, dict) and (r := _ref(item.get(field)))]


def patient_refs(resource: dict) -> list[str]:
    """Every reference to a Patient the resource makes where it names its citizen."""
    rtype = resource.get("resourceType")
    if rtype == "Appointment":
        refs = _nested_refs(resource, "participant", "actor")
    elif rtype == "AuditEvent":
        refs = _nested_refs(resource, "entity", "what") + _nested_refs(resource, "agent", "who")
    else:
        refs = [_ref(resource.get(name)) for name in _PATIENT_FIELDS.get(str(rtype), ())]
    return [r for r in refs if "Patient/" in r]


def _is_patient(ref: str, patient_id: str) -> bool:
    return ref.split("/_history/")[0].rstrip("/").endswith(f"Patient/{patient_id}")


def ownership(resource: dict, patient_id: str) -> str:
    """ "" when the resource may be shown for this citizen, else why not:
    "no-citizen" (names none) or "other-citizen" (names another)."""
    rtype = resource.get("resourceType")
    if rtype not in CHECKED_TYPES:
        return ""
    if rtype == "Patient":
        return "" if resource.get("id") == patient_id else "other-citizen"
    refs = patient_refs(resource)
    if not refs:
        # A quarantined resource whose citizen reference could not be read: shown as "could
        # not be read" (its pane is then not fully known), never as data.
        return "" if quarantined(resource) else "no-citizen"
    return "" if any(_is_patient(r, patient_id) for r in refs) else "other-citizen"


def split_by_citizen(
    resources: list[dict], patient_id: str, key_of: Any
) -> tuple[list[dict], list[Dropped], list[dict]]:
    """(the resources about this citizen or about no one in particular, why the others were
    dropped, the dropped resources themselves)."""
    kept: list[dict] = []
    dropped: list[Dropped] = []
    dropped_resources: list[dict] = []
    for resource in resources:
        try:
            why = ownership(resource, patient_id)
        except Exception:  # noqa: BLE001 - junk we cannot attribute is not shown
            why = "no-citizen"
        if why:
            dropped.append(Dropped(key_of(resource), why))
            dropped_resources.append(resource)
        else:
            kept.append(resource)
    return kept, dropped, dropped_resources


# The pane a dropped resource would have been listed in: its search answered with something
# that is not this citizen's, so that list is not fully known (never "none" on its strength).
_PANE_OF_TYPE: dict[str, Pane] = {
    "AllergyIntolerance": Pane.CAVE,
    "Flag": Pane.CAVE,
    "DocumentReference": Pane.NOTES,
    "MedicationStatement": Pane.MEDICATION,
    "MedicationRequest": Pane.MEDICATION,
    "Immunization": Pane.VACCINATIONS,
    "Appointment": Pane.APPOINTMENTS,
    "Encounter": Pane.COURSES,
    "EpisodeOfCare": Pane.COURSES,
    "Condition": Pane.COURSES,
    "Procedure": Pane.COURSES,
    "CarePlan": Pane.COURSES,
    "AuditEvent": Pane.ACCESS_LOG,
    "RelatedPerson": Pane.BASIC,
    "Consent": Pane.REGISTRATIONS,
}


def pane_of_dropped(resource: dict, is_home: Callable[[dict], bool], is_imaging: Callable[[dict], bool]) -> Pane | None:
    """The pane whose list a dropped resource came from (None: no list, e.g. another Patient)."""
    rtype = resource.get("resourceType")
    try:
        if rtype == "Observation":
            return Pane.HOME if is_home(resource) else Pane.LABS
        if rtype == "DiagnosticReport":
            return Pane.IMAGING if is_imaging(resource) else Pane.LABS
    except Exception:  # noqa: BLE001 - junk we cannot classify counts against the labs list
        return Pane.LABS
    return _PANE_OF_TYPE.get(str(rtype))


def foreign_gaps(
    dropped_resources: list[dict], is_home: Callable[[dict], bool], is_imaging: Callable[[dict], bool]
) -> dict[Pane, Gap]:
    """One gap per pane whose search answered with entries that name no or another citizen:
    they are not shown (F8 lists them), and that list is then not fully known."""
    counts: dict[Pane, tuple[int, str]] = {}
    for resource in dropped_resources:
        pane = pane_of_dropped(resource, is_home, is_imaging)
        if pane is not None:
            n, _ = counts.get(pane, (0, ""))
            counts[pane] = (n + 1, str(resource.get("resourceType", "")))
    return {pane: Gap("not-this-citizen", rtype, missing=n) for pane, (n, rtype) in counts.items()}

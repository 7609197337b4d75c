"""Medication (FMK): MedicationStatement, plus MedicationRequest for drugs not on a statement.

Status: active -> "active"; on-hold/suspended -> "paused"; stopped/completed/cancelled/
not-taken -> "stopped"; anything else -> "other". entered-in-error is left out entirely (the
guard skips it): it was never given. A MedicationRequest is shown only when no
MedicationStatement names the same drug (same ATC code, or same name case-insensitively).

Order (what the UI shows): active, paused, other, stopped; newest first within each group
(by period start, else dateAsserted / authoredOn).

Versions of one drug (a MedicationRequest's priorPrescription, a MedicationStatement's
partOf / basedOn) are folded into the newest version's row before that; its change history
is built from them (`sjtui.record.medication_history`).
"""

from __future__ import annotations

from typing import Any

from sjtui.record.entries import MedicationEntry
from sjtui.record.mapping.base import Ctx, entry_fields, newest_first
from sjtui.record.mapping.common import (
    ATC_SYSTEM,
    MappingError,
    cc_code,
    cc_text,
    check_ref,
    check_resource,
    first,
    obj,
    objs,
    parse_date,
    parse_datetime,
    ref_display,
    ref_key,
    string,
)
from sjtui.record.medication_history import fold_versions

_STATUS = {
    "active": "active",
    "on-hold": "paused",
    "suspended": "paused",
    "stopped": "stopped",
    "completed": "stopped",
    "cancelled": "stopped",
    "not-taken": "stopped",
}
GROUP_ORDER = ("active", "paused", "other", "stopped")
_PERSON_TYPES = ("Practitioner", "PractitionerRole")
_MAX_LINKS = 20


def _person(ref: Any) -> str:
    """A practitioner's name from a Reference to one ("" for organisations and citizens)."""
    key = ref_key(ref)
    if key.partition("/")[0] in _PERSON_TYPES or (not key and ref_display(ref)):
        return ref_display(ref)
    return ""


def _notes(resource: dict) -> tuple[str, str]:
    """(the note texts joined, the first note's author) from `note` (Annotations)."""
    texts: list[str] = []
    author = ""
    for note in objs(resource, "note")[:_MAX_LINKS]:
        text = string(note, "text", limit=2000)
        if text:
            texts.append(text)
        author = author or string(note, "authorString") or _person(note.get("authorReference"))
    return "; ".join(texts), author


def _links(resource: dict, *fields: tuple[str, str]) -> tuple[str, ...]:
    """Keys of the earlier versions named by the given (field, resource type) references."""
    keys: list[str] = []
    for name, rtype in fields:
        value = resource.get(name)
        refs = value if isinstance(value, list) else [value] if value is not None else []
        for ref in refs[:_MAX_LINKS]:
            key = ref_key(check_ref(ref, name))
            if key.startswith(rtype + "/") and key not in keys:
                keys.append(key)
    return tuple(keys)


def _drug(resource: dict, ctx: Ctx) -> tuple[str, str]:
    """(name, atc) from medicationCodeableConcept or a (resolved) medicationReference."""
    cc = resource.get("medicationCodeableConcept")
    if cc is not None:
        return cc_text(cc), cc_code(cc, ATC_SYSTEM)
    ref = check_ref(resource.get("medicationReference"), "medicationReference")
    medication = ctx.index.resolve(ref, "Medication")
    if medication is not None:
        code = obj(medication, "code")
        return cc_text(code) or ref_display(ref), cc_code(code, ATC_SYSTEM)
    return ref_display(ref), ""


def _period(resource: dict, period_key: str, single_key: str) -> tuple[Any, Any]:
    period = obj(resource, period_key)
    start = parse_date(period.get("start"), f"{period_key}.start")
    end = parse_date(period.get("end"), f"{period_key}.end")
    if start is None:
        start = parse_date(resource.get(single_key), single_key)
    return start, end


def map_statement(resource: dict, ctx: Ctx) -> MedicationEntry:
    key = check_resource(resource, "MedicationStatement")
    name, atc = _drug(resource, ctx)
    if not name:
        raise MappingError("medication without name")
    start, end = _period(resource, "effectivePeriod", "effectiveDateTime")
    status = string(resource, "status", limit=32)
    effective = obj(resource, "effectivePeriod")
    date = (
        parse_datetime(effective.get("start"), "effectivePeriod.start")
        or parse_datetime(resource.get("effectiveDateTime"), "effectiveDateTime")
        or parse_datetime(resource.get("dateAsserted"), "dateAsserted")
    )
    source_ref = check_ref(resource.get("informationSource"), "informationSource")
    note, author = _notes(resource)
    return MedicationEntry(
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(source_ref), course_ref=resource.get("context")
        ),
        name=name,
        atc=atc,
        status=_STATUS.get(status, "other"),
        dosage=string(first(resource, "dosage"), "text", limit=2000),
        reason=cc_text(first(resource, "reasonCode")),
        period_start=start,
        period_end=end,
        fhir_status=status,
        status_reason=cc_text(first(resource, "statusReason")),
        note=note,
        practitioner=author or _person(source_ref),
        asserted=parse_datetime(resource.get("dateAsserted"), "dateAsserted"),
        previous=_links(resource, ("partOf", "MedicationStatement"), ("basedOn", "MedicationRequest")),
    )


def map_request(resource: dict, ctx: Ctx) -> MedicationEntry:
    key = check_resource(resource, "MedicationRequest")
    name, atc = _drug(resource, ctx)
    if not name:
        raise MappingError("medication without name")
    validity = obj(obj(resource, "dispenseRequest"), "validityPeriod")
    start = parse_date(validity.get("start"), "validityPeriod.start") or parse_date(
        resource.get("authoredOn"), "authoredOn"
    )
    end = parse_date(validity.get("end"), "validityPeriod.end")
    date = parse_datetime(resource.get("authoredOn"), "authoredOn") or parse_datetime(
        validity.get("start"), "validityPeriod.start"
    )
    requester = check_ref(resource.get("requester"), "requester")
    status = string(resource, "status", limit=32)
    note, author = _notes(resource)
    return MedicationEntry(
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(requester), course_ref=resource.get("encounter")
        ),
        name=name,
        atc=atc,
        status=_STATUS.get(status, "other"),
        dosage=string(first(resource, "dosageInstruction"), "text", limit=2000),
        reason=cc_text(first(resource, "reasonCode")),
        period_start=start,
        period_end=end,
        fhir_status=status,
        status_reason=cc_text(resource.get("statusReason")),
        note=note,
        practitioner=_person(requester) or author,
        asserted=parse_datetime(resource.get("authoredOn"), "authoredOn"),
        previous=_links(resource, ("priorPrescription", "MedicationRequest")),
    )


def map_medication(resource: dict, ctx: Ctx) -> MedicationEntry:
    if isinstance(resource, dict) and resource.get("resourceType") == "MedicationRequest":
        return map_request(resource, ctx)
    return map_statement(resource, ctx)


def drug_identity(entry: MedicationEntry) -> str:
    return entry.atc or entry.name.casefold()


def order_medication(items: list[MedicationEntry]) -> list[MedicationEntry]:
    """Fold versions into their newest; drop requests duplicating a statement's drug; group
    by status, newest first."""
    items = fold_versions(items)
    stated = {drug_identity(i) for i in items if i.resource_key.startswith("MedicationStatement/")}
    stated |= {i.name.casefold() for i in items if i.resource_key.startswith("MedicationStatement/")}
    kept = [
        i
        for i in items
        if i.resource_key.startswith("MedicationStatement/")
        or (drug_identity(i) not in stated and i.name.casefold() not in stated)
    ]
    ordered = newest_first(kept)
    return sorted(ordered, key=lambda i: GROUP_ORDER.index(i.status))

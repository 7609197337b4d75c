"""Courses ("forløb"): Encounter (admission / outpatient contact) and EpisodeOfCare.

kind: Encounter class IMP/ACUTE/NONAC -> "inpatient", other classes -> "outpatient",
EpisodeOfCare -> "episode". `title` is the reason/type text as given (e.g. "KOL i
exacerbation"); the UI puts the Danish word for the kind in front. `diagnosis` comes from
`diagnosis[].condition` (the Condition's code text, else the reference display), then from
Conditions whose `encounter` points at this Encounter; all of them, with their SKS / ICD-10 /
SNOMED CT code, are in `diagnoses` (the first's text is `diagnosis`). `episode_key` links an Encounter to its
EpisodeOfCare so filtering by an episode finds the entries of its encounters.
Procedures and CarePlans are courses too (kinds "procedure", "careplan"; see `procedures`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sjtui.record.entries import Course, Diagnosis
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    cc_text,
    check_ref,
    check_resource,
    codings,
    first,
    obj,
    objs,
    parse_datetime,
    ref_display,
    ref_key,
    resource_key,
    string,
)
from sjtui.record.mapping.procedures import map_care_plan, map_procedure

INPATIENT_CLASSES = {"IMP", "ACUTE", "NONAC"}


#: Diagnosis code systems, by the short name shown beside the code.
DIAGNOSIS_SYSTEMS: dict[str, str] = {
    "urn:oid:1.2.208.176.2.4.12": "SKS",  # SKS diagnosis codes (D...)
    "urn:oid:1.2.208.176.2.4": "SKS",
    "http://hl7.org/fhir/sid/icd-10": "ICD-10",
    "http://snomed.info/sct": "SNOMED CT",
}


def diagnosis_of(condition: dict, key: str) -> Diagnosis:
    """A Condition as a Diagnosis: the first coding of a known system gives the code."""
    cc = obj(condition, "code")
    code, system = "", ""
    for coding in codings(cc):
        name = DIAGNOSIS_SYSTEMS.get(string(coding, "system", limit=256), "")
        if name and string(coding, "code", limit=64):
            code, system = string(coding, "code", limit=64), name
            break
    return Diagnosis(key, code, system, cc_text(cc))


def _condition_diagnosis(ref: Any, ctx: Ctx) -> Diagnosis | None:
    condition = ctx.index.resolve(ref, "Condition")
    if condition is not None:
        found = diagnosis_of(condition, resource_key(condition))
        if found.text or found.code:
            return found
    display = ref_display(ref)
    return Diagnosis(ref_key(ref) if isinstance(ref, dict) else "", "", "", display) if display else None


def conditions_by_encounter(conditions: list[Any]) -> dict[str, list[Diagnosis]]:
    """Encounter key -> its diagnoses, from Conditions' `encounter` (tolerant of junk)."""
    result: dict[str, list[Diagnosis]] = {}
    for condition in conditions:
        try:
            key = ref_key(condition.get("encounter"))
            found = diagnosis_of(condition, resource_key(condition))
        except Exception:  # noqa: BLE001, S112 - a junk Condition just gives no diagnosis
            continue
        if key and found.text:
            result.setdefault(key, []).append(found)
    return result


def _diagnoses(resource: dict, ctx: Ctx, by_encounter: dict[str, list[Diagnosis]]) -> tuple[Diagnosis, ...]:
    found: list[Diagnosis] = []
    for diag in objs(resource, "diagnosis"):
        one = _condition_diagnosis(check_ref(diag.get("condition"), "diagnosis.condition"), ctx)
        if one is not None:
            found.append(one)
    found.extend(by_encounter.get(resource_key(resource), ()))
    unique: dict[str, Diagnosis] = {}
    for one in found:
        unique.setdefault(one.resource_key or f"~{one.code}|{one.text}", one)
    return tuple(unique.values())


def _first_text(diagnoses: tuple[Diagnosis, ...]) -> str:
    return next((d.text for d in diagnoses if d.text), "")


def map_encounter(resource: dict, ctx: Ctx, by_encounter: dict[str, list[Diagnosis]]) -> Course:
    key = check_resource(resource, "Encounter")
    klass = resource.get("class")
    if not isinstance(klass, dict):
        raise MappingError("encounter without class")
    code = string(klass, "code", limit=32)
    period = obj(resource, "period")
    title = (
        cc_text(first(resource, "reasonCode"))
        or cc_text(first(resource, "type"))
        or cc_text(resource.get("serviceType"))
    )
    episode = first(resource, "episodeOfCare")
    diagnoses = _diagnoses(resource, ctx, by_encounter)
    return Course(
        **entry_fields(
            resource,
            key,
            ctx,
            date=parse_datetime(period.get("start"), "period"),
            source=ctx.sources.resolve(check_ref(resource.get("serviceProvider"), "serviceProvider")),
        ),
        end=parse_datetime(period.get("end"), "period.end"),
        kind="inpatient" if code.upper() in INPATIENT_CLASSES else "outpatient",
        title=title,
        diagnosis=_first_text(diagnoses),
        episode_key=ref_key(episode) if ref_key(episode).startswith("EpisodeOfCare/") else "",
        status=string(resource, "status", limit=32),
        diagnoses=diagnoses,
    )


def map_episode(resource: dict, ctx: Ctx, by_encounter: dict[str, list[Diagnosis]]) -> Course:
    key = check_resource(resource, "EpisodeOfCare")
    period = obj(resource, "period")
    diagnoses = _diagnoses(resource, ctx, by_encounter)
    return Course(
        **entry_fields(
            resource,
            key,
            ctx,
            date=parse_datetime(period.get("start"), "period"),
            source=ctx.sources.resolve(check_ref(resource.get("managingOrganization"), "managingOrganization")),
        ),
        end=parse_datetime(period.get("end"), "period.end"),
        kind="episode",
        title=cc_text(first(resource, "type")),
        diagnosis=_first_text(diagnoses),
        status=string(resource, "status", limit=32),
        diagnoses=diagnoses,
    )


def course_mapper(conditions: list[Any]) -> Callable[[dict, Ctx], Course]:
    by_encounter = conditions_by_encounter(conditions)

    def mapper(resource: dict, ctx: Ctx) -> Course:
        rtype = resource.get("resourceType") if isinstance(resource, dict) else None
        if rtype == "EpisodeOfCare":
            return map_episode(resource, ctx, by_encounter)
        if rtype == "Procedure":
            return map_procedure(resource, ctx)
        if rtype == "CarePlan":
            return map_care_plan(resource, ctx)
        return map_encounter(resource, ctx, by_encounter)

    return mapper


__all__ = ["course_mapper", "diagnosis_of", "map_encounter", "map_episode"]

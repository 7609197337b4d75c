"""Courses ("forløb"): Encounter (admission / outpatient contact) and EpisodeOfCare.

kind: Encounter class IMP/ACUTE/NONAC -> "inpatient", other classes -> "outpatient",
EpisodeOfCare -> "episode". `title` is the reason/type text as given (e.g. "KOL i
exacerbation"); the UI puts the Danish word for the kind in front. `diagnosis` comes from
`diagnosis[0].condition` (the Condition's code text, else the reference display), else from a
Condition whose `encounter` points at this Encounter. `episode_key` links an Encounter to its
EpisodeOfCare so filtering by an episode finds the entries of its encounters.
Procedures and CarePlans are courses too (kinds "procedure", "careplan"; see `procedures`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    cc_text,
    check_ref,
    check_resource,
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
from sjtui.record.model import Course

INPATIENT_CLASSES = {"IMP", "ACUTE", "NONAC"}


def _condition_text(ref: Any, ctx: Ctx) -> str:
    condition = ctx.index.resolve(ref, "Condition")
    if condition is not None:
        text = cc_text(obj(condition, "code"))
        if text:
            return text
    return ref_display(ref)


def conditions_by_encounter(conditions: list[Any]) -> dict[str, str]:
    """Encounter key -> diagnosis text, from Conditions' `encounter` (tolerant of junk)."""
    result: dict[str, str] = {}
    for condition in conditions:
        try:
            key = ref_key(condition.get("encounter"))
            text = cc_text(obj(condition, "code"))
        except Exception:  # noqa: BLE001, S112 - a junk Condition just gives no diagnosis
            continue
        if key and text and key not in result:
            result[key] = text
    return result


def _diagnosis(resource: dict, ctx: Ctx, by_encounter: dict[str, str]) -> str:
    for diag in objs(resource, "diagnosis"):
        text = _condition_text(check_ref(diag.get("condition"), "diagnosis.condition"), ctx)
        if text:
            return text
    return by_encounter.get(resource_key(resource), "")


def map_encounter(resource: dict, ctx: Ctx, by_encounter: dict[str, str]) -> Course:
    key = check_resource(resource, "Encounter")
    klass = resource.get("class")
    if not isinstance(klass, dict):
        raise MappingError("encounter without class")
    code = string(klass, "code", limit=32)
    period = obj(resource, "period")
    title = (cc_text(first(resource, "reasonCode")) or cc_text(first(resource, "type"))
             or cc_text(resource.get("serviceType")))
    episode = first(resource, "episodeOfCare")
    return Course(
        **entry_fields(resource, key, ctx, date=parse_datetime(period.get("start"), "period"),
                       source=ctx.sources.resolve(check_ref(resource.get("serviceProvider"),
                                                            "serviceProvider"))),
        end=parse_datetime(period.get("end"), "period.end"),
        kind="inpatient" if code.upper() in INPATIENT_CLASSES else "outpatient",
        title=title,
        diagnosis=_diagnosis(resource, ctx, by_encounter),
        episode_key=ref_key(episode) if ref_key(episode).startswith("EpisodeOfCare/") else "",
        status=string(resource, "status", limit=32),
    )


def map_episode(resource: dict, ctx: Ctx, by_encounter: dict[str, str]) -> Course:
    key = check_resource(resource, "EpisodeOfCare")
    period = obj(resource, "period")
    return Course(
        **entry_fields(resource, key, ctx, date=parse_datetime(period.get("start"), "period"),
                       source=ctx.sources.resolve(check_ref(resource.get("managingOrganization"),
                                                            "managingOrganization"))),
        end=parse_datetime(period.get("end"), "period.end"),
        kind="episode",
        title=cc_text(first(resource, "type")),
        diagnosis=_diagnosis(resource, ctx, by_encounter),
        status=string(resource, "status", limit=32),
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


__all__ = ["course_mapper", "map_encounter", "map_episode"]

"""CAVE: AllergyIntolerance (allergies) and Flag (critical warnings).

Refuted or entered-in-error allergies are left out (they are not a warning). Flags have no
criticality in FHIR: their `criticality` is "". Inactive items are kept with active=False;
the banner shows only active ones.
"""

from __future__ import annotations

from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_text,
    check_ref,
    check_resource,
    field_datetime,
    obj,
    objs,
    parse_datetime,
    string,
)
from sjtui.record.model import CaveItem

_CRITICALITIES = {"high", "low", "unable-to-assess"}


def map_allergy(resource: dict, ctx: Ctx) -> CaveItem | None:
    key = check_resource(resource, "AllergyIntolerance")
    verification = cc_code(resource.get("verificationStatus"))
    if verification in ("refuted", "entered-in-error"):
        return None
    title = cc_text(resource.get("code"))
    if not title:
        raise MappingError("allergy without code")
    manifestations: list[str] = []
    for reaction in objs(resource, "reaction"):
        for manifestation in arr(reaction, "manifestation"):
            text = cc_text(manifestation)
            if text and text not in manifestations:
                manifestations.append(text)
    criticality = string(resource, "criticality")
    clinical = cc_code(resource.get("clinicalStatus"))
    date = parse_datetime(resource.get("recordedDate"), "recordedDate") or field_datetime(
        resource, "onsetDateTime", "onsetPeriod"
    )
    who = check_ref(resource.get("recorder"), "recorder") or check_ref(
        resource.get("asserter"), "asserter"
    )
    return CaveItem(
        **entry_fields(resource, key, ctx, date=date, source=ctx.sources.resolve(who),
                       course_ref=resource.get("encounter")),
        kind="allergy",
        title=title,
        detail=", ".join(manifestations),
        criticality=criticality if criticality in _CRITICALITIES else "",
        active=clinical in ("", "active"),
    )


def map_flag(resource: dict, ctx: Ctx) -> CaveItem | None:
    key = check_resource(resource, "Flag")
    title = cc_text(resource.get("code"))
    if not title:
        raise MappingError("flag without code")
    category = ""
    for cc in arr(resource, "category"):
        category = cc_text(cc)
        if category:
            break
    date = parse_datetime(obj(resource, "period").get("start"), "period.start")
    author = check_ref(resource.get("author"), "author")
    return CaveItem(
        **entry_fields(resource, key, ctx, date=date, source=ctx.sources.resolve(author),
                       course_ref=resource.get("encounter")),
        kind="warning",
        title=title,
        detail=category,
        criticality="",
        active=string(resource, "status") in ("", "active"),
    )


def map_cave(resource: dict, ctx: Ctx) -> CaveItem | None:
    if isinstance(resource, dict) and resource.get("resourceType") == "Flag":
        return map_flag(resource, ctx)
    return map_allergy(resource, ctx)

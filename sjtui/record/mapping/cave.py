"""CAVE: AllergyIntolerance (allergies) and Flag (critical warnings).

Each allergy follows its clinicalStatus and verificationStatus:
- refuted or entered-in-error: not an allergy, left out;
- unconfirmed / presumed: kept, marked `unconfirmed` (the UI says "ubekræftet");
- inactive / resolved: kept with active=False and `status` as given (shown as such);
- a "no known allergy" code (SNOMED situations below, the IPS absent/unknown codes, or a code
  text that says so) is a statement, not an allergy: kind "no-known", never counted as CAVE;
- "no information about allergies" / "patient not asked" says CAVE is NOT known: kind
  "not-asked", which makes the CAVE list not known (see `Record.cave.state`).
Flags have no criticality in FHIR: their `criticality` is "".
"""

from __future__ import annotations

import re

from sjtui.record.entries import CaveItem
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

_CRITICALITIES = {"high", "low", "unable-to-assess"}
SNOMED = "http://snomed.info/sct"
IPS_ABSENT = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips"
# SNOMED CT situations "no known ... allergy" (children of 716186003 in the HL7
# allergyintolerance-code value set, and the older finding 160244002).
NO_KNOWN_ALLERGY_CODES = frozenset(
    {
        "716186003",  # No known allergy
        "409137002",  # No known drug allergy
        "428607008",  # No known environmental allergy
        "429625007",  # No known food allergy
        "428197003",  # No known insect allergy
        "716220001",  # No known animal allergy
        "1003774007",  # No known Hevea brasiliensis latex allergy
        "160244002",  # No known allergies (finding)
    }
)
NOT_ASKED_CODES = frozenset({"1631000175102"})  # SNOMED: Patient not asked
IPS_NO_KNOWN = frozenset({"no-known-allergies", "no-allergy-info"})
_NO_KNOWN_TEXT = re.compile(r"^\s*(no known\b.*allerg|nka\b|nkda\b|ingen kendte?\b.*allergi)", re.IGNORECASE)


def negation_kind(code: object) -> str:
    """ "no-known" for a "no known allergy" code, "not-asked" when it says allergies are
    not known, "" for an ordinary allergy code."""
    if not isinstance(code, dict):
        return ""
    for coding in objs(code, "coding"):
        system, value = string(coding, "system", limit=256), string(coding, "code", limit=64)
        if system == IPS_ABSENT and value in IPS_NO_KNOWN:
            return "not-asked" if value == "no-allergy-info" else "no-known"
        if system in (SNOMED, "") and value in NO_KNOWN_ALLERGY_CODES:
            return "no-known"
        if system in (SNOMED, "") and value in NOT_ASKED_CODES:
            return "not-asked"
    text = cc_text(code)
    return "no-known" if text and _NO_KNOWN_TEXT.match(text) else ""


def map_allergy(resource: dict, ctx: Ctx) -> CaveItem | None:
    key = check_resource(resource, "AllergyIntolerance")
    verification = cc_code(resource.get("verificationStatus"))
    if verification in ("refuted", "entered-in-error"):
        return None
    title = cc_text(resource.get("code"))
    if not title:
        raise MappingError("allergy without code")
    negation = negation_kind(resource.get("code"))
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
    who = check_ref(resource.get("recorder"), "recorder") or check_ref(resource.get("asserter"), "asserter")
    return CaveItem(
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(who), course_ref=resource.get("encounter")
        ),
        kind=negation or "allergy",
        title=title,
        detail=", ".join(manifestations),
        criticality=criticality if criticality in _CRITICALITIES and not negation else "",
        active=clinical in ("", "active"),
        status=clinical or "active",
        unconfirmed=verification in ("unconfirmed", "presumed"),
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
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(author), course_ref=resource.get("encounter")
        ),
        kind="warning",
        title=title,
        detail=category,
        criticality="",
        active=string(resource, "status") in ("", "active"),
        status=string(resource, "status", limit=32) or "active",
    )


def map_cave(resource: dict, ctx: Ctx) -> CaveItem | None:
    if isinstance(resource, dict) and resource.get("resourceType") == "Flag":
        return map_flag(resource, ctx)
    return map_allergy(resource, ctx)

"""Procedures and care plans written by other systems, shown with the courses ("forløb").

Where a clinician looks: in Danish records (Sundhedsjournalen, the regions' EHRs) procedures
("procedurer": operations, endoscopies, valve placements) are listed with the course they
belong to, and municipal care and rehabilitation plans ("plejeplaner", "genoptræningsplaner")
are courses of their own. So both become `Course` entries of the courses pane:

- Procedure -> kind "procedure". Title from `code` by the standard systems (its text, else the
  display of an SKS, SNOMED CT, ICD-10-PCS or CPT coding, else any coding, else the code);
  date/end from `performed[x]`; the reason from `reasonCode`, else the Condition referenced in
  `reasonReference`; the source from the performer (`onBehalfOf`, else `actor`), else the
  location's display; `course_key` from `encounter`, so the procedure is found under the
  admission it happened in.
- CarePlan -> kind "careplan". Title from `title`, else `category` text, else `description`;
  date/end from `period`; the reason from `addresses` (Conditions); the source from `author`,
  else the first `contributor`; status as given (draft, active, on-hold, completed, revoked).

Status `entered-in-error` is left out by the common guard like everywhere else.
"""

from __future__ import annotations

from typing import Any

from sjtui.record.entries import Course
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    cc_text,
    check_resource,
    codings,
    obj,
    objs,
    parse_datetime,
    ref_display,
    string,
)

#: Procedure code systems in order of preference when a code has no text.
PROCEDURE_SYSTEMS = (
    "urn:oid:1.2.208.176.2.4",  # SKS (Danish procedure and treatment codes, K..., B...)
    "http://snomed.info/sct",
    "http://www.cms.gov/Medicare/Coding/ICD10",  # ICD-10-PCS
    "http://www.ama-assn.org/go/cpt",
)


def procedure_title(code: Any) -> str:
    """The text of a procedure code: its text, else a display by preferred system, else any."""
    if not isinstance(code, dict):
        return ""
    text = string(code, "text")
    if text:
        return text
    by_system = {string(c, "system", limit=256): c for c in codings(code)}
    for system in PROCEDURE_SYSTEMS:
        coding = by_system.get(system)
        if coding is not None and string(coding, "display"):
            return string(coding, "display")
    return cc_text(code)


def _condition_text(ref: Any, ctx: Ctx) -> str:
    condition = ctx.index.resolve(ref, "Condition")
    if condition is not None:
        text = cc_text(obj(condition, "code"))
        if text:
            return text
    return ref_display(ref)


def _reason(resource: dict, ctx: Ctx, codes: str, refs: str) -> str:
    for cc in objs(resource, codes):
        text = cc_text(cc)
        if text:
            return text
    for ref in objs(resource, refs):
        text = _condition_text(ref, ctx)
        if text:
            return text
    return ""


def _performed(resource: dict) -> tuple[Any, Any]:
    if resource.get("performedDateTime") is not None:
        return parse_datetime(resource.get("performedDateTime"), "performedDateTime"), None
    period = obj(resource, "performedPeriod")
    return (
        parse_datetime(period.get("start"), "performedPeriod"),
        parse_datetime(period.get("end"), "performedPeriod.end"),
    )


def map_procedure(resource: dict, ctx: Ctx) -> Course:
    key = check_resource(resource, "Procedure")
    title = procedure_title(resource.get("code"))
    if not title:
        raise MappingError("procedure without code")
    start, end = _performed(resource)
    performer_ref: Any = None
    for performer in objs(resource, "performer"):
        performer_ref = performer.get("onBehalfOf") or performer.get("actor")
        if isinstance(performer_ref, dict):
            break
    source = ctx.sources.resolve(performer_ref if isinstance(performer_ref, dict) else resource.get("location"))
    return Course(
        **entry_fields(resource, key, ctx, date=start, source=source, course_ref=resource.get("encounter")),
        end=end,
        kind="procedure",
        title=title,
        diagnosis=_reason(resource, ctx, "reasonCode", "reasonReference"),
        status=string(resource, "status", limit=32),
    )


def map_care_plan(resource: dict, ctx: Ctx) -> Course:
    key = check_resource(resource, "CarePlan")
    title = string(resource, "title")
    if not title:
        title = next((t for t in (cc_text(c) for c in objs(resource, "category")) if t), "")
    if not title:
        title = string(resource, "description")
    if not title:
        raise MappingError("care plan without title, category or description")
    period = obj(resource, "period")
    author = resource.get("author")
    if not isinstance(author, dict):
        author = next(iter(objs(resource, "contributor")), None)
    diagnosis = next((t for t in (_condition_text(r, ctx) for r in objs(resource, "addresses")) if t), "")
    return Course(
        **entry_fields(
            resource,
            key,
            ctx,
            date=parse_datetime(period.get("start"), "period"),
            source=ctx.sources.resolve(author),
            course_ref=resource.get("encounter"),
        ),
        end=parse_datetime(period.get("end"), "period.end"),
        kind="careplan",
        title=title,
        diagnosis=diagnosis,
        status=string(resource, "status", limit=32),
    )


__all__ = ["map_care_plan", "map_procedure", "procedure_title"]

"""Imaging reports ("billedbeskrivelser"): DiagnosticReport with an imaging category.

Imaging is recognised by v2-0074 `RAD` (also `CT`, `RX`, `NMR`, `US`...), the LOINC
radiology category `LP29684-5`, or the code/text `imaging`. The conclusion is inline; the
full description is `presentedForm[0]` (inline data decoded, else its url fetched on demand).
"""

from __future__ import annotations

from sjtui.record.entries import ImagingReport
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    check_resource,
    field_datetime,
    objs,
    string,
)
from sjtui.record.mapping.notes import attachment_body
from sjtui.record.mapping.values import category_codes, code_of, first_performer

IMAGING_CATEGORIES = {
    "RAD",
    "CT",
    "RX",
    "NMR",
    "MR",
    "US",
    "NMS",
    "CUS",
    "VUS",
    "XRC",
    "LP29684-5",
    "imaging",
    "radiology",
    "radiologi",
    "billeddiagnostik",
}


def is_imaging(report: dict) -> bool:
    return bool(category_codes(report) & IMAGING_CATEGORIES)


def map_imaging(resource: dict, ctx: Ctx) -> ImagingReport:
    key = check_resource(resource, "DiagnosticReport")
    _, _, title = code_of(resource)
    if not title:
        raise MappingError("report without code")
    forms = objs(resource, "presentedForm")
    body, body_url = attachment_body(forms[0], ctx) if forms else (None, "")
    if forms and forms[0].get("data") is not None:
        body_url = ""
    performer = first_performer(resource)
    if not performer:
        performer = first_performer(resource, "resultsInterpreter")
    date = field_datetime(resource, "effectiveDateTime", "effectivePeriod", "issued")
    return ImagingReport(
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(performer), course_ref=resource.get("encounter")
        ),
        title=title,
        conclusion=string(resource, "conclusion", limit=8000),
        body=body,
        body_url=body_url,
    )

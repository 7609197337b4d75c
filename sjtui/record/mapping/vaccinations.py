"""Vaccinations: Immunization.

`dose` holds the dose number as text ("2", or doseNumberString verbatim); the UI adds
"Dosis". entered-in-error is left out by the guard; not-done is kept with its status.
"""

from __future__ import annotations

from sjtui.record.entries import Vaccination
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    ATC_SYSTEM,
    MappingError,
    cc_code,
    cc_text,
    check_resource,
    first,
    format_number,
    number,
    obj,
    parse_datetime,
    string,
)


def map_vaccination(resource: dict, ctx: Ctx) -> Vaccination:
    key = check_resource(resource, "Immunization")
    vaccine = obj(resource, "vaccineCode")
    name = cc_text(vaccine)
    if not name:
        raise MappingError("immunization without vaccine code")
    protocol = first(resource, "protocolApplied")
    dose_number = number(protocol, "doseNumberPositiveInt")
    dose = format_number(dose_number) if dose_number is not None else string(protocol, "doseNumberString", limit=64)
    date = parse_datetime(resource.get("occurrenceDateTime"), "occurrenceDateTime")
    if date is None:
        date = parse_datetime(resource.get("recorded"), "recorded")
    performer = obj(first(resource, "performer"), "actor")
    return Vaccination(
        **entry_fields(
            resource, key, ctx, date=date, source=ctx.sources.resolve(performer), course_ref=resource.get("encounter")
        ),
        name=name,
        atc=cc_code(vaccine, ATC_SYSTEM),
        dose=dose,
        status=string(resource, "status", limit=32),
    )

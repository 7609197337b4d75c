"""Appointments ("aftaler").

Order (what the UI shows): upcoming first, soonest first; then past ones, newest first;
appointments without a start last. "Upcoming" means not yet ended at `now` (the record's
as_of): end (or start, when there is no end) >= now. Cancelled ones are kept with their
status; the overview leaves them out.

`location` is the Location (resolved name, else display), else a HealthcareService display.
`address` is the place's postal address (`addresses.py`).
`source` is an Organization participant, else the Location's managing organisation, else
the HealthcareService's providedBy (when the service was fetched), else the display of the
Location/HealthcareService.
"""

from __future__ import annotations

from datetime import datetime

from sjtui.record.entries import Appointment
from sjtui.record.mapping.addresses import place_address
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    cc_text,
    check_resource,
    first,
    obj,
    objs,
    parse_datetime,
    ref_display,
    ref_key,
    string,
)
from sjtui.record.model import Source


def map_appointment(resource: dict, ctx: Ctx) -> Appointment:
    key = check_resource(resource, "Appointment")
    status = string(resource, "status", limit=32)
    if not status:
        raise MappingError("appointment without status")
    start = parse_datetime(resource.get("start"), "start")
    end = parse_datetime(resource.get("end"), "end")
    location = service = ""
    org_ref: dict = {}
    location_res: dict | None = None
    service_org: dict = {}
    service_res: dict | None = None
    for participant in objs(resource, "participant"):
        actor = obj(participant, "actor")
        rtype = ref_key(actor).split("/")[0]
        if rtype == "Location" and not location:
            location_res = ctx.index.resolve(actor, "Location")
            location = (string(location_res, "name") if location_res else "") or ref_display(actor)
        elif rtype == "HealthcareService" and not service:
            service_res = ctx.index.resolve(actor, "HealthcareService")
            service = (string(service_res, "name") if service_res else "") or ref_display(actor)
            if service_res is not None and isinstance(service_res.get("providedBy"), dict):
                service_org = service_res["providedBy"]
        elif rtype == "Organization" and not org_ref:
            org_ref = actor
    if org_ref:
        source = ctx.sources.resolve(org_ref)
    elif location_res is not None and isinstance(location_res.get("managingOrganization"), dict):
        source = ctx.sources.resolve(location_res["managingOrganization"])
    elif service_org:
        source = ctx.sources.resolve(service_org)
    else:
        source = Source(organisation=service or location)
    description = (
        string(resource, "description", limit=2000)
        or cc_text(first(resource, "serviceType"))
        or cc_text(resource.get("appointmentType"))
        or cc_text(first(resource, "reasonCode"))
    )
    return Appointment(
        **entry_fields(resource, key, ctx, date=start, source=source),
        end=end,
        status=status,
        description=description,
        location=location or service,
        address=place_address(ctx.index, location_res, service_res, org_ref or None),
    )


def order_appointments(items: list[Appointment], now: datetime) -> list[Appointment]:
    def start(a: Appointment) -> float:
        return a.date.timestamp() if a.date is not None else 0.0

    def ends(a: Appointment) -> datetime:
        return a.end or a.date or now

    dated = [a for a in items if a.date is not None]
    upcoming = sorted((a for a in dated if ends(a) >= now), key=start)
    past = sorted((a for a in dated if ends(a) < now), key=start, reverse=True)
    return upcoming + past + [a for a in items if a.date is None]

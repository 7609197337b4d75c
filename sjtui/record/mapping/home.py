"""Home measurements ("hjemmemålinger"): Observations with category vital-signs (or PHD).

Blood pressure with systolic/diastolic components becomes value "142/88" (numeric = the
systolic value, reference/flag from the systolic component unless the Observation has its
own). The device is the `device` reference (resolved Device name, else its display).
"""

from __future__ import annotations

from sjtui.record.entries import HomeMeasurement
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_has_code,
    cc_text,
    check_ref,
    check_resource,
    field_datetime,
    first,
    obj,
    objs,
    ref_display,
    string,
)
from sjtui.record.mapping.values import (
    category_codes,
    code_of,
    first_performer,
    flag_of,
    reference_range,
    value_of,
)

HOME_CATEGORIES = {"vital-signs", "PHD", "phd"}
SYSTOLIC = ("8480-6",)
DIASTOLIC = ("8462-4",)


def is_home(observation: dict) -> bool:
    return bool(category_codes(observation) & HOME_CATEGORIES)


def _bp_part(components: list[dict], codes: tuple[str, ...], word: str) -> dict | None:
    for comp in components:
        if cc_has_code(comp.get("code"), *codes) or word in cc_text(comp.get("code")).lower():
            return comp
    return None


def _device(resource: dict, ctx: Ctx) -> str:
    ref = check_ref(resource.get("device"), "device")
    device = ctx.index.resolve(ref, "Device")
    if device is not None:
        name = string(first(device, "deviceName"), "name")
        if name:
            return name
        name = cc_text(obj(device, "type"))
        if name:
            return name
    return ref_display(ref)


def map_home(resource: dict, ctx: Ctx) -> HomeMeasurement:
    key = check_resource(resource, "Observation")
    code, _, name = code_of(resource)
    if not name:
        raise MappingError("observation without code")
    value, numeric, unit = value_of(resource)
    reference = reference_range(resource)
    flag = flag_of(resource, numeric, reference)
    components = objs(resource, "component")
    systolic = _bp_part(components, SYSTOLIC, "systol")
    diastolic = _bp_part(components, DIASTOLIC, "diastol")
    if not value and systolic is not None and diastolic is not None:
        sys_text, sys_num, sys_unit = value_of(systolic)
        dia_text, _, _ = value_of(diastolic)
        value, numeric, unit = f"{sys_text}/{dia_text}", sys_num, sys_unit
        if reference is None:
            reference = reference_range(systolic)
        if not arr(resource, "interpretation"):
            sys_flag = flag_of(systolic, sys_num, reference_range(systolic))
            dia_text_num = value_of(diastolic)[1]
            dia_flag = flag_of(diastolic, dia_text_num, reference_range(diastolic))
            flag = sys_flag or dia_flag
    date = field_datetime(resource, "effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued")
    return HomeMeasurement(
        **entry_fields(
            resource,
            key,
            ctx,
            date=date,
            source=ctx.sources.resolve(first_performer(resource)),
            course_ref=resource.get("encounter"),
        ),
        code=code,
        name=name,
        value=value,
        numeric=numeric,
        unit=unit,
        reference=reference,
        flag=flag,
        device=_device(resource, ctx),
    )

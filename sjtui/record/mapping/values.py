"""Observation values, reference ranges and flags, shared by labs and home measurements."""

from __future__ import annotations

from typing import Any

from sjtui.record.entries import LabComponent, ReferenceRange
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_first_coding,
    cc_text,
    clip,
    first,
    format_number,
    number,
    obj,
    quantity,
    string,
)

# v3-ObservationInterpretation codes kept as flags ("N" and unknown codes give "").
_FLAGS = {
    "H": "H",
    "L": "L",
    "HH": "HH",
    "LL": "LL",
    "A": "A",
    "AA": "A",
    "HU": "HH",
    "LU": "LL",
    "POS": "A",
    "DET": "A",
    "<": "L",
    ">": "H",
}


def value_of(element: dict) -> tuple[str, float | None, str]:
    """(text, numeric, unit) of an Observation or component value[x]."""
    if element.get("valueQuantity") is not None:
        return quantity(element["valueQuantity"], "valueQuantity")
    if element.get("valueCodeableConcept") is not None:
        return cc_text(element["valueCodeableConcept"]), None, ""
    if element.get("valueString") is not None:
        return string(element, "valueString", limit=4000), None, ""
    if element.get("valueInteger") is not None:
        numeric = number(element, "valueInteger")
        return format_number(numeric or 0.0), numeric, ""
    if element.get("valueBoolean") is not None:
        value = element["valueBoolean"]
        if not isinstance(value, bool):
            raise MappingError("valueBoolean is not a boolean")
        return ("true" if value else "false"), None, ""
    if element.get("valueRange") is not None:
        rng = obj(element, "valueRange")
        none: tuple[str, float | None, str] = ("", None, "")
        low, _, unit = quantity(obj(rng, "low"), "valueRange.low") if rng.get("low") else none
        high, _, unit2 = quantity(obj(rng, "high"), "valueRange.high") if rng.get("high") else none
        return f"{low}-{high}".strip("-"), None, unit or unit2
    if element.get("dataAbsentReason") is not None:
        return cc_text(element["dataAbsentReason"]), None, ""
    return "", None, ""


def reference_range(element: dict) -> ReferenceRange | None:
    ranges = arr(element, "referenceRange")
    if not ranges:
        return None
    rr = ranges[0]
    if not isinstance(rr, dict):
        raise MappingError("referenceRange is not an object")
    low = number(obj(rr, "low"), "value")
    high = number(obj(rr, "high"), "value")
    text = string(rr, "text")
    if low is None and high is None and not text:
        return None
    return ReferenceRange(low=low, high=high, text=text)


def flag_of(element: dict, numeric: float | None, reference: ReferenceRange | None) -> str:
    """Flag from the interpretation code; else derived H/L from value and range."""
    interpretations = arr(element, "interpretation")
    for interp in interpretations:
        code = cc_code(interp)
        if code:
            return _FLAGS.get(code.upper(), "")
    if numeric is not None and reference is not None:
        if reference.high is not None and numeric > reference.high:
            return "H"
        if reference.low is not None and numeric < reference.low:
            return "L"
    return ""


def code_of(element: dict) -> tuple[str, str, str]:
    """(code, system, name) of element.code; the name falls back to the code."""
    cc = element.get("code")
    if cc is not None and not isinstance(cc, dict):
        raise MappingError("code is not an object")
    code, system = cc_first_coding(cc or {})
    name = cc_text(cc) if cc else ""
    return code, system, name or code


def component_of(element: dict) -> LabComponent:
    """A LabComponent from an Observation.component or a member Observation."""
    code, _, name = code_of(element)
    value, numeric, unit = value_of(element)
    reference = reference_range(element)
    return LabComponent(
        code=code,
        name=name,
        value=value,
        numeric=numeric,
        unit=unit,
        reference=reference,
        flag=flag_of(element, numeric, reference),
    )


def components_of(element: dict) -> tuple[LabComponent, ...]:
    result = []
    for comp in arr(element, "component"):
        if not isinstance(comp, dict):
            raise MappingError("component is not an object")
        result.append(component_of(comp))
    return tuple(result)


def category_codes(resource: dict) -> set[str]:
    """All category codes (and lower-cased texts) of a resource."""
    codes: set[str] = set()
    for cc in arr(resource, "category"):
        if not isinstance(cc, dict):
            continue
        for coding in arr(cc, "coding"):
            if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                codes.add(coding["code"])
        if isinstance(cc.get("text"), str):
            codes.add(clip(cc["text"], 64).lower())
    return codes


def first_performer(resource: dict, key: str = "performer") -> Any:
    """The first performer reference, preferring an Organization."""
    refs = [r for r in arr(resource, key) if isinstance(r, dict)]
    for ref in refs:
        if isinstance(ref.get("reference"), str) and "Organization/" in ref["reference"]:
            return ref
    return refs[0] if refs else first(resource, "__none__")

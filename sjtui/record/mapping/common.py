"""Shared helpers for mapping FHIR R4 JSON (plain dicts) to the clinical model.

Server data is untrusted. The getters here are strict about types: a field that is present
but has the wrong JSON type raises `MappingError`, which the per-resource guard in
`sjtui.record.mapping` turns into an `Unreadable` entry for the pane. Absent fields give
neutral defaults ("" / None / empty). Error messages never contain field *values* (they may
be personal data), only field names.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    LOCAL_TZ: Any = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # pragma: no cover - minimal systems without tzdata
    LOCAL_TZ = UTC

CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
ATC_SYSTEM = "http://www.whocc.no/atc"
LOINC_SYSTEM = "http://loinc.org"
NPU_SYSTEM = "http://npu-terminology.org"

MAX_LINE = 1000  # one-line texts (titles, names) are cut here; bodies are not


class MappingError(Exception):
    """A resource cannot be mapped. The message is short English without data values."""


# --- safe getters ---------------------------------------------------------------------


def obj(d: dict, key: str) -> dict:
    """A JSON object field; {} when absent or null."""
    value = d.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"{key} is not an object")
    return value


def arr(d: dict, key: str) -> list:
    """A JSON array field; [] when absent or null. A lone object is tolerated as [obj]."""
    value = d.get(key)
    if value is None:
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise MappingError(f"{key} is not an array")
    return value


def objs(d: dict, key: str) -> list[dict]:
    """An array of objects; non-object members raise."""
    items = arr(d, key)
    for item in items:
        if not isinstance(item, dict):
            raise MappingError(f"{key} holds a non-object")
    return items


def first(d: dict, key: str) -> dict:
    """The first object of an array field, {} when empty."""
    items = objs(d, key)
    return items[0] if items else {}


def string(d: dict, key: str, *, limit: int | None = MAX_LINE) -> str:
    """A string field; "" when absent. Numbers are not accepted as strings."""
    value = d.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MappingError(f"{key} is not a string")
    return clip(value, limit)


def clip(text: str, limit: int | None = MAX_LINE) -> str:
    text = text.strip()
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def number(d: dict, key: str) -> float | None:
    """A finite JSON number; None when absent. Booleans, strings, NaN and inf raise."""
    value = d.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MappingError(f"{key} is not a number")
    result = float(value)
    if not math.isfinite(result):
        raise MappingError(f"{key} is not a finite number")
    return result


def resource_key(resource: Any) -> str:
    """ "Type/id", with "?" for what is unknown. Never raises."""
    if not isinstance(resource, dict):
        return "?/?"
    rtype = resource.get("resourceType")
    rid = resource.get("id")
    rtype_s = rtype if isinstance(rtype, str) and rtype and len(rtype) < 64 else "?"
    rid_s = rid if isinstance(rid, str) and rid and len(rid) <= 64 else "?"
    return f"{rtype_s}/{rid_s}"


_ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def require_key(resource: dict) -> str:
    """The resource key; raises when the id is missing or not a FHIR id."""
    rid = resource.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise MappingError("missing or invalid id")
    return f"{resource['resourceType']}/{rid}"


# --- security labels ------------------------------------------------------------------


def is_private(resource: Any) -> bool:
    """True when meta.security holds v3-Confidentiality R (private-marked, "privatmarkeret").

    Tolerant of junk: anything malformed counts as not marked, except that a label with code
    R and no system is taken as marked (fail closed on the privacy side).
    """
    if not isinstance(resource, dict):
        return False
    meta = resource.get("meta")
    if not isinstance(meta, dict):
        return False
    labels = meta.get("security")
    if isinstance(labels, dict):
        labels = [labels]
    if not isinstance(labels, list):
        return False
    for label in labels:
        if not isinstance(label, dict) or label.get("code") != "R":
            continue
        system = label.get("system")
        if system in (None, CONFIDENTIALITY_SYSTEM):
            return True
    return False


# --- dates ------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_datetime(value: Any, what: str = "date") -> datetime | None:
    """A FHIR date/dateTime/instant as an aware datetime; None when absent.

    Partial dates ("2024", "2024-03") become the first day; date-only values become local
    midnight (Europe/Copenhagen) and so do times without a zone (not valid FHIR, but seen).
    Present-but-invalid values ("2026-13-45", numbers) raise MappingError.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise MappingError(f"{what} is not a date")
    text = value.strip()
    match = _DATE_RE.match(text)
    try:
        if match:
            year, month, day = match.group(1), match.group(2) or "1", match.group(3) or "1"
            return datetime.combine(date(int(year), int(month), int(day)), time(), LOCAL_TZ)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise MappingError(f"{what} is not a valid date") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=LOCAL_TZ)
    return parsed


def parse_date(value: Any, what: str = "date") -> date | None:
    """A FHIR date as a calendar date (local date for dateTimes)."""
    parsed = parse_datetime(value, what)
    if parsed is None:
        return None
    return parsed.astimezone(LOCAL_TZ).date()


def field_datetime(d: dict, *keys: str) -> datetime | None:
    """The first present of several date fields (e.g. effectiveDateTime, effectivePeriod)."""
    for key in keys:
        if key not in d or d[key] is None:
            continue
        if key.endswith("Period"):
            start = parse_datetime(obj(d, key).get("start"), key)
            if start is not None:
                return start
            continue
        return parse_datetime(d[key], key)
    return None


def local_date(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(LOCAL_TZ).date()


# --- codes ------------------------------------------------------------------------------


def codings(cc: dict) -> list[dict]:
    return objs(cc, "coding")


def cc_text(cc: Any) -> str:
    """Display text of a CodeableConcept: text, else the first coding display, else code."""
    if cc is None:
        return ""
    if not isinstance(cc, dict):
        raise MappingError("a CodeableConcept is not an object")
    text = string(cc, "text")
    if text:
        return text
    for coding in codings(cc):
        display = string(coding, "display")
        if display:
            return display
    for coding in codings(cc):
        code = string(coding, "code")
        if code:
            return code
    return ""


def cc_code(cc: Any, *systems: str) -> str:
    """The code of the first coding in one of `systems` (any system when none given)."""
    if not isinstance(cc, dict):
        return ""
    for coding in codings(cc):
        if not systems or string(coding, "system") in systems:
            code = string(coding, "code", limit=128)
            if code:
                return code
    return ""


def cc_first_coding(cc: Any) -> tuple[str, str]:
    """(code, system) of the first coding with a code, ("", "") when none."""
    if not isinstance(cc, dict):
        return "", ""
    for coding in codings(cc):
        code = string(coding, "code", limit=128)
        if code:
            return code, string(coding, "system", limit=256)
    return "", ""


def cc_has_code(cc: Any, *codes: str) -> bool:
    if not isinstance(cc, dict):
        return False
    return any(string(c, "code", limit=128) in codes for c in codings(cc))


# --- numbers and quantities -------------------------------------------------------------


def format_number(value: float) -> str:
    """Locale-neutral text of a number without float noise: 7.32, 140, 0.001."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    try:
        dec = Decimal(f"{value:.10g}")
    except InvalidOperation:  # pragma: no cover - value is finite here
        return str(value)
    text = format(dec, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def quantity(q: Any, what: str = "value") -> tuple[str, float | None, str]:
    """(text, numeric, unit) of a Quantity. A comparator ("<") prefixes the text."""
    if not isinstance(q, dict):
        raise MappingError(f"{what} is not a Quantity")
    numeric = number(q, "value")
    unit = string(q, "unit", limit=64) or string(q, "code", limit=64)
    comparator = string(q, "comparator", limit=2)
    text = "" if numeric is None else comparator + format_number(numeric)
    return text, numeric, unit


# --- attachments ------------------------------------------------------------------------


def decode_base64_text(data: Any) -> str:
    """Decode inline base64 attachment data as UTF-8 (bad bytes replaced)."""
    if not isinstance(data, str):
        raise MappingError("attachment data is not a string")
    try:
        raw = base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MappingError("attachment data is not base64") from exc
    return raw.decode("utf-8", errors="replace")


# --- references -------------------------------------------------------------------------


def ref_key(ref: Any) -> str:
    """ "Type/id" of a Reference (relative or absolute URL, history suffix dropped)."""
    if not isinstance(ref, dict):
        return ""
    value = ref.get("reference")
    if not isinstance(value, str) or not value or len(value) > 512:
        return ""
    value = value.split("/_history/")[0].rstrip("/")
    parts = value.split("/")
    if len(parts) >= 2 and parts[-2][:1].isupper():
        return f"{parts[-2]}/{parts[-1]}"
    return ""


def ref_display(ref: Any) -> str:
    if not isinstance(ref, dict):
        return ""
    value = ref.get("display")
    return clip(value) if isinstance(value, str) else ""


def check_ref(ref: Any, what: str) -> dict:
    """A Reference field value; {} when None; raises when not an object."""
    if ref is None:
        return {}
    if not isinstance(ref, dict):
        raise MappingError(f"{what} is not a Reference")
    return ref


@dataclass
class Index:
    """All fetched resources by key, for resolving references inside the bundle."""

    by_key: dict[str, dict] = field(default_factory=dict)

    def get(self, key: str) -> dict | None:
        return self.by_key.get(key) if key else None

    def resolve(self, ref: Any, rtype: str | None = None) -> dict | None:
        key = ref_key(ref)
        if not key or (rtype and not key.startswith(rtype + "/")):
            return None
        return self.by_key.get(key)


def check_resource(resource: Any, *types: str) -> str:
    """Check the resource is an object of one of `types` with a valid id; return its key."""
    if not isinstance(resource, dict):
        raise MappingError("not a JSON object")
    if resource.get("resourceType") not in types:
        raise MappingError("unexpected resource type")
    return require_key(resource)

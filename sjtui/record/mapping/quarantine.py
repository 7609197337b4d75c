"""Per-resource isolation: a resource too deep or too large to walk safely is quarantined
on its own before anything walks it (the mapping, the cache's JSON encoder, the memo).

The check is iterative (no recursion: a 5,000-deep extension must not raise RecursionError)
and bounded (it stops counting at the first limit passed). A quarantined resource is kept
as a small stub ("Type/id", its own date and the fields that say which citizen and which
pane it belongs to, when those are shallow), so it can still be shown as "could not be read"
with its type and date, and cached without harm.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sjtui.fhir.jsondepth import TYPE_KEY, UNREADABLE_KEY
from sjtui.record.mapping.common import MappingError, parse_datetime

MAX_DEPTH = 48  # real FHIR resources nest ~10 deep; extensions of extensions a few more
MAX_NODES = 200_000  # JSON values in one resource (a 10,000-result Bundle is never one resource)
QUARANTINE = "_sjtuiQuarantine"  # marks a stub; not a FHIR element name
_KEPT = (
    "resourceType",
    "id",
    "meta",
    "status",
    "subject",
    "patient",
    "category",
    "participant",
    "entity",
    "effectiveDateTime",
    "issued",
    "recordedDate",
    "date",
    "authoredOn",
    "occurrenceDateTime",
    "start",
    "recorded",
    "dateAsserted",
    "period",
    "effectivePeriod",
    "clinicalStatus",
    "verificationStatus",
)
_DATE_FIELDS = (
    "effectiveDateTime",
    "issued",
    "recordedDate",
    "date",
    "authoredOn",
    "occurrenceDateTime",
    "start",
    "recorded",
    "dateAsserted",
)
_PERIOD_FIELDS = ("effectivePeriod", "period")


def shape_problem(value: Any, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> str:
    """ "too-deep" / "too-large" when walking `value` is not safe, else "". Iterative; only
    containers are visited (scalars are counted, not stacked): about a json.dumps' cost."""
    if type(value) is not dict and type(value) is not list:
        return ""
    stack: list[tuple[Any, int]] = [(value, 0)]
    nodes = 0
    while stack:
        current, depth = stack.pop()
        if depth > max_depth:
            return "too-deep"
        children = current.values() if type(current) is dict else current
        nodes += len(children)
        if nodes > max_nodes:
            return "too-large"
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
    return ""


def stub(resource: dict, kind: str) -> dict:
    """The quarantined form of a resource: shallow identifying fields and the reason."""
    out: dict[str, Any] = {QUARANTINE: kind}
    for name in _KEPT:
        value = resource.get(name)
        if value is not None and not shape_problem(value, max_depth=8, max_nodes=2000):
            out[name] = value
    return out


def from_client(resource: Any) -> dict | None:
    """The stub for an entry the FHIR client could not decode (a too-deep resource it gave up,
    marked `_sjtui_unreadable` with its type and id), or None for anything else."""
    if not isinstance(resource, dict) or "resourceType" in resource:
        return None
    kind, rtype = resource.get(UNREADABLE_KEY), resource.get(TYPE_KEY)
    if not isinstance(kind, str) or not isinstance(rtype, str) or not rtype:
        return None
    out: dict[str, Any] = {"resourceType": rtype, QUARANTINE: kind or "too-large"}
    if isinstance(resource.get("id"), str):
        out["id"] = resource["id"]
    return out


def quarantined(resource: Any) -> str:
    """The quarantine kind of a stub, "" for an ordinary resource."""
    if isinstance(resource, dict):
        kind = resource.get(QUARANTINE)
        if isinstance(kind, str):
            return kind or "too-large"
    return ""


def screen(resources: Iterable[Any]) -> list[Any]:
    """The resources with every unsafe one replaced by its stub (order kept)."""
    out = []
    for resource in resources:
        problem = shape_problem(resource) if isinstance(resource, dict) else ""
        out.append(stub(resource, problem) if problem else resource)
    return out


def own_date(resource: Any) -> datetime | None:
    """The resource's own date, if one of the usual date fields can be read; never raises."""
    if not isinstance(resource, dict):
        return None
    for name in _DATE_FIELDS:
        try:
            found = parse_datetime(resource.get(name), name)
        except MappingError:
            continue
        if found is not None:
            return found
    for name in _PERIOD_FIELDS:
        period = resource.get(name)
        if isinstance(period, dict):
            try:
                found = parse_datetime(period.get("start"), name)
            except MappingError:
                continue
            if found is not None:
                return found
    return None

"""`GET Observation/$lastn`: the newest `max` Observations of each code (FHIR R4
observation-operation-lastn).

Takes the Observation search parameters (`patient`, `category`, `code`, `date`, ...) and the
result parameters `_elements`/`_summary`, plus `max` (a positive integer, default 1). The
matches are grouped by code (`Observation.code`: its first coding's `system|code`, else its
text) and the newest `max` of each group are returned, newest first, in one searchset Bundle
(no paging: the answer is bounded by the codes a citizen has). Sorting is by the effective
date (`date`), as the specification asks; observations without one go last in their group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .jsonio import FhirError
from .messages import FhirRequest, FhirResult, content_id
from .search import SearchCache, parse_search, run_search
from .store import Store, StoredResource

__all__ = ["LASTN_DEFINITION", "lastn"]

LASTN_DEFINITION = "http://hl7.org/fhir/OperationDefinition/Observation-lastn"
_MAX_MAX = 1000


def _max(query: list[tuple[str, str]]) -> int:
    values = [v for k, v in query if k == "max"]
    if not values:
        return 1
    if len(values) > 1 or not values[0].isdigit() or not 1 <= int(values[0]) <= _MAX_MAX:
        raise FhirError(400, "invalid", f"max must be one integer from 1 to {_MAX_MAX}")
    return int(values[0])


def _group(resource: dict[str, Any]) -> str:
    code = resource.get("code")
    if not isinstance(code, dict):
        return ""
    for coding in code.get("coding") or ():
        if isinstance(coding, dict) and coding.get("code"):
            return f"{coding.get('system', '')}|{coding['code']}"
    text = code.get("text")
    return text if isinstance(text, str) else ""


def lastn(
    store: Store,
    req: FhirRequest,
    *,
    cache: SearchCache,
    lenient: bool,
    now: str,
    shaped: Callable[[StoredResource, Any], Any],
) -> FhirResult:
    newest = _max(req.query)
    if not any(k in ("patient", "subject") for k, _ in req.query):
        raise FhirError(400, "required", "$lastn needs a patient (or subject)")
    query = [(k, v) for k, v in req.query if k not in ("max", "_sort", "_count", "_offset")]
    plan = parse_search("Observation", [*query, ("_sort", "-date")], lenient=lenient)
    kept: list[StoredResource] = []
    per_code: dict[str, int] = {}
    for entry in run_search(store, plan, cache):
        group = _group(entry.resource)
        if per_code.get(group, 0) < newest:
            per_code[group] = per_code.get(group, 0) + 1
            kept.append(entry)
    base = req.base_url
    return FhirResult(
        200,
        {
            "resourceType": "Bundle",
            "id": content_id("lastn", req.query, [(e.rid, e.version_id) for e in kept]),
            "meta": {"lastUpdated": now},
            "type": "searchset",
            "total": len(kept),
            "entry": [
                {"fullUrl": f"{base}Observation/{e.rid}", "resource": shaped(e, plan), "search": {"mode": "match"}}
                for e in kept
            ],
        },
    )

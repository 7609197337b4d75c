"""The CapabilityStatement (`GET /metadata`), generated from the search-parameter table.

The viewer's client reads it once per server to choose batch vs parallel GETs, `_elements`,
conditional reads and conditional create, so it must say exactly what this server does.
"""

from __future__ import annotations

from typing import Any

from .includes import include_values
from .lastn import LASTN_DEFINITION
from .params import REGISTRY

__all__ = ["SOFTWARE_NAME", "WRITABLE_TYPES", "capability_statement"]

SOFTWARE_NAME = "sjtui demo FHIR server"
#: Only the access log is written by clients (the viewer delivers its AuditEvents).
WRITABLE_TYPES = frozenset({"AuditEvent"})

_KIND_TYPE = {"token": "token", "reference": "reference", "string": "string", "date": "date"}
_COMMON = [
    ("_id", "token", "Logical id"),
    ("_lastUpdated", "date", "meta.lastUpdated, with prefixes eq ne lt le gt ge sa eb"),
]
_RESULT = [
    ("_count", "number", "Page size (default 50, at most 1000); follow link next"),
    ("_sort", "string", "date, -date, _lastUpdated, -_lastUpdated, _id"),
    ("_elements", "string", "Top-level elements to return (result tagged SUBSETTED)"),
    ("_summary", "string", "true, text, data, count, false"),
    ("_total", "string", "Accepted; total is always exact"),
    ("_format", "string", "json only"),
]


def _param(name: str, ptype: str, doc: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": ptype}
    if doc:
        out["documentation"] = doc
    return out


def capability_statement(software_version: str, date: str) -> dict[str, Any]:
    resources = []
    for rtype in sorted(REGISTRY):
        interactions = [{"code": "read"}, {"code": "search-type"}]
        entry: dict[str, Any] = {"type": rtype}
        if rtype in WRITABLE_TYPES:
            interactions += [{"code": "create"}, {"code": "update"}]
            entry["updateCreate"] = True
            entry["conditionalCreate"] = True
        entry["interaction"] = interactions
        entry["versioning"] = "versioned"
        entry["readHistory"] = False
        entry["conditionalRead"] = "full-support"
        params = [_param(n, t, d) for n, t, d in _COMMON]
        params += [
            _param(p.name, _KIND_TYPE[p.kind], p.doc) for p in sorted(REGISTRY[rtype].values(), key=lambda p: p.name)
        ]
        params += [_param(n, t, d) for n, t, d in _RESULT]
        entry["searchParam"] = params
        if includes := include_values(rtype):
            entry["searchInclude"] = includes
        if rtype == "Observation":
            entry["operation"] = [{"name": "lastn", "definition": LASTN_DEFINITION}]
        resources.append(entry)
    return {
        "resourceType": "CapabilityStatement",
        "id": "sjtui-demo",
        "status": "active",
        "date": date,
        "publisher": "sjtui",
        "kind": "instance",
        "name": "SjtuiDemoServer",
        "software": {"name": SOFTWARE_NAME, "version": software_version},
        "implementation": {"description": "Embedded demo FHIR R4 server over synthetic data"},
        "fhirVersion": "4.0.1",
        "format": ["json", "application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Unknown search parameters are refused (400) unless the "
                "request has 'Prefer: handling=lenient'.",
                "interaction": [{"code": "batch"}],
                "searchParam": [_param(n, t, d) for n, t, d in _COMMON + _RESULT],
                "resource": resources,
            }
        ],
    }

"""`_elements` and `_summary`: smaller resources for list views (R4 search.html#elements).

Both return a new top-level dict (nested values are shared, never modified) and mark it with
the SUBSETTED tag so a client never mistakes a subset for the whole resource.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SUBSETTED", "elements", "summary"]

SUBSETTED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "SUBSETTED",
    "display": "Resource encoded in summary mode",
}
_ALWAYS = ("resourceType", "id", "meta")
#: Elements that are not `isSummary` in R4 for the types the viewer lists (a reasonable subset).
_NOT_SUMMARY_COMMON = frozenset({"text", "contained", "extension"})
_NOT_SUMMARY: dict[str, frozenset[str]] = {
    "Observation": frozenset({"interpretation", "note", "bodySite", "method", "specimen", "device", "referenceRange"}),
    "DiagnosticReport": frozenset({"presentedForm", "conclusion", "conclusionCode", "media", "specimen"}),
    "Patient": frozenset({"photo", "contact", "communication"}),
    "Binary": frozenset({"data"}),
    "MedicationStatement": frozenset({"note", "dosage", "reasonCode", "reasonReference"}),
    "AllergyIntolerance": frozenset({"note", "reaction"}),
    "Encounter": frozenset({"statusHistory", "classHistory", "hospitalization", "location"}),
}


def _tagged(resource: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    meta = dict(resource.get("meta") or {})
    tags = [t for t in meta.get("tag", []) if isinstance(t, dict) and t.get("code") != "SUBSETTED"]
    meta["tag"] = [*tags, dict(SUBSETTED)]
    kept["meta"] = meta
    return kept


def _choice_base(key: str) -> str:
    """`valueQuantity` -> `value`: choice elements (`value[x]`) are named by their base in
    `_elements`, as HAPI and the spec's examples do."""
    for i, ch in enumerate(key):
        if ch.isupper():
            return key[:i]
    return key


def elements(resource: dict[str, Any], names: list[str]) -> dict[str, Any]:
    wanted = set(names) | set(_ALWAYS)
    kept = {k: v for k, v in resource.items() if k in wanted or _choice_base(k) in wanted}
    return _tagged(resource, kept)


def _strip_attachment_data(resource: dict[str, Any], kept: dict[str, Any]) -> None:
    content = resource.get("content")
    if resource.get("resourceType") != "DocumentReference" or not isinstance(content, list):
        return
    out = []
    for item in content:
        if isinstance(item, dict) and isinstance(item.get("attachment"), dict):
            att = {k: v for k, v in item["attachment"].items() if k != "data"}
            item = {**item, "attachment": att}
        out.append(item)
    kept["content"] = out


def summary(resource: dict[str, Any], mode: str) -> dict[str, Any]:
    """mode: `true` (summary elements), `text` (text only), `data` (all but text)."""
    if mode == "text":
        kept = {k: v for k, v in resource.items() if k in (*_ALWAYS, "text")}
    elif mode == "data":
        kept = {k: v for k, v in resource.items() if k != "text"}
    else:
        drop = _NOT_SUMMARY_COMMON | _NOT_SUMMARY.get(str(resource.get("resourceType")), frozenset())
        kept = {k: v for k, v in resource.items() if k not in drop}
        _strip_attachment_data(resource, kept)
    return _tagged(resource, kept)

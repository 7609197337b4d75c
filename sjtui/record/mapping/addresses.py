"""Where an appointment takes place, as a postal address on one line.

The Location's address when the appointment names a Location; else the address of the
HealthcareService's Location (when fetched); else the address of the organisation that
provides the service (the department), or of the Organization taking part, or of its parent
(the hospital), walking up `partOf` a few steps. The first address with a street line wins;
an address with only a town is kept as the last resort. Never raises on junk.
"""

from __future__ import annotations

from typing import Any

from sjtui.record.mapping.common import Index, MappingError, arr, objs, string

_MAX_PARENTS = 4


def _addresses(resource: dict) -> list[dict]:
    """Location has one address; Organization a list."""
    address = resource.get("address")
    return [address] if isinstance(address, dict) else objs(resource, "address")


def postal_address(resource: dict | None) -> str:
    """A resource's address on one line ("Kabbeltoft 25, 7100 Vejle"), "" when none."""
    if not isinstance(resource, dict):
        return ""
    chosen = next(iter(_addresses(resource)), None)
    if chosen is None:
        return ""
    text = string(chosen, "text", limit=300)
    if text:
        return text
    lines = [line.strip() for line in arr(chosen, "line") if isinstance(line, str) and line.strip()]
    postal = string(chosen, "postalCode", limit=16)
    city = " ".join(p for p in (postal, string(chosen, "city", limit=100)) if p)
    return ", ".join(p for p in [*lines[:3], city] if p)


def _has_street(resource: dict) -> bool:
    return any(
        string(a, "text") or any(isinstance(x, str) and x.strip() for x in arr(a, "line"))
        for a in _addresses(resource)[:1]
    )


def _with_parents(index: Index, org: dict | None) -> list[dict]:
    chain: list[dict] = []
    current = org
    while isinstance(current, dict) and len(chain) < _MAX_PARENTS and current not in chain:
        chain.append(current)
        current = index.resolve(current.get("partOf"), "Organization")
    return chain


def place_address(index: Index, location: dict | None, service: dict | None, organisation_ref: Any = None) -> str:
    """The address of the place: see the module docstring for the order ("" for junk)."""
    try:
        return _place_address(index, location, service, organisation_ref)
    except MappingError:  # a malformed address: the appointment stands, without an address
        return ""


def _place_address(index: Index, location: dict | None, service: dict | None, organisation_ref: Any) -> str:
    candidates: list[dict] = []
    if isinstance(location, dict):
        candidates.append(location)
    if isinstance(service, dict):
        for ref in objs(service, "location"):
            found = index.resolve(ref, "Location")
            if found is not None:
                candidates.append(found)
        candidates.extend(_with_parents(index, index.resolve(service.get("providedBy"), "Organization")))
    if organisation_ref is not None:
        candidates.extend(_with_parents(index, index.resolve(organisation_ref, "Organization")))
    for candidate in candidates:
        if _has_street(candidate):
            return postal_address(candidate)
    return next((text for text in map(postal_address, candidates) if text), "")

"""The sources a record's entries name (Organizations, their parents, HealthcareServices,
Locations), asked with the searches that find them where the server declares it.

A first opening's second step asks its searches with `_include` of the Organization that is
the source of their entries (`Observation:performer:Organization`, ...) and
`_include:iterate=Organization:partof` (its department's hospital), and the `_id` look-up of
the sources the first step named with their parents (`_include:iterate=Organization:partof`,
and a service's or a place's Organization). Only includes the CapabilityStatement declares
(`rest.resource.searchInclude` of the searched type; the parent's on Organization) are asked.
Whatever is still missing after a step, because the server does not declare an include,
ignores it or a source is named elsewhere in a resource, is looked up by `_id` as before
(`source_urls`): a server without includes costs what it cost before, no more.

Included resources come back as `search.mode = include` entries: they are sources (mapped as
labels), never entries of a pane.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from sjtui.record.queries import PaneQuery

# Locations too: where an appointment takes place, with its address (issue #13).
SOURCE_TYPES = ("Organization", "HealthcareService", "Location")
_REF = re.compile(r"(?:^|/)(Organization|HealthcareService|Location)/([A-Za-z0-9\-.]{1,64})$")
PARENT = "Organization:partof"
ITERATE = "_include:iterate"
#: The search parameter of each type whose Organization is the source of its entries (R4).
SOURCE_PARAMS: dict[str, str] = {
    "Observation": "performer",
    "DiagnosticReport": "performer",
    "DocumentReference": "custodian",
    "Immunization": "performer",
    "Consent": "organization",
    # courses and appointments asked in two parts (`overview_parts.py`): the rest's sources
    "Encounter": "service-provider",
}
#: The `_id` look-ups: the Organization of a service or a place.
_LOOKUP_PARAMS: dict[str, str] = {"HealthcareService": "organization", "Location": "organization"}
#: The search parameter of each type whose entries name a service or a place as their source
#: (an appointment's participants), asked with that service's or place's Organization.
PLACE_PARAMS: dict[str, str] = {"Appointment": "actor"}
_ID_BATCH = 50

Declared = Callable[[str, str], bool]  # ServerCapabilities.supports_include


@dataclass(frozen=True, slots=True)
class SourceIncludes:
    """Which source includes the server declares (nothing: the plain `_id` look-ups)."""

    declared: Declared | None = None

    def _has(self, rtype: str, include: str) -> bool:
        return self.declared is not None and bool(self.declared(rtype, include))

    @property
    def parents(self) -> bool:
        return self._has("Organization", PARENT)

    def search(self, q: PaneQuery) -> PaneQuery:
        """`q` asking for the Organizations its entries name as their source (and parents),
        or the services and places they name with their Organizations."""
        rtype = q.resource_type
        param = SOURCE_PARAMS.get(rtype)
        extra: list[tuple[str, str]] = []
        if param is not None and self._has(rtype, f"{rtype}:{param}"):
            extra.append(("_include", f"{rtype}:{param}:Organization"))
        place = PLACE_PARAMS.get(rtype)
        if place is not None and self._has(rtype, f"{rtype}:{place}"):
            for target, owner in _LOOKUP_PARAMS.items():
                extra.append(("_include", f"{rtype}:{place}:{target}"))
                if self._has(target, f"{target}:{owner}"):
                    extra.append((ITERATE, f"{target}:{owner}"))
        if not extra:
            return q
        if self.parents:
            extra.append((ITERATE, PARENT))
        return replace(q, also=(*q.also, *extra))

    def lookup_suffix(self, rtype: str) -> str:
        """What an `_id` look-up of sources of `rtype` adds: their Organization, its parents."""
        parts = []
        param = _LOOKUP_PARAMS.get(rtype)
        if param is not None and self._has(rtype, f"{rtype}:{param}"):
            parts.append(f"_include={rtype}:{param}")
        if self.parents:
            parts.append(f"{ITERATE}={PARENT}")
        return "".join("&" + p for p in parts)


def with_sources(queries: list[PaneQuery], includes: SourceIncludes) -> list[PaneQuery]:
    return [includes.search(q) for q in queries]


def source_urls(resources: Iterable[dict], known: set[str], includes: SourceIncludes | None = None) -> list[str]:
    """`_id` searches for the sources referenced but not known yet; marks them known."""
    wanted: dict[str, set[str]] = {t: set() for t in SOURCE_TYPES}
    for resource in resources:
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if rtype in wanted and isinstance(rid, str):
            known.add(f"{rtype}/{rid}")
        for ref in _references(resource):
            match = _REF.search(ref)
            if match:
                wanted[match.group(1)].add(match.group(2))
    urls = []
    for rtype, ids in wanted.items():
        missing = sorted(i for i in ids if f"{rtype}/{i}" not in known)
        known.update(f"{rtype}/{i}" for i in missing)
        suffix = includes.lookup_suffix(rtype) if includes is not None else ""
        for i in range(0, len(missing), _ID_BATCH):
            urls.append(f"{rtype}?_id=" + ",".join(missing[i : i + _ID_BATCH]) + suffix)
    return urls


def _references(value: object, depth: int = 0) -> Iterable[str]:
    """Every `reference` string inside a resource (bounded depth: server data is untrusted)."""
    if depth > 8:
        return
    if isinstance(value, dict):
        ref = value.get("reference")
        if isinstance(ref, str):
            yield ref
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _references(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _references(child, depth + 1)


__all__ = ["SOURCE_PARAMS", "SOURCE_TYPES", "SourceIncludes", "source_urls", "with_sources"]

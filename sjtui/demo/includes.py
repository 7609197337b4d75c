"""`_include` and `_include:iterate` (FHIR R4 search.html#include): the resources the matches
of a page refer to through a reference search parameter, in the same searchset as
`search.mode = include` entries.

`_include=Type:param` or `Type:param:Target` (only references to Target). Without `:iterate`
an include applies to the matches and must name the searched type; with `:iterate` it applies
to the matches and, again, to every resource it or another include brought (a department's
`partOf` hospital, and that one's). Each resource is in a page once: a match is never
repeated as an include. The CapabilityStatement declares every include this server takes
(`searchInclude`: each reference search parameter of the type, `include_values`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .jsonio import FhirError
from .params import REGISTRY
from .store import Store, StoredResource

__all__ = ["MAX_ITERATIONS", "Include", "include_values", "included", "parse_include"]

#: Rounds of `:iterate` at most (a `partOf` chain in circles ends here).
MAX_ITERATIONS = 8
_TYPE = re.compile(r"^[A-Z][A-Za-z]{1,63}$")


@dataclass(frozen=True, slots=True)
class Include:
    source: str  # the type whose references are followed
    param: str  # its reference search parameter
    target: str | None  # only references to this type
    iterate: bool


def include_values(rtype: str) -> list[str]:
    """`Type:param` of every reference search parameter of `rtype` (what the statement declares)."""
    params = REGISTRY.get(rtype, {})
    return [f"{rtype}:{name}" for name in sorted(params) if params[name].kind == "reference" and name != "patient"]


def parse_include(rtype: str, modifier: str | None, raw: str, *, lenient: bool) -> Include | None:
    """One `_include` value; None when `lenient` and not understood (else a 400)."""
    parts = raw.split(":")
    source, param = [*parts, "", ""][:2]
    target = parts[2] if len(parts) == 3 else None
    iterate = modifier == "iterate"
    pdef = REGISTRY.get(source, {}).get(param)
    ok = (
        modifier in (None, "iterate")
        and len(parts) in (2, 3)
        and pdef is not None
        and pdef.kind == "reference"
        and (iterate or source == rtype)
        and (target is None or bool(_TYPE.match(target)))
    )
    if not ok:
        if lenient:
            return None
        raise FhirError(400, "not-supported", f"_include {raw!r} is not supported for {rtype}")
    return Include(source, param, target, iterate)


def _targets(entry: StoredResource, include: Include) -> list[tuple[str, str]]:
    keys = entry.key(include.param) or ()
    out = []
    for key in sorted(keys):
        rtype, _, rid = key.partition("/")
        if rid and (include.target is None or rtype == include.target):
            out.append((rtype, rid))
    return out


def included(store: Store, matches: list[StoredResource], includes: list[Include]) -> list[StoredResource]:
    """The resources `includes` bring for this page's `matches`, each once, none of the matches."""
    seen = {(e.rtype, e.rid) for e in matches}
    out: list[StoredResource] = []
    frontier = matches
    for round_no in range(MAX_ITERATIONS):
        found: list[StoredResource] = []
        for entry in frontier:
            for include in includes:
                if entry.rtype != include.source or (round_no > 0 and not include.iterate):
                    continue
                for rtype, rid in _targets(entry, include):
                    target = store.get(rtype, rid)
                    if target is not None and (rtype, rid) not in seen:
                        seen.add((rtype, rid))
                        found.append(target)
        if not found:
            break
        out += found
        frontier = found
    return out

"""Search: parse a query string into a plan, run it against the store.

Semantics follow FHIR R4 search.html where the viewer needs them: parameters AND together,
comma-separated values OR; token `code`, `system|code`, `|code`, `system|`; reference by id,
`Type/id` or absolute URL; string = case-insensitive "starts with" on any part of a name;
date/`_lastUpdated` with prefixes eq ne lt le gt ge sa eb (ap too). Modifiers `:missing`,
`:not` (token), `:exact`/`:contains` (string) and a type modifier on references.

Strict by default: an unknown parameter is a 400 `not-supported`; with `Prefer:
handling=lenient` it is ignored (and left out of the self link, as the spec asks).
"""

from __future__ import annotations

import gc
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .extract import fold, normalize_ref
from .fhirtime import matches, parse_range
from .includes import Include, parse_include
from .jsonio import FhirError
from .params import REGISTRY, ParamDef
from .store import Store, StoredResource

__all__ = ["CONTROL_PARAMS", "DEFAULT_COUNT", "MAX_COUNT", "SearchCache", "SearchPlan", "parse_search", "run_search"]

DEFAULT_COUNT = 50
MAX_COUNT = 1000
SUMMARY_VALUES = ("true", "false", "count", "text", "data")
#: Result-shaping parameters (not filters). `_total`, `_pretty`, `_format` are accepted and ignored.
CONTROL_PARAMS = ("_count", "_offset", "_sort", "_elements", "_summary", "_total", "_format", "_pretty")
SORT_KEYS = ("date", "_lastUpdated", "_id")
_ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_DATE_VALUE = re.compile(r"^(eq|ne|lt|le|gt|ge|sa|eb|ap)?(\d.*)$")


@dataclass
class Criterion:
    name: str
    kind: str
    modifier: str | None
    values: list[Any]
    pdef: ParamDef | None = None


@dataclass
class SearchPlan:
    rtype: str
    criteria: list[Criterion] = field(default_factory=list)
    count: int = DEFAULT_COUNT
    offset: int = 0
    sort: list[tuple[str, bool]] = field(default_factory=list)
    elements: list[str] | None = None
    summary: str | None = None
    #: `_include` / `_include:iterate` (includes.py), applied to each page.
    includes: list[Include] = field(default_factory=list)
    #: The parameters actually used, in order (self/next links are built from them).
    used: list[tuple[str, str]] = field(default_factory=list)


def _split(value: str) -> list[str]:
    """Comma = OR; `\\,` is a literal comma."""
    parts = re.split(r"(?<!\\),", value)
    return [p.replace("\\,", ",") for p in parts if p != ""]


def _int(name: str, value: str, low: int) -> int:
    try:
        n = int(value)
    except ValueError:
        raise FhirError(400, "invalid", f"{name} must be a whole number") from None
    if n < low:
        raise FhirError(400, "invalid", f"{name} must be at least {low}")
    return n


def _date_values(name: str, raw: str) -> list[tuple[str, tuple[float, float]]]:
    out = []
    for part in _split(raw):
        m = _DATE_VALUE.match(part.strip())
        rng = parse_range(m.group(2)) if m else None
        if m is None or rng is None:
            raise FhirError(400, "invalid", f"{name}: not a valid date value")
        out.append((m.group(1) or "eq", rng))
    return out


def _criterion(rtype: str, name: str, modifier: str | None, raw: str) -> Criterion | None:
    if modifier == "missing":
        if raw not in ("true", "false"):
            raise FhirError(400, "invalid", f"{name}:missing must be true or false")
        if name == "_id":
            return Criterion(name, "id", modifier, [raw == "true"])
        pdef = REGISTRY.get(rtype, {}).get(name)
        if pdef is None:
            return None
        return Criterion(name, pdef.kind, modifier, [raw == "true"], pdef)
    if name == "_id":
        if modifier is not None:
            return None
        return Criterion(name, "id", None, _split(raw))
    if name == "_lastUpdated":
        if modifier is not None:
            return None
        return Criterion(name, "updated", None, _date_values(name, raw))
    pdef = REGISTRY.get(rtype, {}).get(name)
    if pdef is None:
        return None
    if pdef.kind == "date":
        if modifier is not None:
            return None
        return Criterion(name, "date", None, _date_values(name, raw), pdef)
    if pdef.kind == "token":
        if modifier not in (None, "not"):
            return None
        return Criterion(name, "token", modifier, _split(raw), pdef)
    if pdef.kind == "string":
        if modifier not in (None, "exact", "contains"):
            return None
        values = [fold(v) for v in _split(raw)]
        return Criterion(name, "string", modifier, values, pdef)
    # reference; a modifier may only be a resource type (`subject:Patient=poul`)
    if modifier is not None and not re.match(r"^[A-Z][A-Za-z]+$", modifier):
        return None
    keys = []
    for value in _split(raw):
        parsed = normalize_ref(value)
        if parsed is None:
            raise FhirError(400, "invalid", f"{name}: not a valid reference")
        vtype, vid = parsed
        vtype = vtype or modifier
        keys.append(f"{vtype}/{vid}" if vtype else vid)
    return Criterion(name, "reference", None, keys, pdef)


def parse_search(rtype: str, items: list[tuple[str, str]], *, lenient: bool = False) -> SearchPlan:
    """Read the query; raises FhirError (400) on bad values, or unknown params unless lenient."""
    plan = SearchPlan(rtype)
    for key, raw in items:
        name, _, modifier = key.partition(":")
        mod = modifier or None
        if raw == "":  # `patient=` with no value: ignored, as common servers do
            continue
        if name == "_include":
            include = parse_include(rtype, mod, raw, lenient=lenient)
            if include is not None:
                plan.includes.append(include)
                plan.used.append((key, raw))
            continue
        if name in CONTROL_PARAMS and mod is None:
            _control(plan, name, raw, lenient)
            if name not in ("_offset", "_format", "_pretty"):
                plan.used.append((key, raw))
            continue
        crit = _criterion(rtype, name, mod, raw)
        if crit is None:
            if lenient:
                continue
            raise FhirError(400, "not-supported", f"search parameter {key!r} is not supported for {rtype}")
        plan.criteria.append(crit)
        plan.used.append((key, raw))
    return plan


def _control(plan: SearchPlan, name: str, raw: str, lenient: bool) -> None:
    if name == "_count":
        plan.count = min(_int(name, raw, 0), MAX_COUNT)
    elif name == "_offset":
        plan.offset = _int(name, raw, 0)
    elif name == "_summary":
        if raw not in SUMMARY_VALUES:
            raise FhirError(400, "invalid", "_summary must be one of " + ", ".join(SUMMARY_VALUES))
        plan.summary = None if raw == "false" else raw
    elif name == "_elements":
        plan.elements = [e.strip() for e in raw.split(",") if e.strip()]
    elif name == "_format":
        if raw not in ("json", "application/json", "application/fhir+json"):
            raise FhirError(406, "not-supported", "only JSON is supported")
    elif name == "_sort":
        for part in _split(raw):
            desc = part.startswith("-")
            key = part[1:] if desc else part
            ok = key in SORT_KEYS and (key != "date" or "date" in REGISTRY.get(plan.rtype, {}))
            if not ok:
                if lenient:
                    continue
                raise FhirError(400, "not-supported", f"cannot sort {plan.rtype} by {key!r}")
            plan.sort.append((key, desc))


# -- execution ---------------------------------------------------------------------------


def _candidates(store: Store, plan: SearchPlan) -> list[StoredResource]:
    for crit in plan.criteria:
        if crit.kind == "id" and crit.modifier is None:
            found = (store.get(plan.rtype, i) for i in dict.fromkeys(crit.values))
            return [e for e in found if e is not None]
    for crit in plan.criteria:
        if crit.name == "patient" and crit.kind == "reference":
            pids = []
            for key in crit.values:
                rtype, _, rid = key.rpartition("/")
                if rtype in ("", "Patient"):
                    pids.append(rid)
            if len(pids) == 1:
                return store.for_patient(plan.rtype, pids[0])
            seen: dict[str, StoredResource] = {}
            for pid in pids:
                for e in store.for_patient(plan.rtype, pid):
                    seen.setdefault(e.rid, e)
            return list(seen.values())
    return store.of_type(plan.rtype)


_MISSING = object()


def _date_pred(values: list[tuple[str, tuple[float, float]]]) -> Callable[[Any], bool]:
    if len(values) == 1:  # the common case, without the generic loop
        prefix, (v_low, v_high) = values[0]
        if prefix == "ge":
            return lambda t: t is not None and t[1] > v_low
        if prefix == "gt":
            return lambda t: t is not None and t[1] > v_high
        if prefix == "le":
            return lambda t: t is not None and t[0] < v_high
        if prefix == "lt":
            return lambda t: t is not None and t[0] < v_low
    return lambda t: t is not None and any(matches(p, t, rng) for p, rng in values)


def _predicate(crit: Criterion) -> Callable[[Any], bool]:
    """A test on the criterion's key value (see `_key_getter`)."""
    values = crit.values
    if crit.modifier == "missing":
        want_missing = values[0]
        if crit.kind == "id":
            return lambda v: not want_missing
        return lambda v: (not v) == want_missing
    if crit.kind == "id":
        ids = frozenset(values)
        return lambda v: v in ids
    if crit.kind in ("date", "updated"):
        return _date_pred(values)
    if crit.kind in ("token", "reference"):
        wanted = frozenset(values)
        if crit.modifier == "not":
            return lambda v: not (v & wanted)
        return lambda v: not wanted.isdisjoint(v)
    if crit.modifier == "exact":
        return lambda v: any(k in values for k in v)
    if crit.modifier == "contains":
        return lambda v: any(x in k for k in v for x in values)
    return lambda v: any(k.startswith(x) for k in v for x in values)


def _filter(entries: list[StoredResource], criteria: list[Criterion]) -> list[StoredResource]:
    """One pass over the candidates; search keys come from each entry's cache."""
    tests = [(c.name, c.kind, _predicate(c)) for c in criteria]
    out = []
    for e in entries:
        cache = e.keys
        for name, kind, pred in tests:
            value: Any
            if kind == "id":
                value = e.rid
            elif kind == "updated":
                value = e.updated_range()
            else:
                value = cache.get(name, _MISSING)
                if value is _MISSING:
                    value = e.key(name)
            if not pred(value):
                break
        else:
            out.append(e)
    return out


def _sort(entries: list[StoredResource], sort: list[tuple[str, bool]]) -> list[StoredResource]:
    """Stable multi-key sort (least significant key first); resources without the key go last."""
    for key, desc in reversed(sort):
        if key == "_id":
            entries = sorted(entries, key=lambda e: e.rid, reverse=desc)
            continue
        if key == "date":
            for e in entries:
                if "date" not in e.keys:
                    e.key("date")
            present = [e for e in entries if e.keys["date"] is not None]
            missing = [e for e in entries if e.keys["date"] is None]
            present.sort(key=lambda e: e.keys["date"][0], reverse=desc)
        else:
            present = [e for e in entries if e.updated_range() is not None]
            missing = [e for e in entries if e.updated_range() is None]
            present.sort(key=lambda e: e.updated_range()[0], reverse=desc)  # type: ignore[index]  # filtered to those with a range above
        entries = present + missing
    return entries


class SearchCache:
    """Recent result lists, valid while the store is unchanged (paging re-runs a search per page)."""

    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._items: OrderedDict[Any, tuple[int, list[StoredResource]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, generation: int) -> list[StoredResource] | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != generation:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: Any, generation: int, result: list[StoredResource]) -> None:
        with self._lock:
            self._items[key] = (generation, result)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


def _signature(plan: SearchPlan) -> Any:
    crits = tuple(
        (c.name, c.kind, c.modifier, tuple(tuple(v) if isinstance(v, list) else v for v in c.values))
        for c in plan.criteria
    )
    return plan.rtype, crits, tuple(plan.sort)


def run_search(store: Store, plan: SearchPlan, cache: SearchCache | None = None) -> list[StoredResource]:
    """All matches, sorted (the caller pages). Do not modify the returned list."""
    generation = store.generation
    key = _signature(plan) if cache is not None else None
    if cache is not None:
        hit = cache.get(key, generation)
        if hit is not None:
            return hit
    # First searches compute and cache keys for thousands of resources; a cyclic GC pass
    # over the whole store in the middle of that only costs time (nothing here makes cycles).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        entries = _candidates(store, plan)
        if plan.criteria:
            entries = _filter(entries, plan.criteria)
        if plan.sort:
            entries = _sort(entries, plan.sort)
    finally:
        if was_enabled:
            gc.enable()
    if cache is not None:
        cache.put(key, generation, entries)
    return entries

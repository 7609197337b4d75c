"""The mapping context (index, source resolution, clock) and the per-resource guard.

Every pane module maps one resource at a time inside `collect`, which turns any exception
into an `Unreadable` entry, withholds private-marked resources unless revealed (counting
them), and skips resources the source system has withdrawn (status entered-in-error).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sjtui.record.mapping.common import (
    SOR_SYSTEM,
    Index,
    MappingError,
    first,
    is_private,
    objs,
    ref_display,
    ref_key,
    resource_key,
    string,
)
from sjtui.record.mapping.quarantine import own_date, quarantined
from sjtui.record.model import Pane, PaneData, Source, Unreadable

T = TypeVar("T")

ORG_KINDS = {"hospital", "department", "gp", "specialist", "municipality"}
_MAX_PARENT_DEPTH = 6


class SourceResolver:
    """Turns a Reference into a Source, via the fetched Organizations where possible.

    A department (partOf a hospital) gives organisation = the top-most parent's name and
    department = its own name. Unresolved references fall back to `reference.display`.
    Never raises: a malformed Organization resolves like an unresolved reference.
    """

    def __init__(self, index: Index) -> None:
        self._index = index
        self._cache: dict[str, Source] = {}

    def resolve(self, ref: Any) -> Source:
        try:
            return self._resolve(ref)
        except Exception:  # noqa: BLE001 - junk organisations must not break entries
            return Source(organisation=ref_display(ref))

    def _resolve(self, ref: Any) -> Source:
        key = ref_key(ref)
        rtype = key.split("/")[0] if key else ""
        if rtype == "Patient":
            return Source(kind="citizen")
        if rtype == "PractitionerRole":
            role = self._index.get(key)
            if role is not None and isinstance(role.get("organization"), dict):
                return self._resolve(role["organization"])
        if rtype == "Organization":
            if key in self._cache:
                return self._cache[key]
            org = self._index.get(key)
            if org is not None:
                source = self._organisation(org)
                self._cache[key] = source
                return source
        return Source(organisation=ref_display(ref))

    def _organisation(self, org: dict) -> Source:
        name = string(org, "name")
        kind = org_kind(org)
        sor = ""
        for ident in objs(org, "identifier"):
            if string(ident, "system") == SOR_SYSTEM:
                sor = string(ident, "value", limit=32)
                break
        parent_ref = org.get("partOf")
        if not isinstance(parent_ref, dict):
            return Source(organisation=name, kind="hospital" if kind == "department" else kind, sor=sor)
        # Walk up to the top-most parent (cycle-safe, bounded).
        top_name, top_kind = ref_display(parent_ref), ""
        seen = {resource_key(org)}
        current: Any = parent_ref
        for _ in range(_MAX_PARENT_DEPTH):
            key = ref_key(current)
            parent = self._index.get(key)
            if parent is None or key in seen:
                break
            seen.add(key)
            top_name = string(parent, "name") or ref_display(current) or top_name
            top_kind = org_kind(parent)
            current = parent.get("partOf")
            if not isinstance(current, dict):
                break
        if not top_name:
            return Source(organisation=name, kind="hospital" if kind == "department" else kind, sor=sor)
        if top_kind in ("", "department"):
            top_kind = "hospital" if kind in ("", "department") else kind
        return Source(organisation=top_name, department=name, kind=top_kind, sor=sor)


def org_kind(org: dict) -> str:
    """`type[0].text` (or code) when one of the known kinds, else ""."""
    kind_cc = first(org, "type")
    text = string(kind_cc, "text").lower()
    if text in ORG_KINDS:
        return text
    for coding in objs(kind_cc, "coding"):
        code = string(coding, "code").lower()
        if code in ORG_KINDS:
            return code
    return ""


@dataclass
class Ctx:
    """What every mapper may consult."""

    index: Index
    sources: SourceResolver
    patient_id: str
    reveal_private: bool
    now: datetime
    consumed: set[str] = field(default_factory=set)  # keys folded into other entries
    # Equal values the entries hold, one object each (a large record's 20,000 lab results
    # name a few dozen courses and reference ranges: not 20,000 copies of each).
    shared: dict[Hashable, Any] = field(default_factory=dict)

    def course_key(self, ref: Any) -> str:
        key = ref_key(ref)
        if not key.startswith(("Encounter/", "EpisodeOfCare/")):
            return ""
        return self.share(key, key)

    def share(self, value: T, key: Hashable) -> T:
        """The value equal to `value` (by `key`) that an entry of this mapping already
        holds, else `value`, kept for the next. `key` must tell apart what is shown apart."""
        return self.shared.setdefault(key, value)  # type: ignore[no-any-return]  # the dict holds what was passed as T


def entry_fields(
    resource: dict, key: str, ctx: Ctx, *, date: datetime | None, source: Source, course_ref: Any = None
) -> dict[str, Any]:
    """The common Entry keyword arguments."""
    return {
        "resource_key": key,
        "date": date,
        "source": source,
        "private": is_private(resource),
        "course_key": ctx.course_key(course_ref),
    }


@dataclass
class Collected:
    items: list[Any] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    hidden: int = 0


def guard_reason(exc: BaseException) -> str:
    if isinstance(exc, MappingError):
        return str(exc)
    return f"unexpected {type(exc).__name__}"


def unreadable(resource: Any, exc: BaseException | None = None) -> Unreadable:
    """The quarantine entry for one resource: type/id, its date when readable, and why."""
    kind = quarantined(resource)
    if kind:
        reason = "nested too deeply" if kind == "too-deep" else "too large"
    else:
        kind, reason = "malformed", guard_reason(exc) if exc is not None else "unreadable"
    return Unreadable(resource_key(resource), reason, own_date(resource), kind)


def collect(
    resources: Iterable[Any], mapper: Callable[[dict, Ctx], Any], ctx: Ctx, into: Collected | None = None
) -> Collected:
    """Map each resource under a guard. `mapper` returns an item, or None to skip it."""
    out = into or Collected()
    for resource in resources:
        if is_private(resource) and not ctx.reveal_private:
            out.hidden += 1
            continue
        if isinstance(resource, dict) and resource.get("status") == "entered-in-error":
            continue
        if quarantined(resource):
            out.unreadable.append(unreadable(resource))
            continue
        try:
            item = mapper(resource, ctx)
        except Exception as exc:  # noqa: BLE001 - the guard: one bad resource, one entry
            out.unreadable.append(unreadable(resource, exc))
            continue
        if item is not None:
            out.items.append(item)
    return out


def newest_first(items: Iterable[T]) -> list[T]:
    """Sort by `date` descending, entries without a date last (stable)."""
    dated = [i for i in items if getattr(i, "date", None) is not None]
    undated = [i for i in items if getattr(i, "date", None) is None]
    dated.sort(key=lambda i: i.date.timestamp(), reverse=True)  # type: ignore[attr-defined]  # T has a date: filtered above
    return dated + undated


def finish(
    collected: Collected,
    pane: Pane,
    *,
    loaded: Collection[Pane] | None,
    new_keys: Collection[str],
    ordered: list[Any] | None = None,
) -> PaneData[Any]:
    items = ordered if ordered is not None else newest_first(collected.items)
    keys = {getattr(i, "resource_key", "") for i in items}
    return PaneData(
        items=tuple(items),
        unreadable=tuple(collected.unreadable),
        hidden=collected.hidden,
        loaded=loaded is None or pane in loaded,
        new_keys=frozenset(k for k in new_keys if k in keys),
    )

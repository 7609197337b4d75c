"""Reusing the panes a mapping step left unchanged (issue 14, the large citizen).

An opening maps its record again at every step (the saved copy, each answer of the server),
but a step usually changes a few resource types only: the labs of a 20,000-observation
citizen need not be mapped again because the access log grew. Each pane's mapped `PaneData`
is kept with what it was made from; the next step maps a pane again only when one of its
inputs is not the very same:
- its own resources (`PANE_TYPES`), compared by identity (an opening replaces the object of a
  resource that changed, and keeps the others), in the same order;
- what every pane may consult (`shared_inputs`): every resource of a type no pane lists as its
  own (the Patient, Organizations, Practitioners, Locations, Conditions, Medications,
  Binaries ...) and the Encounters and EpisodesOfCare that label courses; any change there maps
  every pane again (conservative);
- the step's context for that pane: the citizen, break-the-glass, whether the pane is loaded,
  its "new" marks, its "not this citizen" gap, and "now" for the panes that depend on it.

What a step adds afterwards (the opening's gaps, the news) is not part of what is kept: a
reused pane gets them again from the opening, so a failed search never leaves a pane known.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sjtui.record.model import Gap, Pane

# The resource types each pane is mapped from (its own inputs). DiagnosticReports and
# Observations feed two panes each (labs / imaging, labs / home): a change maps both.
PANE_TYPES: Mapping[Pane, tuple[str, ...]] = {
    Pane.CAVE: ("AllergyIntolerance", "Flag"),
    Pane.NOTES: ("DocumentReference",),
    Pane.LABS: ("Observation", "DiagnosticReport"),
    Pane.IMAGING: ("DiagnosticReport",),
    Pane.MEDICATION: ("MedicationStatement", "MedicationRequest"),
    Pane.VACCINATIONS: ("Immunization",),
    Pane.HOME: ("Observation",),
    Pane.APPOINTMENTS: ("Appointment",),
    Pane.COURSES: ("Procedure", "CarePlan"),  # Encounters / EpisodesOfCare: shared (labels)
    Pane.ACCESS_LOG: ("AuditEvent",),
    Pane.BASIC: ("RelatedPerson",),  # with the citizen (the Patient: shared)
    Pane.REGISTRATIONS: ("Consent",),
}
OWN_TYPES = frozenset(t for types in PANE_TYPES.values() for t in types)
# The panes whose mapping reads "now" (upcoming appointments, registrations in force).
NOW_PANES = frozenset({Pane.APPOINTMENTS, Pane.REGISTRATIONS})


@dataclass(frozen=True, slots=True)
class PaneMemo:
    """One pane as mapped: what it was made from, and the result."""

    inputs: tuple[dict, ...]
    context: tuple[Any, ...]
    value: Any  # the PaneData (for BASIC: the citizen and the PaneData)


@dataclass(frozen=True, slots=True)
class MappingMemo:
    """What one mapping of an opening leaves for the next. `remapped`: the panes it mapped
    (the others were reused from the previous mapping)."""

    context: tuple[Any, ...]
    shared: tuple[dict, ...]
    panes: Mapping[Pane, PaneMemo]
    remapped: frozenset[Pane]


def shared_inputs(items: Sequence[dict]) -> tuple[dict, ...]:
    """The resources any pane may consult: those of a type no pane maps as its own."""
    return tuple(r for r in items if r["resourceType"] not in OWN_TYPES)


def same_objects(old: Sequence[object], new: Sequence[object]) -> bool:
    """The very same objects in the same order (identity, not equality: cheap, and exact)."""
    return len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True))


def new_keys_by_type(new_keys: Collection[str]) -> dict[str, frozenset[str]]:
    grouped: dict[str, set[str]] = {}
    for key in new_keys:
        grouped.setdefault(key.partition("/")[0], set()).add(key)
    return {t: frozenset(keys) for t, keys in grouped.items()}


def pane_context(
    pane: Pane,
    *,
    loaded: Collection[Pane] | None,
    new_by_type: Mapping[str, frozenset[str]],
    foreign_gap: Gap | None,
    now: datetime,
) -> tuple[Any, ...]:
    """What besides its resources decides how `pane` is mapped in this step."""
    new: frozenset[str] = frozenset()
    if pane is not Pane.BASIC:  # relatives are never "new"
        new = new.union(*(new_by_type.get(t, frozenset()) for t in PANE_TYPES[pane]))
    return (loaded is None or pane in loaded, new, foreign_gap, now if pane in NOW_PANES else None)


def map_panes(
    makers: Mapping[Pane, Callable[[], Any]],
    inputs: Callable[[Pane], tuple[dict, ...]],
    contexts: Callable[[Pane], tuple[Any, ...]],
    *,
    context: tuple[Any, ...],
    shared: tuple[dict, ...],
    previous: MappingMemo | None,
) -> MappingMemo:
    """Every pane, reused from `previous` where nothing it is made from changed, else mapped."""
    usable = previous is not None and previous.context == context and same_objects(previous.shared, shared)
    panes: dict[Pane, PaneMemo] = {}
    remapped: set[Pane] = set()
    for pane, make in makers.items():
        own, ctx = inputs(pane), contexts(pane)
        old = previous.panes.get(pane) if usable and previous is not None else None
        if old is not None and old.context == ctx and same_objects(old.inputs, own):
            panes[pane] = PaneMemo(own, ctx, old.value)
        else:
            panes[pane] = PaneMemo(own, ctx, make())
            remapped.add(pane)
    return MappingMemo(context, shared, panes, frozenset(remapped))


__all__ = [
    "NOW_PANES",
    "OWN_TYPES",
    "PANE_TYPES",
    "MappingMemo",
    "PaneMemo",
    "map_panes",
    "new_keys_by_type",
    "pane_context",
    "same_objects",
    "shared_inputs",
]

"""Mapping FHIR R4 resources (plain JSON dicts) to the clinical model.

`build_record` takes every resource fetched for one citizen, of any types mixed, and returns
a `Record`. It never raises for bad data: each resource is mapped under a guard, and one
that cannot be read becomes an `Unreadable` entry in its pane.

Decisions (the UI relies on them):
- Private-marked resources (meta.security v3-Confidentiality R) are left out unless
  `reveal_private`, and counted in the pane's `hidden`; revealed, they carry private=True.
  The Patient being R means name/address protection instead (Citizen.protected).
- Resources with status entered-in-error are left out everywhere (withdrawn by the source).
- Duplicate keys (the same "Type/id" twice, e.g. cache + delta) keep the last occurrence.
- Only this citizen's data: a resource of a pane type that names no citizen, or another
  one, is dropped and listed in `Record.dropped` (see `belongs.py`).
- A resource too deep or too large to walk is quarantined (`quarantine.py`) and shown as
  "could not be read" in its pane, with its type and date.
- Entries that are not JSON objects, or have no resourceType, cannot be attributed to a pane
  and are ignored here; the fetch engine counts them as gaps of their search. Resource types no pane shows (Organization, Condition, Binary, Device,
  Location, Practitioner, Medication ...) are used only to resolve references.
- Observations: category vital-signs/PHD -> home measurements, everything else -> labs.
  DiagnosticReports: imaging categories -> imaging, everything else (LAB, MB, other v2-0074
  sections, no category at all) -> labs.
- Procedures and CarePlans are courses (see `mapping.procedures`).
- Consents that are living wills or organ donor decisions in force are the registrations
  shown on the basic card (see `mapping.registrations`); other consents are not shown.
- Order: newest first (no date last), except appointments (upcoming soonest first, then
  past newest first) and medication (grouped active, paused, other, stopped; newest first
  within a group).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sjtui.record.entries import Citizen
from sjtui.record.mapping.access_log import map_audit, one_row_per_action
from sjtui.record.mapping.appointments import map_appointment, order_appointments
from sjtui.record.mapping.base import (
    Collected,
    Ctx,
    SourceResolver,
    collect,
    finish,
    newest_first,
    unreadable,
)
from sjtui.record.mapping.belongs import foreign_gaps, split_by_citizen
from sjtui.record.mapping.cave import map_cave
from sjtui.record.mapping.citizen import (
    citizen_summary,
    map_citizen,
    map_related,
    placeholder_citizen,
)
from sjtui.record.mapping.common import Index, is_private, resource_key
from sjtui.record.mapping.courses import course_mapper
from sjtui.record.mapping.home import is_home, map_home
from sjtui.record.mapping.imaging import is_imaging, map_imaging
from sjtui.record.mapping.labs import collect_labs
from sjtui.record.mapping.medication import map_medication, order_medication
from sjtui.record.mapping.notes import map_note
from sjtui.record.mapping.registrations import map_registration
from sjtui.record.mapping.reuse import (
    PANE_TYPES,
    MappingMemo,
    map_panes,
    new_keys_by_type,
    pane_context,
    shared_inputs,
)
from sjtui.record.mapping.vaccinations import map_vaccination
from sjtui.record.model import Gap, Pane, Record, Unreadable

__all__ = ["MappingMemo", "build_record", "citizen_summary", "is_private", "map_record"]


def _safe(predicate: Any, resource: dict) -> bool:
    try:
        return bool(predicate(resource))
    except Exception:  # noqa: BLE001 - junk categories: the pane mapper reports it
        return False


def _dedupe(resources: Iterable[Any]) -> list[dict]:
    """Objects with a resourceType; the last of each "Type/id" wins, in first-seen order."""
    keyed: dict[str, dict] = {}
    loose: list[dict] = []
    try:
        for resource in resources:
            if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
                continue
            key = resource_key(resource)
            if key.endswith("/?"):
                loose.append(resource)
            else:
                keyed[key] = resource
    except Exception:  # noqa: BLE001, S110 - a broken iterable gives what it gave so far
        pass
    return list(keyed.values()) + loose


def _context(items: list[dict], patient_id: str, reveal_private: bool, as_of: datetime | None) -> Ctx:
    """The mapping context: the citizen's resources by key, whose they are, and "now"."""
    keyed = ((resource_key(r), r) for r in items)
    index = Index({key: r for key, r in keyed if not key.endswith("/?")})
    return Ctx(
        index=index,
        sources=SourceResolver(index),
        patient_id=patient_id,
        reveal_private=reveal_private,
        now=as_of or datetime.now(UTC),
    )


def _citizen(patients: list[dict], patient_id: str, basic: Collected, ctx: Ctx) -> tuple[Citizen, list[Any]]:
    """The opened citizen and their relatives; a placeholder while the Patient is missing.

    A Patient that cannot be read (wholly or field by field) is noted first in `basic`."""
    patient = next((p for p in patients if p.get("id") == patient_id), None)
    citizen = placeholder_citizen(patient_id)
    relatives = list(basic.items)
    if patient is not None:
        try:
            citizen = map_citizen(patient, ctx, list(basic.items))
            relatives = list(citizen.relatives)
            if citizen.unreadable_fields:
                basic.unreadable.insert(
                    0,
                    Unreadable(
                        resource_key(patient), "unreadable: " + ", ".join(citizen.unreadable_fields), None, "fields"
                    ),
                )
        except Exception as exc:  # noqa: BLE001 - a malformed Patient is marked unreadable, the record still opens
            basic.unreadable.insert(0, unreadable(patient, exc))
    return citizen, relatives


def _with_not_asked(cave: Any) -> Any:
    """A CAVE entry "no information about allergies" is a gap: the list is not known."""
    if any(c.kind == "not-asked" for c in cave.items):
        cave = replace(cave, gaps=(*cave.gaps, Gap("not-asked", "AllergyIntolerance")))
    return cave


def _group_by_type(items: list[dict]) -> dict[str, list[dict]]:
    by_type: dict[str, list[dict]] = {}
    for resource in items:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    return by_type


def _partition(resources: list[dict], predicate: Any) -> tuple[list[dict], list[dict]]:
    """Those the predicate holds for (under the guard), then the rest."""
    return (
        [r for r in resources if _safe(predicate, r)],
        [r for r in resources if not _safe(predicate, r)],
    )


COURSE_TYPES = ("Encounter", "EpisodeOfCare", "Procedure", "CarePlan")


def build_record(
    resources: Iterable[dict],
    *,
    patient_id: str,
    reveal_private: bool,
    loaded: Collection[Pane] | None = None,
    new_keys: Collection[str] = (),
    as_of: datetime | None = None,
    from_cache: bool = False,
    offline: bool = False,
) -> Record:
    """The Record for one citizen from every resource fetched for them. Never raises."""
    return map_record(
        resources,
        patient_id=patient_id,
        reveal_private=reveal_private,
        loaded=loaded,
        new_keys=new_keys,
        as_of=as_of,
        from_cache=from_cache,
        offline=offline,
    )[0]


def map_record(
    resources: Iterable[dict],
    *,
    patient_id: str,
    reveal_private: bool,
    loaded: Collection[Pane] | None = None,
    new_keys: Collection[str] = (),
    as_of: datetime | None = None,
    from_cache: bool = False,
    offline: bool = False,
    previous: MappingMemo | None = None,
) -> tuple[Record, MappingMemo]:
    """`build_record`, reusing the panes of `previous` (the same opening's last mapping) that
    nothing changed for (`reuse.py`); with what the next mapping may reuse. Never raises."""
    # Resources were screened as they arrived (`quarantine.screen` in the fetch engine);
    # here every mapper runs under the per-resource guard anyway.
    items, dropped, foreign = split_by_citizen(_dedupe(resources), patient_id, resource_key)
    foreign_gap = foreign_gaps(foreign, is_home, is_imaging)
    if as_of is not None and as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    ctx = _context(items, patient_id, reveal_private, as_of)
    new = frozenset(k for k in new_keys if isinstance(k, str))
    by_type = _group_by_type(items)
    new_by_type = new_keys_by_type(new)

    def of(*types: str) -> list[dict]:
        return [r for t in types for r in by_type.get(t, [])]

    memo = map_panes(
        _pane_makers(of, ctx, loaded, new, foreign_gap, patient_id),
        lambda p: tuple(of(*PANE_TYPES[p])),
        lambda p: pane_context(p, loaded=loaded, new_by_type=new_by_type, foreign_gap=foreign_gap.get(p), now=ctx.now),
        context=(patient_id, reveal_private),
        shared=shared_inputs(items),
        previous=previous,
    )
    values = {p.value: m.value for p, m in memo.panes.items()}
    citizen, values[Pane.BASIC.value] = values[Pane.BASIC.value]
    record = Record(
        citizen=citizen,
        **values,
        as_of=as_of,
        from_cache=from_cache,
        offline=offline,
        dropped=tuple(dropped),
    )
    return record, memo


def _pane_makers(
    of: Callable[..., list[dict]],
    ctx: Ctx,
    loaded: Collection[Pane] | None,
    new: frozenset[str],
    foreign_gap: Mapping[Pane, Gap],
    patient_id: str,
) -> dict[Pane, Callable[[], Any]]:
    """How each pane is mapped, when it has to be (BASIC: the citizen with the relatives)."""

    def pane(pane_id: Pane, coll: Collected, ordered: list[Any] | None = None) -> Any:
        marked_new = () if pane_id is Pane.BASIC else new  # relatives are never "new"
        data = finish(coll, pane_id, loaded=loaded, new_keys=marked_new, ordered=ordered)
        gap = foreign_gap.get(pane_id)  # the search brought entries not about this citizen
        return data if gap is None else replace(data, gaps=(*data.gaps, gap))

    @cache
    def observations() -> tuple[list[dict], list[dict]]:  # home, then labs
        return _partition(of("Observation"), is_home)

    @cache
    def reports() -> tuple[list[dict], list[dict]]:  # imaging, then labs
        return _partition(of("DiagnosticReport"), is_imaging)

    def medication() -> Any:
        found = collect(of("MedicationStatement", "MedicationRequest"), map_medication, ctx)
        return pane(Pane.MEDICATION, found, order_medication(found.items))

    def appointments() -> Any:
        found = collect(of("Appointment"), map_appointment, ctx)
        return pane(Pane.APPOINTMENTS, found, order_appointments(found.items, ctx.now))

    def access_log() -> Any:
        found = collect(of("AuditEvent"), map_audit, ctx)
        return pane(Pane.ACCESS_LOG, found, one_row_per_action(newest_first(found.items)))

    def basic() -> tuple[Citizen, Any]:
        found = collect(of("RelatedPerson"), map_related, ctx)
        citizen, relatives = _citizen(of("Patient"), patient_id, found, ctx)
        return citizen, pane(Pane.BASIC, Collected(relatives, found.unreadable, found.hidden), relatives)

    return {
        Pane.CAVE: lambda: _with_not_asked(pane(Pane.CAVE, collect(of("AllergyIntolerance", "Flag"), map_cave, ctx))),
        Pane.NOTES: lambda: pane(Pane.NOTES, collect(of("DocumentReference"), map_note, ctx)),
        Pane.LABS: lambda: pane(Pane.LABS, collect_labs(observations()[1], reports()[1], ctx)),
        Pane.IMAGING: lambda: pane(Pane.IMAGING, collect(reports()[0], map_imaging, ctx)),
        Pane.MEDICATION: medication,
        Pane.VACCINATIONS: lambda: pane(Pane.VACCINATIONS, collect(of("Immunization"), map_vaccination, ctx)),
        Pane.HOME: lambda: pane(Pane.HOME, collect(observations()[0], map_home, ctx)),
        Pane.APPOINTMENTS: appointments,
        Pane.COURSES: lambda: pane(Pane.COURSES, collect(of(*COURSE_TYPES), course_mapper(of("Condition")), ctx)),
        Pane.ACCESS_LOG: access_log,
        Pane.BASIC: basic,
        Pane.REGISTRATIONS: lambda: pane(Pane.REGISTRATIONS, collect(of("Consent"), map_registration, ctx)),
    }

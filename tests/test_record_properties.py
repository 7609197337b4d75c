"""Property-based tests (hypothesis): the FHIR-to-record mapping never raises on random or
malformed resources, never shows another citizen's data, and keeps the three-state rule (a
pane with a failure or an unreadable entry is never "known empty")."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sjtui.fhir.meter import Meter
from sjtui.record.adapt import RejectedParams
from sjtui.record.bounds import OpeningBounds
from sjtui.record.mapping import build_record
from sjtui.record.mapping.belongs import patient_refs
from sjtui.record.model import ListState, Pane, PaneData, Record
from sjtui.record.searches import Round, Searcher

PANE_TYPES = [
    "AllergyIntolerance",
    "Flag",
    "Observation",
    "DiagnosticReport",
    "DocumentReference",
    "MedicationStatement",
    "MedicationRequest",
    "Immunization",
    "Appointment",
    "Encounter",
    "EpisodeOfCare",
    "AuditEvent",
    "RelatedPerson",
    "Patient",
    "Condition",
    "Organization",
]
FIELDS = [
    "code",
    "status",
    "category",
    "subject",
    "patient",
    "effectiveDateTime",
    "valueQuantity",
    "valueString",
    "interpretation",
    "referenceRange",
    "hasMember",
    "component",
    "clinicalStatus",
    "verificationStatus",
    "criticality",
    "reaction",
    "recordedDate",
    "content",
    "type",
    "date",
    "medicationCodeableConcept",
    "dosage",
    "vaccineCode",
    "occurrenceDateTime",
    "start",
    "end",
    "participant",
    "period",
    "class",
    "entity",
    "agent",
    "recorded",
    "name",
    "birthDate",
    "meta",
    "identifier",
    "telecom",
    "address",
    "result",
    "conclusion",
    "presentedForm",
    "extension",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "2026-13-45",
            "2024-02-29",
            "2025-01-01T10:00:00+01:00",
            "active",
            "final",
            "high",
            "R",
            "laboratory",
            "vital-signs",
            "RAD",
            "\x1b[31m",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from([*FIELDS, "text", "coding", "reference", "display", "value", "unit"]), children, max_size=4
        ),
    ),
    max_leaves=12,
)
citizen_refs = st.sampled_from(
    [
        {"reference": "Patient/p1"},
        {"reference": "Patient/p2"},
        {"reference": "p1"},
        {"display": "x"},
        "Patient/p1",
        None,
    ]
)


@st.composite
def resources(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)  # not even a resource
    resource: dict = {
        "resourceType": draw(st.sampled_from(PANE_TYPES)),
        "id": draw(st.sampled_from(["a", "b", "p1", "p2", "x y", "", None, 7])),
    }
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=6, unique=True)):
        resource[name] = draw(citizen_refs if name in ("subject", "patient") else json_values)
    return resource


def _panes(record: Record) -> list[PaneData]:
    return [getattr(record, p.value) for p in Pane if p is not Pane.OVERVIEW]


def _of_this_citizen(resource: object) -> bool:
    if not isinstance(resource, dict):
        return False
    if resource.get("resourceType") == "Patient":
        return resource.get("id") == "p1"
    return any(r.rstrip("/").endswith("Patient/p1") for r in patient_refs(resource))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(resources(), max_size=12), st.booleans())
def test_mapping_never_raises_and_keeps_the_three_state_rule(items: list, reveal: bool) -> None:
    record = build_record(items, patient_id="p1", reveal_private=reveal)
    shown_ok = {f"{r['resourceType']}/{r['id']}" for r in items if _of_this_citizen(r) and isinstance(r.get("id"), str)}
    for data in _panes(record):
        if data.unreadable or data.gaps or data.error:
            assert data.state is ListState.UNKNOWN and not data.known_empty
        if data.state is ListState.EMPTY:
            assert not data.items and not data.unreadable and not data.hidden
        for item in data.items:
            key = getattr(item, "resource_key", None)
            if key is not None:  # relatives carry no key; every keyed entry is this citizen's
                assert key in shown_ok, key
    if record.cave.state is ListState.EMPTY:
        assert not [c for c in record.cave.items if c.is_cave]


def _searcher() -> Searcher:
    client = SimpleNamespace(meter=Meter())
    return Searcher(client, RejectedParams(), OpeningBounds(), parallel=1)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"resourceType": st.just("Bundle"), "type": st.just("searchset")},
            optional={
                "entry": st.one_of(
                    json_values,
                    st.lists(
                        st.one_of(
                            json_values, st.fixed_dictionaries({"resource": st.one_of(json_values, resources())})
                        ),
                        max_size=5,
                    ),
                ),
                "total": json_values,
            },
        ),
    )
)
def test_a_search_answer_is_either_read_or_a_gap(bundle: object) -> None:
    """Whatever a server puts where a searchset belongs: the search's pane either gets the
    resources, or a gap saying why not; never silently "none"."""
    result = Round()
    _searcher()._take(result, "AllergyIntolerance?patient=p1", Pane.CAVE, bundle, lambda _r: None)
    entries = bundle.get("entry") if isinstance(bundle, dict) else None
    is_searchset = (
        isinstance(bundle, dict)
        and bundle.get("resourceType") == "Bundle"
        and (entries is None or isinstance(entries, list))
    )
    if not is_searchset:
        assert [g.reason for g in result.gaps[Pane.CAVE]] == ["not-searchset"]
        return
    readable = [
        e
        for e in entries or []
        if isinstance(e, dict)
        and isinstance(e.get("resource"), dict)
        and isinstance(e["resource"].get("resourceType"), str)
    ]
    if len(readable) < len(entries or []):
        assert "entries" in [g.reason for g in result.gaps[Pane.CAVE]]
    else:
        assert Pane.CAVE not in result.gaps
    record = build_record(result.resources, patient_id="p1", reveal_private=False)
    cave = record.cave
    if Pane.CAVE in result.gaps:
        from dataclasses import replace

        cave = replace(cave, gaps=tuple(result.gaps[Pane.CAVE]))
        assert cave.state is ListState.UNKNOWN

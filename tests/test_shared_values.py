"""Decoded resources share their equal parts (memory), and nothing a user sees changes."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.cache import RecordCache
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.fhir.shared_values import MAX_SHARED_CHARS, SharedValues
from sjtui.record.mapping import build_record

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)


def poul_resources() -> list[dict]:
    bundle = json.loads((ROOT / "fixtures" / "poul.json").read_text(encoding="utf-8"))
    return [entry["resource"] for entry in bundle["entry"]]


def observation(n: int, value: float) -> dict:
    return {
        "resourceType": "Observation",
        "id": f"o{n}",
        "status": "final",
        "code": {"coding": [{"system": "urn:oid:1.2.208.176.2.1", "code": "NPU03230", "display": "P-Kalium"}]},
        "subject": {"reference": "Patient/p1"},
        "valueQuantity": {"value": value, "unit": "mmol/L"},
    }


def test_equal_parts_become_one_object_and_values_stay_equal() -> None:
    resources = [observation(n, 3.5 + n / 10) for n in range(50)]
    before = copy.deepcopy(resources)
    SharedValues().share(resources)
    assert resources == before
    assert all(r["code"] is resources[0]["code"] for r in resources)
    assert all(r["subject"] is resources[0]["subject"] for r in resources)
    # Parts that differ stay apart; their repeated strings are shared one level down.
    assert resources[1]["valueQuantity"] is not resources[2]["valueQuantity"]
    assert resources[1]["valueQuantity"]["unit"] is resources[2]["valueQuantity"]["unit"]


def test_pages_arriving_later_share_with_earlier_ones() -> None:
    shared = SharedValues()
    first, later = [observation(1, 4.0)], [observation(2, 4.1)]
    shared.share(first)
    shared.share(later)
    assert later[0]["code"] is first[0]["code"]


def test_json_values_that_python_calls_equal_are_kept_apart() -> None:
    """1, 1.0 and true are different JSON: sharing must not turn one into another."""
    resources = [{"resourceType": "X", "id": str(n), "v": [value]} for n, value in enumerate((1, 1.0, True, 1))]
    SharedValues().share(resources)
    assert [type(r["v"][0]) for r in resources] == [int, float, bool, int]
    assert resources[3]["v"] is resources[0]["v"]


def test_large_parts_are_not_remembered_and_clear_forgets_everything() -> None:
    shared = SharedValues()
    big = {"resourceType": "DocumentReference", "id": "d1", "content": [{"data": "x" * (MAX_SHARED_CHARS + 10)}]}
    shared.share([big])
    assert len(shared) == 0
    shared.share([observation(1, 4.0)])
    assert len(shared) > 0
    shared.clear()
    assert len(shared) == 0


def test_hostile_shapes_do_not_break_it() -> None:
    nested: object = "leaf"
    for _ in range(5000):
        nested = [nested]
    odd = [
        {"resourceType": "X", "id": "1", "deep": nested},
        "not a resource",
        None,
        7,
        {"resourceType": "X", "id": "2", "list": [None, "a", {"b": 1}, ["c"]]},
    ]
    before = copy.deepcopy(odd[4])
    SharedValues().share(odd)  # no exception
    assert odd[4] == before


def test_the_record_built_from_shared_resources_is_the_same() -> None:
    resources = poul_resources()
    plain = build_record(copy.deepcopy(resources), patient_id="poul", reveal_private=False, as_of=NOW)
    shared_copy = copy.deepcopy(resources)
    SharedValues().share(shared_copy)
    shared = build_record(shared_copy, patient_id="poul", reveal_private=False, as_of=NOW)
    assert shared == plain


def test_cache_load_hands_resources_to_shape_and_returns_them_unchanged(tmp_path: Path) -> None:
    resources = poul_resources()
    cache = RecordCache(tmp_path / "cache.db", UnlockedKey.ephemeral(), clock=lambda: NOW)
    cache.store("1203541237", "poul", resources, synced_at=NOW)
    seen: list[dict] = []
    calls: list[int] = []
    loaded = cache.load("1203541237", shape=lambda chunk: (calls.append(len(chunk)), seen.extend(chunk)))
    plain = cache.load("1203541237")
    assert loaded is not None and plain is not None
    assert loaded.resources == plain.resources
    assert sorted(id(r) for r in seen) == sorted(id(r) for r in loaded.resources.values())
    assert len(calls) > 10 and max(calls) < len(resources)  # a sealed chunk at a time


async def test_an_opening_shows_the_same_record_and_forgets_its_memo(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    nurse = Clinician(user_id="n1", name="Test", organisation="Testkommune", workstation="ws1")

    async def final_record(no_sharing: bool):
        if no_sharing:
            monkeypatch.setattr(SharedValues, "share", lambda self, resources: None)
        app = create_app(clock=lambda: NOW)
        client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
        services = build_services(
            Settings(), UnlockedKey.ephemeral(), client=client, use_cache=False, deliver_audit=False, clock=lambda: NOW
        )
        service = services.service
        citizen = (await service.find_citizens("1203541237"))[0]
        grant = make_grant(
            patient_id=citizen.patient_id, cpr=citizen.cpr, basis=Basis.CONSENT, reason="Hjemmebesøg", clinician=nurse
        )
        records = [r async for r in service.open(citizen, grant)]
        assert len(service._opening.shared) == 0
        await service.aclose()
        return records[-1]

    shared = await final_record(no_sharing=False)
    plain = await final_record(no_sharing=True)
    assert replace(shared, as_of=None) == replace(plain, as_of=None)
    assert shared.labs.items and shared.notes.items

"""Demo FHIR server: AuditEvent create / conditional create / update-as-create, fault injection."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from sjtui.demo import SimulatedDrop, create_app
from sjtui.demo.sample import sample_bundle

BASE = "http://demo"
KEY_SYSTEM = "urn:ietf:rfc:3986"


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


def audit_event(
    key: str = "urn:uuid:0b8f6c1e-0000-4000-8000-000000000001", when: str = "2025-01-02T10:00:00+01:00"
) -> dict:
    return {
        "resourceType": "AuditEvent",
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
        "action": "R",
        "recorded": when,
        "outcome": "0",
        "agent": [{"who": {"display": "Sygeplejerske B"}, "requestor": True}],
        "source": {"observer": {"display": "sjtui"}},
        "entity": [
            {"what": {"reference": "Patient/poul"}},
            {"what": {"identifier": {"system": KEY_SYSTEM, "value": key}}},
        ],
    }


@pytest.fixture
def app():
    return create_app(bundles=[sample_bundle(n_labs=3)])


async def test_create_assigns_id_and_is_visible_by_read_and_search(app) -> None:
    async with client_for(app) as c:
        r = await c.post("/AuditEvent", json=audit_event())
        assert r.status_code == 201
        created = r.json()
        rid = created["id"]
        assert created["meta"]["versionId"] == "1" and created["meta"]["lastUpdated"]
        assert r.headers["location"] == f"{BASE}/AuditEvent/{rid}/_history/1"
        assert r.headers["etag"] == 'W/"1"'
        assert (await c.get(f"/AuditEvent/{rid}")).json()["recorded"] == "2025-01-02T10:00:00+01:00"
        found = (await c.get("/AuditEvent", params={"patient": "poul", "_sort": "-date"})).json()
        assert [e["resource"]["id"] for e in found["entry"]] == [rid, "audit-old-1"]
        assert (await c.get("/AuditEvent", params={"entity": "Patient/poul", "date": "ge2025"})).json()["total"] == 1


async def test_return_minimal_gives_empty_body(app) -> None:
    async with client_for(app) as c:
        r = await c.post("/AuditEvent", json=audit_event(), headers={"Prefer": "return=minimal"})
    assert r.status_code == 201 and r.content == b""
    assert r.headers["location"].startswith(f"{BASE}/AuditEvent/")


async def test_conditional_create_stores_once(app) -> None:
    key = "urn:uuid:0b8f6c1e-0000-4000-8000-00000000abcd"
    headers = {"If-None-Exist": f"identifier={KEY_SYSTEM}|{key}"}
    async with client_for(app) as c:
        first = await c.post("/AuditEvent", json=audit_event(key), headers=headers)
        second = await c.post("/AuditEvent", json=audit_event(key), headers=headers)
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.json()["id"] == second.json()["id"]
        other = await c.post(
            "/AuditEvent",
            json=audit_event("urn:uuid:other"),
            headers={"If-None-Exist": f"identifier={KEY_SYSTEM}|urn:uuid:other"},
        )
        assert other.status_code == 201
        assert (await c.get("/AuditEvent", params={"_summary": "count"})).json()["total"] == 3


async def test_put_is_update_as_create_and_idempotent(app) -> None:
    event = {**audit_event(), "id": "evt-42"}
    async with client_for(app) as c:
        first = await c.put("/AuditEvent/evt-42", json=event)
        again = await c.put("/AuditEvent/evt-42", json=event)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["meta"]["versionId"] == "1"  # a repeat is not a new version
        changed = await c.put("/AuditEvent/evt-42", json={**event, "outcome": "4"})
        assert changed.status_code == 200 and changed.json()["meta"]["versionId"] == "2"
        assert (await c.get("/AuditEvent", params={"_id": "evt-42"})).json()["total"] == 1
        mismatch = await c.put("/AuditEvent/evt-43", json=event)
        assert mismatch.status_code == 400


async def test_writes_are_validated_and_limited(app) -> None:
    async with client_for(app) as c:
        assert (await c.post("/Patient", json={"resourceType": "Patient"})).status_code == 405
        assert (await c.put("/Observation/x", json={"resourceType": "Observation", "id": "x"})).status_code == 405
        assert (await c.delete("/AuditEvent/audit-old-1")).status_code == 405
        wrong = await c.post("/AuditEvent", json={"resourceType": "Patient"})
        assert wrong.status_code == 400 and wrong.json()["resourceType"] == "OperationOutcome"
        assert (await c.post("/AuditEvent", json=[1, 2])).status_code == 400
        assert (await c.post("/AuditEvent", content=b"not json")).status_code == 400
        big = {**audit_event(), "outcomeDesc": "x" * 1_100_000}
        too_big = await c.post("/AuditEvent", json=big)
        assert too_big.status_code == 413
        assert (await c.get("/AuditEvent", params={"_summary": "count"})).json()["total"] == 1


async def test_fail_next_answers_with_status_and_retry_after(app) -> None:
    app.state.faults.fail_next(2, status=503, retry_after=1)
    async with client_for(app) as c:
        r1 = await c.get("/Patient/poul")
        r2 = await c.get("/metadata")
        r3 = await c.get("/Patient/poul")
    assert (r1.status_code, r2.status_code, r3.status_code) == (503, 503, 200)
    assert r1.headers["retry-after"] == "1"
    assert r1.json()["resourceType"] == "OperationOutcome"
    assert app.state.faults.pending == 0


async def test_fail_next_can_target_a_method_and_leaves_the_store_alone(app) -> None:
    app.state.faults.fail_next(1, status=429, retry_after=None, method="POST")
    async with client_for(app) as c:
        assert (await c.get("/Patient/poul")).status_code == 200
        r = await c.post("/AuditEvent", json=audit_event())
        assert r.status_code == 429 and "retry-after" not in r.headers
        assert (await c.get("/AuditEvent", params={"_summary": "count"})).json()["total"] == 1


async def test_drop_after_handling_stores_but_the_client_sees_a_dropped_connection(app) -> None:
    app.state.faults.drop_after_handling_next(1, method="POST")
    async with client_for(app) as c:
        with pytest.raises(httpx.RemoteProtocolError) as info:
            await c.post("/AuditEvent", json=audit_event())
        assert isinstance(info.value, SimulatedDrop)
        assert isinstance(info.value, httpx.TransportError)
        # ...yet the event was stored: a retry must be idempotent (PUT or If-None-Exist)
        assert (await c.get("/AuditEvent", params={"_summary": "count"})).json()["total"] == 2
    assert app.state.request_log[0].dropped


async def test_delay_next_slows_a_request(app) -> None:
    app.state.faults.delay_next(1, 0.3)
    async with client_for(app) as c:
        with pytest.raises(httpx.ReadTimeout):
            # ASGITransport ignores timeouts, so bound the call ourselves like a client would.
            try:
                await asyncio.wait_for(c.get("/Patient/poul"), timeout=0.1)
            except TimeoutError:
                raise httpx.ReadTimeout("timed out") from None
        began = time.perf_counter()
        assert (await c.get("/Patient/poul")).status_code == 200
        assert time.perf_counter() - began < 0.25


async def test_batch_can_carry_audit_event_writes(app) -> None:
    key = "urn:uuid:0b8f6c1e-0000-4000-8000-0000000000bb"
    entry = {
        "resource": audit_event(key),
        "request": {"method": "POST", "url": "AuditEvent", "ifNoneExist": f"identifier={KEY_SYSTEM}|{key}"},
    }
    batch = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            entry,
            entry,
            {"resource": {"resourceType": "Patient"}, "request": {"method": "POST", "url": "Patient"}},
        ],
    }
    async with client_for(app) as c:
        out = (await c.post("/", json=batch)).json()
        assert [e["response"]["status"] for e in out["entry"]] == ["201 Created", "200 OK", "405 Method Not Allowed"]
        assert out["entry"][0]["response"]["location"].startswith(f"{BASE}/AuditEvent/")
        assert (await c.get("/AuditEvent", params={"_summary": "count"})).json()["total"] == 2


async def test_conditional_create_on_meta_tag(app) -> None:
    tag = {"system": "urn:sjtui:audit-entry", "code": "urn:uuid:0b8f6c1e-0000-4000-8000-0000000000cc"}
    event = {**audit_event(), "meta": {"tag": [tag]}}
    headers = {"If-None-Exist": f"_tag={tag['system']}|{tag['code']}"}
    async with client_for(app) as c:
        first = await c.post("/AuditEvent", json=event, headers=headers)
        second = await c.post("/AuditEvent", json=event, headers=headers)
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.json()["meta"]["tag"] == [tag]
        assert (await c.get("/AuditEvent", params={"_tag": f"{tag['system']}|{tag['code']}"})).json()["total"] == 1
